// A name as a document or a request gives it: one text (`"Cleaning"`, `"保洁"`), or the name in each language
// (`{zh: "保洁", en: "Cleaning"}`, at least one). Stored as two fields: `name`, one text (the Chinese when given,
// else the English: its users read Chinese first, and code that knows one language keeps working), and
// `names`, both languages, only when the name was given per language.

import { problemMessage, ProblemCode, ProblemParams } from './problem-codes';

/** A name in Chinese and English (either may be missing, not both). */
export interface LocalNames {
  zh?: string;
  en?: string;
}

export type LocalName = string | LocalNames;

/** The longest name, in characters (the `name` columns are varchar(200)). */
export const NAME_MAX_LENGTH = 200;

const NAME_LANGS = ['zh', 'en'] as const;

/** The one text of a name: itself, or its Chinese, else its English. */
export function nameText(name: LocalName | null | undefined): string {
  if (typeof name === 'string') return name;
  return name?.zh ?? name?.en ?? '';
}

/** The languages of a name given per language (only the given ones); null for a plain text. */
export function nameLangs(name: LocalName | null | undefined): LocalNames | null {
  if (name === null || name === undefined || typeof name === 'string') return null;
  const out: LocalNames = {};
  for (const l of NAME_LANGS) if (typeof name[l] === 'string') out[l] = name[l];
  return out;
}

/** What is stored of a name: `{name, names}`. */
export function storedName(name: LocalName): { name: string; names: LocalNames | null } {
  return { name: nameText(name), names: nameLangs(name) };
}

/** The name in `lang` when it was given in it, else the one text. */
export function nameIn(name: LocalName | null | undefined, lang: 'zh' | 'en'): string {
  if (typeof name === 'string') return name;
  return name?.[lang] ?? nameText(name);
}

/**
 * Why `v` is not a name (a non-empty text of at most NAME_MAX_LENGTH characters, or `{zh, en}` with at least one
 * of them such a text and no other key), or null when it is one.
 */
export function nameProblem(v: unknown): string | null {
  const issue = nameIssue(v);
  return issue && problemMessage(issue.code, issue.params);
}

/** `nameProblem` as a stable code and the values it quotes (./problem-codes.ts). */
export function nameIssue(v: unknown): { code: ProblemCode; params: ProblemParams } | null {
  const text = (x: unknown) => typeof x === 'string' && x.trim() !== '' && [...x].length <= NAME_MAX_LENGTH;
  if (typeof v === 'string') {
    return text(v) ? null : { code: 'NAME_TEXT', params: { max: NAME_MAX_LENGTH } };
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return { code: 'NAME_SHAPE', params: {} };
  const keys = Object.keys(v);
  const other = keys.filter((k) => !(NAME_LANGS as readonly string[]).includes(k));
  if (other.length) return { code: 'NAME_KEYS', params: { keys: other.join(', ') } };
  if (!keys.length) return { code: 'NAME_EMPTY', params: {} };
  for (const k of keys) {
    if (!text((v as Record<string, unknown>)[k]))
      return { code: 'NAME_LANG_TEXT', params: { lang: k, max: NAME_MAX_LENGTH } };
  }
  return null;
}

/**
 * Something named, as the API shows it: `name` one text and, when the name was given per language, `names` the
 * languages (a name given as one text is left as it is, without `names`).
 */
export function namedView<T extends { name?: LocalName }>(
  x: T,
): Omit<T, 'name'> & { name: string; names?: LocalNames } {
  const names = nameLangs(x.name);
  return names ? { ...x, name: nameText(x.name), names } : { ...x, name: nameText(x.name) };
}

/**
 * The other way: a body that sends back what the API showed (`name` a text, `names` the languages) names it
 * per language, as the format writes it (`name: {zh, en}`); `names` null or absent leaves `name` as it is.
 */
export function namedInput<T extends object>(x: T): T {
  const { names, ...rest } = x as T & { names?: unknown };
  if (names === undefined) return x;
  if (names === null || typeof names !== 'object' || Array.isArray(names)) return rest as T;
  return { ...rest, name: names } as T;
}

// The languages the product speaks. Explanations, names and messages are rendered in the reader's language;
// English is the default of the API (its texts are the ones the format's examples use).
export type Lang = 'zh' | 'en';

export const LANGUAGES: readonly Lang[] = ['zh', 'en'];
export const DEFAULT_LANG: Lang = 'en';

export function isLang(x: unknown): x is Lang {
  return x === 'zh' || x === 'en';
}

// The check of a campaign's content (its questions, targets and outputs) before it is stored: question codes
// unique, scales 5 or 10, texts in Chinese and/or English, targets that exist as departments or staff, output
// inputs that exist in the dictionary at the targets' level (a staff target's observations are a person's, a
// department target's a department's: measurements refuse the other way round, and closing must not fail on
// it weeks later). Every problem names its field and says it in Chinese and in English, all of them at once.
import { EntityManager, In } from 'typeorm';
import { Department, InputDefinition, LocalNames, Staff, SurveyContent } from '@app/persistence';
import { CODE_RE, InvalidError, quoteValue } from '../model';

/** At most this many questions, targets, characters of a question's text or a label. */
export const SURVEY_LIMITS = { questions: 30, targets: 300, text: 500, label: 200 } as const;

/** The content's refusal: every problem, `field: 中文 / English`, joined by "; " (400 SURVEY_INVALID). */
export class SurveyInvalidError extends InvalidError {
  static override readonly defaultCode = 'SURVEY_INVALID';

  constructor(readonly problems: string[]) {
    super(`${problems.join('; ')}; nothing was stored`);
  }
}

/** What the content may name: the departments and staff it targets, the dictionary's inputs with their level. */
export interface SurveyDictionary {
  departments: ReadonlySet<string>;
  staff: ReadonlySet<string>;
  inputs: ReadonlyMap<string, 'staff' | 'department'>;
}

/** A problem in both languages, naming its field. */
export const surveyProblem = (field: string, zh: string, en: string): string => `${field}: ${zh} / ${en}`;

const OUTPUTS = ['answers', 'satisfied', 'mean'] as const;
const CONTENT_KEYS = new Set(['questions', 'comment', 'targets', 'outputs', 'satisfiedAtLeast']);
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A `{zh, en}` text: at least one of them, non-empty, at most `max` characters; null and a problem otherwise. */
function localText(
  v: unknown,
  field: string,
  max: number,
  problems: string[],
  required: boolean,
): LocalNames | null {
  if (v === undefined && !required) return null;
  if (!isObject(v)) {
    problems.push(
      surveyProblem(field, '须为 {zh, en}（中文和/或英文）', 'must be {zh, en} (Chinese and/or English)'),
    );
    return null;
  }
  const out: LocalNames = {};
  for (const k of Object.keys(v)) {
    if (k !== 'zh' && k !== 'en') {
      problems.push(surveyProblem(`${field}.${k}`, '只可有 zh 和 en', 'only zh and en are accepted'));
      continue;
    }
    const t = v[k];
    if (typeof t !== 'string' || !t.trim() || [...t].length > max)
      problems.push(
        surveyProblem(
          `${field}.${k}`,
          `须为不超过 ${max} 字的非空文本`,
          `must be a non-empty text of at most ${max} characters`,
        ),
      );
    else out[k] = t.trim();
  }
  if (!out.zh && !out.en && !problems.some((p) => p.startsWith(`${field}.`)))
    problems.push(surveyProblem(field, '须有中文或英文', 'needs zh or en'));
  return out;
}

/**
 * Checks a campaign's content against what exists (nothing is read here: `known` holds it).
 * @param field how the content is called in problems (`content`)
 * @returns the content as stored (texts trimmed, `comment` false when absent)
 * @throws SurveyInvalidError naming every problem
 */
export function checkSurveyContent(raw: unknown, known: SurveyDictionary, field = 'content'): SurveyContent {
  const problems: string[] = [];
  if (!isObject(raw))
    throw new SurveyInvalidError([
      surveyProblem(field, '须为对象', `must be an object, got ${quoteValue(raw)}`),
    ]);
  for (const k of Object.keys(raw))
    if (!CONTENT_KEYS.has(k)) problems.push(surveyProblem(`${field}.${k}`, '未知字段', 'unknown field'));

  // Questions.
  const questions: SurveyContent['questions'] = [];
  if (!Array.isArray(raw.questions) || raw.questions.length === 0)
    problems.push(
      surveyProblem(`${field}.questions`, '须为非空列表', 'must be a non-empty list of questions'),
    );
  else if (raw.questions.length > SURVEY_LIMITS.questions)
    problems.push(
      surveyProblem(
        `${field}.questions`,
        `最多 ${SURVEY_LIMITS.questions} 题`,
        `at most ${SURVEY_LIMITS.questions} questions, got ${raw.questions.length}`,
      ),
    );
  else {
    const seen = new Set<string>();
    raw.questions.forEach((q: unknown, i) => {
      const at = `${field}.questions[${i}]`;
      if (!isObject(q)) return problems.push(surveyProblem(at, '须为对象', 'must be an object'));
      for (const k of Object.keys(q))
        if (!['code', 'text', 'scale'].includes(k))
          problems.push(surveyProblem(`${at}.${k}`, '未知字段', 'unknown field'));
      const code = q.code;
      if (typeof code !== 'string' || !CODE_RE.test(code))
        problems.push(
          surveyProblem(
            `${at}.code`,
            '须为代码（字母或数字开头，仅含字母、数字、点、横线、下划线）',
            `must be a code (a letter or digit, then letters, digits, dots, dashes or underscores), got ${quoteValue(code)}`,
          ),
        );
      else if (seen.has(code))
        problems.push(
          surveyProblem(`${at}.code`, `问题代码 "${code}" 重复`, `duplicate question code "${code}"`),
        );
      else seen.add(code);
      if (q.scale !== 5 && q.scale !== 10)
        problems.push(
          surveyProblem(`${at}.scale`, '须为 5 或 10（分制）', `must be 5 or 10, got ${quoteValue(q.scale)}`),
        );
      const text = localText(q.text, `${at}.text`, SURVEY_LIMITS.text, problems, true);
      if (typeof code === 'string' && text && (q.scale === 5 || q.scale === 10))
        questions.push({ code, text, scale: q.scale });
    });
  }

  if (raw.comment !== undefined && typeof raw.comment !== 'boolean')
    problems.push(surveyProblem(`${field}.comment`, '须为 true 或 false', 'must be true or false'));

  // Targets (测评对象): answers are keyed by a target's code, so codes are unique across both kinds.
  const targets: SurveyContent['targets'] = [];
  if (!Array.isArray(raw.targets) || raw.targets.length === 0)
    problems.push(
      surveyProblem(`${field}.targets`, '须为非空列表（测评对象）', 'must be a non-empty list of targets'),
    );
  else if (raw.targets.length > SURVEY_LIMITS.targets)
    problems.push(
      surveyProblem(
        `${field}.targets`,
        `最多 ${SURVEY_LIMITS.targets} 个测评对象`,
        `at most ${SURVEY_LIMITS.targets} targets, got ${raw.targets.length}`,
      ),
    );
  else {
    const seen = new Set<string>();
    raw.targets.forEach((t: unknown, i) => {
      const at = `${field}.targets[${i}]`;
      if (!isObject(t)) return problems.push(surveyProblem(at, '须为对象', 'must be an object'));
      for (const k of Object.keys(t))
        if (!['kind', 'code', 'label'].includes(k))
          problems.push(surveyProblem(`${at}.${k}`, '未知字段', 'unknown field'));
      const kind = t.kind;
      if (kind !== 'department' && kind !== 'staff')
        problems.push(
          surveyProblem(
            `${at}.kind`,
            '须为 department（科室/班组）或 staff（人员）',
            `must be department or staff, got ${quoteValue(kind)}`,
          ),
        );
      const code = t.code;
      if (typeof code !== 'string' || !CODE_RE.test(code))
        problems.push(surveyProblem(`${at}.code`, '须为代码', `must be a code, got ${quoteValue(code)}`));
      else if (seen.has(code))
        problems.push(surveyProblem(`${at}.code`, `测评对象 "${code}" 重复`, `duplicate target "${code}"`));
      else {
        seen.add(code);
        if (kind === 'department' && !known.departments.has(code))
          problems.push(
            surveyProblem(`${at}.code`, `科室 "${code}" 不存在`, `department "${code}" does not exist`),
          );
        if (kind === 'staff' && !known.staff.has(code))
          problems.push(
            surveyProblem(`${at}.code`, `人员 "${code}" 不存在`, `staff "${code}" does not exist`),
          );
      }
      const label = localText(t.label, `${at}.label`, SURVEY_LIMITS.label, problems, false);
      if ((kind === 'department' || kind === 'staff') && typeof code === 'string')
        targets.push({ kind, code, ...(label ? { label } : {}) });
    });
  }

  // Outputs: the inputs closing writes, at the level of the targets it writes them for.
  const outputs: SurveyContent['outputs'] = {};
  if (!isObject(raw.outputs))
    problems.push(
      surveyProblem(
        `${field}.outputs`,
        '须为对象 {answers?, satisfied?, mean?}（输入项代码）',
        'must be an object {answers?, satisfied?, mean?} of input codes',
      ),
    );
  else {
    const kinds = new Set(targets.map((t) => t.kind));
    for (const k of Object.keys(raw.outputs))
      if (!(OUTPUTS as readonly string[]).includes(k))
        problems.push(surveyProblem(`${field}.outputs.${k}`, '未知字段', 'unknown field'));
    for (const k of OUTPUTS) {
      const code = raw.outputs[k];
      if (code === undefined || code === null) continue;
      const at = `${field}.outputs.${k}`;
      const level = typeof code === 'string' ? known.inputs.get(code) : undefined;
      if (typeof code !== 'string' || !level) {
        problems.push(
          surveyProblem(
            at,
            `输入项 ${quoteValue(code)} 不在输入字典中`,
            `${quoteValue(code)} is not in the input dictionary`,
          ),
        );
        continue;
      }
      for (const kind of kinds)
        if (kind !== level)
          problems.push(
            kind === 'staff'
              ? surveyProblem(
                  at,
                  `"${code}" 是科室级输入项，人员测评对象须用人员级输入项`,
                  `"${code}" is a department-level input: staff targets need a staff-level input`,
                )
              : surveyProblem(
                  at,
                  `"${code}" 是人员级输入项，科室测评对象须用科室级输入项`,
                  `"${code}" is a staff-level input: department targets need a department-level input`,
                ),
          );
      outputs[k] = code;
    }
    if (!OUTPUTS.some((k) => typeof raw.outputs === 'object' && (raw.outputs as Record<string, unknown>)[k]))
      problems.push(
        surveyProblem(
          `${field}.outputs`,
          '至少填写一个（answers、satisfied 或 mean）',
          'name at least one of answers, satisfied or mean',
        ),
      );
  }

  const at = raw.satisfiedAtLeast;
  if (at !== undefined && (typeof at !== 'number' || !Number.isFinite(at) || at < 1 || at > 5))
    problems.push(
      surveyProblem(
        `${field}.satisfiedAtLeast`,
        '须为 1 到 5 之间的数（5分制）',
        `must be a number from 1 to 5 (on the 1–5 scale), got ${quoteValue(at)}`,
      ),
    );

  if (problems.length) throw new SurveyInvalidError(problems);
  return {
    questions,
    comment: raw.comment === true,
    targets,
    outputs,
    ...(at !== undefined ? { satisfiedAtLeast: at as number } : {}),
  };
}

/** The departments, staff and inputs a content names, read for checkSurveyContent. */
export async function surveyDictionary(em: EntityManager, raw: unknown): Promise<SurveyDictionary> {
  const targets = isObject(raw) && Array.isArray(raw.targets) ? (raw.targets as unknown[]) : [];
  const codes = (kind: string) => [
    ...new Set(
      targets
        .filter((t): t is Record<string, unknown> => isObject(t) && t.kind === kind)
        .map((t) => t.code)
        .filter((c): c is string => typeof c === 'string')
        .slice(0, SURVEY_LIMITS.targets),
    ),
  ];
  const deptCodes = codes('department');
  const staffCodes = codes('staff');
  const departments = deptCodes.length
    ? await em.find(Department, { select: { code: true }, where: { code: In(deptCodes) } })
    : [];
  const staff = staffCodes.length
    ? await em.find(Staff, { select: { code: true }, where: { code: In(staffCodes) } })
    : [];
  const inputs = await em.find(InputDefinition, { select: { code: true, level: true } });
  return {
    departments: new Set(departments.map((d) => d.code)),
    staff: new Set(staff.map((s) => s.code)),
    inputs: new Map(inputs.map((i) => [i.code, i.level])),
  };
}

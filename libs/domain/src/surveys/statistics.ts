// A survey campaign's statistics (满意度测评统计表): per target (测评对象), how many responses (答卷) rated it, the
// mean of each question, the mean on the 1–5 scale's terms, how many responses were satisfied and the satisfaction
// rate (满意率). Pure: the same answers always give the same table, which HR reads while the campaign runs, which
// closing turns into observations, and whose CSV becomes the closing batch's evidence — so the three never differ.
//
// The rules (docs/SURVEYS.md works one example through):
// - a score s of a 1–10 question counts as s/2 on the 1–5 terms (a 1–5 question's counts as itself);
// - a response rated a target when it gave at least one score for it; its mean for the target is the mean, on
//   1–5 terms, of the scores it gave for it (questions left out do not count as zero);
// - the target's mean is the mean of its responses' means (every response weighs the same, however many
//   questions it answered); a question's mean is the mean of the scores given to it, on its own scale;
// - a response is satisfied with the target when its mean is at least `satisfiedAtLeast` (default 4 of 5);
// - the satisfaction rate is satisfied / responses, as a percentage (null without responses).
import type { LocalNames, SurveyContent } from '@app/persistence';
import { csvField } from '../model';

/** A response is satisfied with a target at this mean (1–5 terms) unless the campaign says otherwise. */
export const DEFAULT_SATISFIED_AT_LEAST = 4;

/** One response's scores: by target code, then question code. */
export type SurveyAnswers = Record<string, Record<string, number>>;

export interface TargetStatistics {
  kind: 'department' | 'staff';
  code: string;
  label: LocalNames | null;
  /** Responses that rated the target (gave at least one score for it). */
  responses: number;
  /** Per question code: the mean of the scores given (on the question's own scale), null when none was. */
  questionMeans: Record<string, number | null>;
  /** Per question code: how many scores were given. */
  questionAnswers: Record<string, number>;
  /** The mean of the responses' means, on 1–5 terms; null without responses. */
  mean: number | null;
  /** Responses whose mean for the target is at least `satisfiedAtLeast`. */
  satisfied: number;
  /** satisfied / responses × 100; null without responses. */
  satisfactionRate: number | null;
}

export interface SurveyStatistics {
  /** Responses received (whatever they rated). */
  responses: number;
  satisfiedAtLeast: number;
  targets: TargetStatistics[];
}

/** A score on the 1–5 scale's terms. */
export function onFivePointTerms(score: number, scale: 5 | 10): number {
  return scale === 10 ? score / 2 : score;
}

/**
 * Whether the scores (on 1–5 terms) have a mean of at least `threshold`: sum ≥ threshold × n, compared without a
 * division, so a mean of exactly 4 is 4 (scores are whole or halves; the threshold a short decimal).
 */
function meanAtLeast(scores: readonly number[], threshold: number): boolean {
  const sum = scores.reduce((s, x) => s + x, 0);
  return sum >= threshold * scores.length;
}

const mean = (xs: readonly number[]): number | null =>
  xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : null;

/**
 * The statistics of a campaign's responses (see the file's header). Scores for a target or a question the
 * content no longer has are ignored (the answer check refuses them; this keeps the function total).
 */
export function surveyStatistics(
  content: SurveyContent,
  responses: readonly { answers: SurveyAnswers }[],
): SurveyStatistics {
  const threshold = content.satisfiedAtLeast ?? DEFAULT_SATISFIED_AT_LEAST;
  const targets = content.targets.map((t): TargetStatistics => {
    const byQuestion = new Map<string, number[]>(content.questions.map((q) => [q.code, []]));
    const responseMeans: number[] = [];
    let satisfied = 0;
    for (const r of responses) {
      const given = r.answers?.[t.code];
      if (!given) continue;
      const terms: number[] = [];
      for (const q of content.questions) {
        const s = given[q.code];
        if (typeof s !== 'number' || !Number.isFinite(s)) continue;
        byQuestion.get(q.code)!.push(s);
        terms.push(onFivePointTerms(s, q.scale));
      }
      if (!terms.length) continue;
      responseMeans.push(mean(terms)!);
      if (meanAtLeast(terms, threshold)) satisfied += 1;
    }
    const n = responseMeans.length;
    return {
      kind: t.kind,
      code: t.code,
      label: t.label ?? null,
      responses: n,
      questionMeans: Object.fromEntries([...byQuestion].map(([code, xs]) => [code, mean(xs)])),
      questionAnswers: Object.fromEntries([...byQuestion].map(([code, xs]) => [code, xs.length])),
      mean: mean(responseMeans),
      satisfied,
      satisfactionRate: n ? (satisfied / n) * 100 : null,
    };
  });
  return { responses: responses.length, satisfiedAtLeast: threshold, targets };
}

/** A statistic as the table writes it: two decimals, empty when there is none. */
const fixed = (x: number | null): string => (x === null ? '' : x.toFixed(2));

/**
 * The statistics table as CSV (UTF-8 with a byte order mark, so a spreadsheet opens the Chinese right), headers in
 * Chinese and English: one line per target, a question's mean per question column.
 */
export function statisticsCsv(content: SurveyContent, stats: SurveyStatistics): string {
  const header = [
    '测评对象 Target',
    '类型 Kind',
    '名称 Label',
    '答卷数 Responses',
    ...content.questions.map((q) => `${q.code} 均分 mean (1–${q.scale})`),
    '平均分(5分制) Mean (1–5)',
    `满意答卷(≥${stats.satisfiedAtLeast}) Satisfied`,
    '满意率% Satisfaction rate %',
  ];
  const lines = stats.targets.map((t) =>
    [
      t.code,
      t.kind === 'staff' ? '人员 staff' : '科室 department',
      t.label?.zh ?? t.label?.en ?? '',
      String(t.responses),
      ...content.questions.map((q) => fixed(t.questionMeans[q.code] ?? null)),
      fixed(t.mean),
      String(t.satisfied),
      fixed(t.satisfactionRate),
    ]
      .map((v) => csvField(v))
      .join(','),
  );
  return `\ufeff${[header.map((h) => csvField(h)).join(','), ...lines].join('\r\n')}\r\n`;
}

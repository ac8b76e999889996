// The summary of an opinion round for HR, pure: per set of the round, how many answered of how many could, and —
// only when the set has at least the minimum number of answers — per indicator the ratings' count, mean, 1–5
// distribution and the share judging it unfair (a rating of 1 or 2), its comments, and the set's suggestions.
// Texts are sorted by their text, never listed in the order they came in (that order would follow the
// participants'). A set with fewer answers shows its counts only: with two answers, a mean names people.
import type { LocalNames, OpinionQuestions } from '@app/persistence';
import { csvField } from '../model';

/** An indicator judged unfair (rated 1 or 2) by at least this share (%) of its ratings is flagged. */
export const UNFAIR_FLAG_PERCENT = 30;

/** What the summary reads of an answer: never who gave it. */
export interface AnswerData {
  setCode: string;
  ratings: Record<string, number>;
  comments: Record<string, string>;
  suggestion: string | null;
}

export interface IndicatorSummary {
  code: string;
  name: LocalNames;
  /** How many answers rated it. */
  ratings: number;
  /** The mean rating, 2 decimals; null when nobody rated it. */
  mean: number | null;
  /** How many rated it 1, 2, 3, 4 and 5. */
  distribution: [number, number, number, number, number];
  /** The share (%) of its ratings that are 1 or 2, 1 decimal; null when nobody rated it. */
  unfairPercent: number | null;
  /** unfairPercent ≥ UNFAIR_FLAG_PERCENT. */
  flagged: boolean;
  /** The comments on it, sorted by text. */
  comments: string[];
}

export interface SetSummary {
  set: string;
  name: LocalNames;
  answers: number;
  /** Staff with a result of this set in the round's month. */
  eligible: number;
  /** answers / eligible × 100, 1 decimal; null when nobody is eligible. */
  responseRate: number | null;
  /** False when the set has fewer answers than the minimum: counts only, `indicators` and `suggestions` empty. */
  shown: boolean;
  indicators: IndicatorSummary[];
  /** The suggestions, sorted by text. */
  suggestions: string[];
}

export interface OpinionSummary {
  minAnswers: number;
  unfairFlagPercent: number;
  answers: number;
  eligible: number;
  sets: SetSummary[];
}

const round = (x: number, digits: number) => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};
const percent = (part: number, whole: number): number | null =>
  whole ? round((part / whole) * 100, 1) : null;
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The summary of a round's answers.
 * @param eligible staff with a result in the round's month, by set code
 * @param minAnswers a set with fewer answers shows its counts only
 */
export function opinionSummary(
  questions: OpinionQuestions,
  answers: readonly AnswerData[],
  eligible: ReadonlyMap<string, number>,
  minAnswers: number,
): OpinionSummary {
  const sets = questions.sets.map((q): SetSummary => {
    const mine = answers.filter((a) => a.setCode === q.set);
    const n = mine.length;
    const total = eligible.get(q.set) ?? 0;
    const shown = n >= minAnswers;
    const indicators = shown
      ? q.indicators.map((i): IndicatorSummary => {
          const ratings = mine.map((a) => a.ratings[i.code]).filter((r) => typeof r === 'number');
          const distribution = [1, 2, 3, 4, 5].map((v) => ratings.filter((r) => r === v).length) as [
            number,
            number,
            number,
            number,
            number,
          ];
          const unfairPercent = percent(distribution[0] + distribution[1], ratings.length);
          return {
            code: i.code,
            name: i.name,
            ratings: ratings.length,
            mean: ratings.length ? round(ratings.reduce((s, r) => s + r, 0) / ratings.length, 2) : null,
            distribution,
            unfairPercent,
            flagged: unfairPercent !== null && unfairPercent >= UNFAIR_FLAG_PERCENT,
            comments: mine
              .map((a) => a.comments[i.code])
              .filter((c): c is string => typeof c === 'string' && c.length > 0)
              .sort(byText),
          };
        })
      : [];
    return {
      set: q.set,
      name: q.name,
      answers: n,
      eligible: total,
      responseRate: percent(n, total),
      shown,
      indicators,
      suggestions: shown
        ? mine
            .map((a) => a.suggestion)
            .filter((s): s is string => typeof s === 'string' && s.length > 0)
            .sort(byText)
        : [],
    };
  });
  return {
    minAnswers,
    unfairFlagPercent: UNFAIR_FLAG_PERCENT,
    answers: sets.reduce((s, x) => s + x.answers, 0),
    eligible: sets.reduce((s, x) => s + x.eligible, 0),
    sets,
  };
}

const fixed = (x: number | null, digits: number) => (x === null ? null : x.toFixed(digits));
const zhEn = (n: LocalNames) => [n.zh, n.en].filter((x) => x).join(' / ');

/**
 * The summary as one CSV table (UTF-8 with a BOM, for Excel): a row per indicator of a shown set, a row per
 * comment under it and per suggestion of the set (in the text column), and one row of counts for a set shown as
 * counts only.
 */
export function summaryCsv(summary: OpinionSummary): string {
  const header = [
    '考核组 Set',
    '考核组名称 Set name',
    '答卷数 Answers',
    '应答人数 Eligible',
    '回复率% Response rate %',
    '指标 Indicator',
    '指标名称 Indicator name',
    '评分数 Ratings',
    '均分 Mean',
    '1分 Rated 1',
    '2分 Rated 2',
    '3分 Rated 3',
    '4分 Rated 4',
    '5分 Rated 5',
    '认为不公平% Unfair % (1–2)',
    `标记(≥${UNFAIR_FLAG_PERCENT}%) Flagged`,
    '意见/建议 Comment or suggestion',
  ];
  const lines: (string | null)[][] = [];
  for (const s of summary.sets) {
    const head = [s.set, zhEn(s.name), String(s.answers), String(s.eligible), fixed(s.responseRate, 1)];
    if (!s.shown) {
      lines.push([
        ...head,
        ...Array<null>(11).fill(null),
        `答卷少于 ${summary.minAnswers} 份，仅显示人数 / fewer than ${summary.minAnswers} answers: counts only`,
      ]);
      continue;
    }
    for (const i of s.indicators) {
      lines.push([
        ...head,
        i.code,
        zhEn(i.name),
        String(i.ratings),
        fixed(i.mean, 2),
        ...i.distribution.map(String),
        fixed(i.unfairPercent, 1),
        i.flagged ? '是 yes' : '',
        null,
      ]);
      for (const c of i.comments)
        lines.push([...head, i.code, zhEn(i.name), ...Array<null>(9).fill(null), c]);
    }
    for (const x of s.suggestions)
      lines.push([...head, null, '建议 Suggestion', ...Array<null>(9).fill(null), x]);
  }
  const row = (cells: (string | null)[]) => cells.map((c) => csvField(c)).join(',');
  return `\ufeff${[row(header), ...lines.map(row)].join('\r\n')}\r\n`;
}

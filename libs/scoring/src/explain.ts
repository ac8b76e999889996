// What the explanation of a staff result needs beyond its numbers (ExplanationFacts), taken from the already
// computed columns while the result is built; the texts themselves are rendered from the facts by
// explain-render.ts, in the reader's language.
import { CompiledIndicator, CompiledSet } from './compile';
import { ExplanationFacts, renderExplanation, TaskTerm } from './explain-render';
import type { StaffScore } from './document';
import { round2 } from './rounding';
import { SetScores } from './score-columns';

/**
 * @param absentOf the inputs without a value behind a missing indicator (empty: the formula gave no number)
 */
export function explanationFacts(
  set: CompiledSet,
  sc: SetScores,
  row: number,
  absentOf: (ind: CompiledIndicator) => string[],
  workload: { terms: TaskTerm[]; siteAdjusted: boolean },
): ExplanationFacts {
  const inds = set.indicators;
  const x: (number | null)[] = new Array<number | null>(inds.length);
  const absent: (string[] | null)[] = new Array<string[] | null>(inds.length);
  for (let k = 0; k < inds.length; k++) {
    const miss = sc.missing[k][row] === 1;
    x[k] = miss ? null : sc.values[k][row];
    absent[k] = miss ? absentOf(inds[k]) : null;
  }
  return {
    x,
    absent,
    rawTotal: sc.vetoed[row] === 1 ? round2(sc.rawTotals[row]) : null,
    tasks: workload.terms,
    siteAdjusted: workload.siteAdjusted,
  };
}

/** Fills a result's English texts from its facts (what `scoreDocument` returns, and the CLI prints). */
export function explainInEnglish(r: StaffScore, facts: ExplanationFacts, set: CompiledSet): void {
  const text = renderExplanation(r, facts, set, 'en');
  r.indicators.forEach((ind, k) => (ind.explanation = text.indicators[k]));
  r.explanation.total = text.total;
  r.explanation.grade = text.grade;
  r.explanation.points = text.points;
}

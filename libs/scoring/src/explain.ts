// Sentences that explain each number of a staff result, built from the already computed columns.
import { CompiledIndicator, CompiledSet } from './compile';
import { explainScore } from './methods';
import { round2, round4 } from './rounding';
import { SetScores } from './score-columns';

export function explainIndicator(
  ind: CompiledIndicator,
  missing: boolean,
  value: number,
  score: number,
  contribution: number,
  missingReason: string,
): string {
  if (missing) {
    const consequence =
      ind.missing === 'zero'
        ? 'scored 0 with its full weight (policy "zero")'
        : ind.missing === 'fail'
          ? 'the result is refused (policy "fail")'
          : 'left out; the other weights are rescaled (policy "renormalize")';
    return `missing: ${missingReason}; ${consequence}`;
  }
  return (
    `${ind.formula} = ${round4(value)}; ${explainScore(ind.scoring, value, score)}; ` +
    `weight ${ind.weight} in ${ind.dimension} → contributes ${round2(contribution)}`
  );
}

export function explainTotal(
  set: CompiledSet,
  sc: SetScores,
  row: number,
  total: number,
  vetoReasons: string[],
): string {
  const present = set.dimensions
    .map((d, k) => ({ d, s: sc.dimScores[k][row] }))
    .filter(({ s }) => s === s)
    .map(({ d, s }) => `${d.weight}·${round2(s)}`);
  const missingDims = set.dimensions
    .filter((_, k) => sc.dimScores[k][row] !== sc.dimScores[k][row])
    .map((d) => d.code);
  let text = `(${present.join(' + ')}) / ${sc.presentWeight[row]} = ${round2(sc.rawTotals[row])}`;
  if (missingDims.length)
    text += ` (no score in ${missingDims.join(', ')}: its weight is shared by the others)`;
  if (vetoReasons.length) {
    const caps = set.indicators
      .filter((i) => vetoReasons.includes(i.code))
      .map((i) => `${i.code} caps at ${i.veto!.cap}`);
    text += `; veto: ${caps.join(', ')} → ${total}`;
  }
  return text;
}

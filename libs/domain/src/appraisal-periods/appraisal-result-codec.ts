// One person's appraisal result as a run stores it (table appraisal_results) and as a reader gets it back. What the
// roll-up and the readers need are columns (total, grade, calibration, pool weight, incentive); the engine's result
// is kept as JSON without its texts — they are rendered from its numbers and facts when read, in the reader's
// language (renderAppraisal; the incentive's from its stored parts, as a month's: explain-render.ts).
import type { AppraisalResultRow } from '@app/persistence';
import {
  AppraisalStaffResult,
  AppraisalStaffScore,
  Calibration,
  IncentiveParts,
  Lang,
  parseIncentiveParts,
  renderAppraisal,
  renderIncentive,
  RollupEntry,
} from '@app/scoring';

/**
 * The JSON of the `result` column: `r` the engine's result without `explanation`, `incentive` and `calibration`
 * (columns of their own), `f` the pool weight's proration factor (the roll-up's entry needs it beside the weight
 * column, and a pool share's explanation shows it).
 */
interface StoredResult {
  r: Omit<AppraisalStaffScore, 'explanation' | 'incentive' | 'calibration'> | AppraisalStaffResult;
  f: string | null;
}

/** The columns of a row of appraisal_results (its id aside). */
export type AppraisalResultColumns = Omit<AppraisalResultRow, 'id' | 'run'>;

/** The columns of a person's row, as a chunk (uncalibrated) or the finish job (re-graded) writes it. */
export function appraisalResultRow(
  runId: string,
  staffId: number | null,
  r: AppraisalStaffResult,
  entry: RollupEntry,
  parts: IncentiveParts | null,
): AppraisalResultColumns {
  const scored = !('error' in r);
  let stored: StoredResult['r'] = r;
  if (scored) {
    // The bonus and the calibration have columns of their own; the texts are rendered when read.
    const rest: Record<string, unknown> = { ...r };
    for (const key of ['explanation', 'incentive', 'calibration']) delete rest[key];
    stored = rest as StoredResult['r'];
  }
  return {
    runId,
    staffCode: r.id,
    staffId,
    department: r.department,
    site: r.site,
    indicatorSet: r.indicatorSet,
    total: scored ? r.total : null,
    grade: scored ? r.grade : null,
    error: scored ? null : r.error,
    calibration: scored && r.calibration ? JSON.stringify(r.calibration) : null,
    poolWeight: entry.weight,
    // An amount is known now; a pool share is written by the finish job.
    incentive: scored ? r.incentive : null,
    incentiveExplanation: parts ? JSON.stringify(parts) : null,
    incentiveError: entry.error,
    result: JSON.stringify({ r: stored, f: entry.factor } satisfies StoredResult),
  };
}

/** The engine's result of a row (its texts empty), and the roll-up's entry for the finish job. */
export function appraisalResultOf(row: AppraisalResultRow): {
  result: AppraisalStaffResult;
  entry: RollupEntry;
} {
  const stored = JSON.parse(row.result) as StoredResult;
  const result: AppraisalStaffResult =
    'error' in stored.r
      ? stored.r
      : {
          ...stored.r,
          incentive: row.incentive,
          calibration: row.calibration ? (JSON.parse(row.calibration) as Calibration) : null,
          explanation: { total: '', grade: '', incentive: null },
        };
  const entry: RollupEntry = {
    id: row.staffCode,
    department: row.department,
    site: row.site,
    total: row.total === null ? null : Number(row.total),
    weight: row.poolWeight,
    factor: stored.f,
    error: row.incentiveError,
  };
  return { result, entry };
}

/**
 * A stored result with its texts in `lang`: the total's and the grade's (renderAppraisal), the incentive's from its
 * parts (an amount, a pool share), or why there is none (no grade for the period).
 */
export function renderAppraisalResult(
  row: AppraisalResultRow,
  period: string,
  lang: Lang,
): AppraisalStaffResult {
  const { result } = appraisalResultOf(row);
  if ('error' in result) return result;
  const { total, grade } = renderAppraisal(result, lang);
  const parts = row.incentiveExplanation ? parseIncentiveParts(row.incentiveExplanation) : null;
  const incentive = parts
    ? renderIncentive(parts, lang)
    : result.ungraded !== null && result.incentive !== null
      ? lang === 'zh'
        ? `${period} 无等级：无奖金`
        : `no grade for ${period}: no incentive`
      : null;
  result.explanation = { total, grade, incentive };
  return result;
}

// The benchmarks' month: one 30-indicator set using every scoring method over 40 inputs, about 2% of values
// missing and a few vetoes, for any number of staff (deterministic).
import type { IncentiveDef, IndicatorDef, ScorecardDocument } from '@app/scoring';

export type Inputs = Record<string, number | null>;

// ------------------------------------------------------------------ the indicator set (30 indicators)
const ind = (
  code: string,
  dimension: string,
  weight: number,
  formula: string,
  scoring: IndicatorDef['scoring'],
  extra: Partial<IndicatorDef> = {},
): IndicatorDef => ({
  code,
  name: code,
  dimension,
  weight,
  formula,
  scoring,
  ...extra,
});
const STEPS = [
  { atLeast: 98, score: 100 },
  { atLeast: 95, score: 90 },
  { atLeast: 90, score: 75 },
  { atLeast: 80, score: 50 },
  { score: 0 },
];
export const INDICATORS: IndicatorDef[] = [
  ind('E1', 'eff', 15, 'i00 / i01 * 100', { method: 'ratio', target: 100, direction: 'lower', cap: 110 }),
  ind('E2', 'eff', 15, 'i02 / i03 * 100', { method: 'linear', worst: 70, target: 95 }),
  ind('E3', 'eff', 15, 'i04', { method: 'direct' }),
  ind('E4', 'eff', 10, '(i05 - i06) / i06 * 100', { method: 'band', low: -5, high: 5, tolerance: 10 }),
  ind('E5', 'eff', 10, 'i07 * 0.5 + i08 * 0.5', { method: 'efficacy', satisfactory: 90, unacceptable: 40 }),
  ind('E6', 'eff', 10, 'min(i09, 100)', { method: 'linear', worst: 20, target: 80 }),
  ind('E7', 'eff', 15, 'i10 / 60', { method: 'deduction', perUnit: 5 }, { missing: 'zero' }),
  ind('E8', 'eff', 10, 'sqrt(i11) * 10', { method: 'ratio', target: 80, cap: 120 }),
  ind('S1', 'svc', 20, 'i12 / i13 * 100', { method: 'efficacy', satisfactory: 98, unacceptable: 80 }),
  ind('S2', 'svc', 15, 'i14', { method: 'linear', worst: 60, target: 15 }),
  ind('S3', 'svc', 15, 'i15', { method: 'deduction', perUnit: 20 }),
  ind('S4', 'svc', 10, 'i16 > 50 ? i16 : i17 / 2', {
    method: 'thresholds',
    steps: [{ atLeast: 80, score: 100 }, { atLeast: 40, atMost: 79.99, score: 70 }, { score: 30 }],
  }),
  ind('S5', 'svc', 10, 'abs(i18 - 50)', { method: 'linear', worst: 50, target: 0 }),
  ind('S6', 'svc', 10, 'max(i19, i20)', { method: 'direct', cap: 100 }),
  ind('S7', 'svc', 10, 'i21 / (i21 + i22) * 100', { method: 'ratio', target: 95 }),
  ind('S8', 'svc', 10, 'round(i23 / 3)', {
    method: 'thresholds',
    steps: [{ atLeast: 30, score: 100 }, { atLeast: 15, score: 60 }, { score: 10 }],
  }),
  ind('I1', 'int', 20, 'i24 / i25 * 100', { method: 'thresholds', steps: STEPS }),
  ind('I2', 'int', 15, 'i26 / i27 * 100', { method: 'linear', worst: 60, target: 100 }),
  ind('I3', 'int', 15, 'i28', { method: 'deduction', perUnit: 50 }, { veto: { atLeast: 3, cap: 59 } }),
  ind('I4', 'int', 10, 'i29 - i30', { method: 'band', low: -1, high: 1, tolerance: 2 }),
  ind('I5', 'int', 10, 'i31 / 10', { method: 'efficacy', satisfactory: 9, unacceptable: 3 }),
  ind('I6', 'int', 10, 'floor(i32 / 7)', { method: 'deduction', perUnit: 10, base: 100 }),
  ind('I7', 'int', 10, 'i33 ^ 0.5 * 5', { method: 'direct' }),
  ind('I8', 'int', 10, 'log(i34 + 1) * 20', { method: 'linear', worst: 0, target: 100 }),
  ind('G1', 'grw', 30, 'i35', { method: 'linear', worst: 0, target: 8 }, { missing: 'zero' }),
  ind('G2', 'grw', 20, 'i36 / 8 * 100', { method: 'ratio', target: 100 }),
  ind('G3', 'grw', 15, 'i37 >= 1 ? 100 : 0', { method: 'direct' }),
  ind('G4', 'grw', 15, 'exp(-i38 / 10) * 100', { method: 'direct' }),
  ind('G5', 'grw', 10, 'ceil(i39 / 2)', {
    method: 'thresholds',
    steps: [{ atLeast: 40, score: 100 }, { atLeast: 20, score: 50 }, { score: 0 }],
  }),
  ind('G6', 'grw', 10, '(i35 + i36) / 2', { method: 'efficacy', satisfactory: 10, unacceptable: 0 }),
];
export const DIMS = [
  { code: 'eff', name: 'Efficiency & energy', weight: 30 },
  { code: 'svc', name: 'Service recipients', weight: 30 },
  { code: 'int', name: 'Internal management', weight: 25 },
  { code: 'grw', name: 'Learning & growth', weight: 15 },
];
export const INPUT_CODES = Array.from({ length: 40 }, (_, i) => `i${String(i).padStart(2, '0')}`);
export const POSITIVE = new Set(['i01', 'i03', 'i06', 'i13', 'i25', 'i27']);

// ------------------------------------------------------------------ a generated month
/**
 * Incentive pay for every member of staff (`incentive: true`): a pool per department, split in proportion to
 * `total + 1`, so each person with a result gets an amount and the month has one payroll line per person.
 */
export function benchIncentive(departments: number): IncentiveDef {
  return {
    pools: Array.from({ length: departments }, (_, d) => ({ department: `D${d}`, amount: '2000000.00' })),
    weight: 'total + 1',
  };
}

export function generate(
  n: number,
  departments = 50,
  options: { incentive?: boolean } = {},
): ScorecardDocument {
  let seed = 42;
  const rnd = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 4294967296;
  const staff = Array.from({ length: n }, (_, k) => {
    // Every staff member's inputs object has the same keys in the same order; about 2% are null (no value).
    const inputs: Inputs = {};
    for (const c of INPUT_CODES) {
      inputs[c] =
        rnd() < 0.02
          ? null
          : POSITIVE.has(c)
            ? 50 + Math.round(rnd() * 700) / 10
            : Math.round(rnd() * 1200) / 10;
    }
    if (rnd() < 0.02)
      inputs.i28 = 3 + Math.floor(rnd() * 3); // a few vetoes
    else if (inputs.i28 !== null) inputs.i28 = Math.floor(rnd() * 2);
    return {
      id: `S${String(k).padStart(6, '0')}`,
      department: `D${k % departments}`,
      indicatorSet: 'BENCH',
      inputs: inputs as Record<string, number>,
    };
  });
  // Round-trip through JSON text, as a month arrives over the API: JSON.parse builds the objects the way a
  // real document's are built (objects filled by computed keys alone would be dictionary-mode objects).
  return JSON.parse(
    JSON.stringify({
      formatVersion: 1,
      period: '2026-10',
      inputs: INPUT_CODES.map((code) => ({ code, name: code, unit: 'n', level: 'staff' as const })),
      indicatorSets: [{ code: 'BENCH', name: 'Benchmark set', dimensions: DIMS, indicators: INDICATORS }],
      staff,
      ...(options.incentive ? { incentive: benchIncentive(departments) } : {}),
    }),
  ) as ScorecardDocument;
}

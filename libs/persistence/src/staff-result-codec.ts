// How a staff result is stored: the result shape of docs/FORMAT.md packed into arrays (no key names, a
// third smaller and faster to write and read than the object), the incentive kept apart in its own columns
// (a pool split is only known when the run finishes). `unpackStaffResult(packStaffResult(r), ...)` gives `r`
// back exactly; a spec holds the two together.
import type { DimensionResult, IndicatorResult, StaffResult } from '@app/scoring';

type PackedIndicator = [
  code: string,
  dimension: string,
  value: number | null,
  score: number | null,
  weight: number,
  missing: 0 | 1,
  contribution: number | null,
  explanation: string,
];
type PackedDimension = [code: string, score: number | null, weight: number, effectiveWeight: number];

export type PackedStaffResult =
  | {
      v: 1;
      s: [
        id: string,
        department: string,
        site: string | null,
        indicatorSet: string,
        total: number,
        grade: string | null,
        coefficient: number,
        vetoed: 0 | 1,
        vetoReasons: string[],
        points: number,
        workloadValue: string | null,
        explainTotal: string,
        explainGrade: string,
        explainPoints: string,
      ];
      d: PackedDimension[];
      i: PackedIndicator[];
    }
  | { v: 1; e: [id: string, department: string, site: string | null, indicatorSet: string, error: string] };

export function packStaffResult(r: StaffResult): PackedStaffResult {
  if ('error' in r) return { v: 1, e: [r.id, r.department, r.site, r.indicatorSet, r.error] };
  return {
    v: 1,
    s: [
      r.id,
      r.department,
      r.site,
      r.indicatorSet,
      r.total,
      r.grade,
      r.coefficient,
      r.vetoed ? 1 : 0,
      r.vetoReasons,
      r.points,
      r.workloadValue,
      r.explanation.total,
      r.explanation.grade,
      r.explanation.points,
    ],
    d: r.dimensions.map((d) => [d.code, d.score, d.weight, d.effectiveWeight]),
    i: r.indicators.map((i) => [
      i.code,
      i.dimension,
      i.value,
      i.score,
      i.weight,
      i.missing ? 1 : 0,
      i.contribution,
      i.explanation,
    ]),
  };
}

export function unpackStaffResult(
  p: PackedStaffResult,
  incentive: string | null,
  incentiveExplanation: string | null,
): StaffResult {
  if ('e' in p) {
    const [id, department, site, indicatorSet, error] = p.e;
    return { id, department, site, indicatorSet, error };
  }
  const [id, department, site, indicatorSet, total, grade, coefficient, vetoed, vetoReasons, points] = p.s;
  const [, , , , , , , , , , workloadValue, explainTotal, explainGrade, explainPoints] = p.s;
  return {
    id,
    department,
    site,
    indicatorSet,
    total,
    grade,
    coefficient,
    vetoed: vetoed === 1,
    vetoReasons,
    dimensions: p.d.map(([code, score, weight, effectiveWeight]): DimensionResult => ({
      code,
      score,
      weight,
      effectiveWeight,
    })),
    indicators: p.i.map(
      ([code, dimension, value, score, weight, missing, contribution, explanation]): IndicatorResult => ({
        code,
        dimension,
        value,
        score,
        weight,
        missing: missing === 1,
        contribution,
        explanation,
      }),
    ),
    points,
    workloadValue,
    incentive,
    explanation: {
      total: explainTotal,
      grade: explainGrade,
      points: explainPoints,
      incentive: incentiveExplanation,
    },
  };
}

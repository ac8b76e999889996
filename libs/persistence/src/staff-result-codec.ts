// How a staff result is stored: the result shape of docs/FORMAT.md packed into arrays (no key names, a
// third smaller and faster to write and read than the object), the incentive kept apart in its own columns
// (a pool split is only known when the run finishes). `unpackStaffResult(packStaffResult(r), ...)` gives `r`
// back exactly; a spec holds the two together.
//
// v3 (what runs write) keeps the numbers and the few facts the explanations need (ExplanationFacts) instead of
// the explanation texts, two thirds of a v1 row's bytes: the texts are rendered when the result is read, from
// the set in force and in the reader's language. Each indicator's value is kept exactly, as a number or as the
// hex digits of its bits (`storedValue`: a formula's value has up to 17 digits, costly to write). The incentive
// explanation column then holds the sentence's parts as JSON (IncentiveParts). v2 rows (the same, the values as
// JSON numbers) and v1 rows (texts in English) are still read as they are. A run's chunk writes its v3 rows as
// text straight from the engine's columns (`CompiledScorecard.scoreStored`); `packStaffResult` is the definition
// that text is held to, byte for byte (staff-result-codec.spec.ts).
import {
  parseIncentiveParts,
  renderExplanation,
  renderIncentive,
  round4,
  storedValue,
  valueFromStored,
  type Calibration,
  type DimensionResult,
  type ExplainSet,
  type ExplanationFacts,
  type IndicatorResult,
  type Lang,
  type StaffResult,
  type StaffScore,
  type TaskTerm,
} from '@app/scoring';

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
/** An indicator's numbers in v2 and v3: the value at full precision (null when missing; in v3 `storedValue`'s). */
type IndicatorNumbers<X> = [
  code: string,
  dimension: string,
  x: X | null,
  score: number | null,
  weight: number,
  missing: 0 | 1,
  contribution: number | null,
];
/** v2 and v3: a missing indicator adds the inputs without a value, and a note follows them. */
type PackedIndicatorFacts<X> =
  IndicatorNumbers<X> | [...numbers: IndicatorNumbers<X>, absent: string[] | null, note?: string];
type Head = [id: string, department: string, site: string | null, indicatorSet: string];
/** What every version stores of a score first, in this order (scoreHead). */
type ScoreNumbers = [
  ...head: Head,
  total: number,
  grade: string | null,
  coefficient: number,
  vetoed: 0 | 1,
  vetoReasons: string[],
  points: number,
  workloadValue: string | null,
];
/** The score part of v2 and v3: the numbers, then the facts of the total and the points. */
type FactsScore = [...numbers: ScoreNumbers, rawTotal: number | null, tasks: TaskTerm[], siteAdjusted: 0 | 1];
type ErrorPack = [...head: Head, error: string];

export type PackedStaffResult =
  | {
      v: 1;
      s: [...numbers: ScoreNumbers, explainTotal: string, explainGrade: string, explainPoints: string];
      d: PackedDimension[];
      i: PackedIndicator[];
    }
  | { v: 1; e: ErrorPack }
  | { v: 2; s: FactsScore; d: PackedDimension[]; i: PackedIndicatorFacts<number>[] }
  | { v: 2; e: ErrorPack }
  | { v: 3; s: FactsScore; d: PackedDimension[]; i: PackedIndicatorFacts<number | string>[] }
  | { v: 3; e: ErrorPack };

/** How a stored result's texts are rendered: the sets in force for its month (by code) and the reader's language. */
export interface ExplainWith {
  set: (code: string) => ExplainSet | undefined;
  lang: Lang;
}

/** The numbers every version stores first, in this order (ScoreNumbers). */
function scoreHead(r: StaffScore) {
  return [
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
  ] as const;
}

/**
 * Packs a result: with its explanation facts (a result scored with explain 'parts') as v3, the texts left out
 * (what a run stores, written by `scoreStored`); without them as v1, the texts kept.
 */
export function packStaffResult(r: StaffResult, facts?: ExplanationFacts | null): PackedStaffResult {
  if (facts !== undefined) {
    if ('error' in r) return { v: 3, e: [r.id, r.department, r.site, r.indicatorSet, r.error] };
    if (!facts) throw new Error(`staff result ${r.id} has no explanation facts`);
    return {
      v: 3,
      s: [...scoreHead(r), facts.rawTotal, facts.tasks, facts.siteAdjusted ? 1 : 0],
      d: r.dimensions.map((d) => [d.code, d.score, d.weight, d.effectiveWeight]),
      i: r.indicators.map((ind, k): PackedIndicatorFacts<number | string> => {
        const x = facts.x[k];
        const head: PackedIndicatorFacts<number | string> = [
          ind.code,
          ind.dimension,
          x === null ? null : storedValue(x),
          ind.score,
          ind.weight,
          ind.missing ? 1 : 0,
          ind.contribution,
        ];
        // A run's notes (corrections, evidence) are what it appended to the empty text.
        const note = ind.explanation || facts.notes?.[k] || null;
        const absent = facts.absent[k];
        if (note) return [...head, absent, note];
        return absent ? [...head, absent] : head;
      }),
    };
  }
  if ('error' in r) return { v: 1, e: [r.id, r.department, r.site, r.indicatorSet, r.error] };
  return {
    v: 1,
    s: [...scoreHead(r), r.explanation.total, r.explanation.grade, r.explanation.points],
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

/**
 * The result shape of docs/FORMAT.md. A v2 or v3 row's texts are rendered with `explain` (empty without it, but
 * for the incentive's, which needs no set: rendered in English); a v1 row's are the English ones it stored.
 */
export function unpackStaffResult(
  p: PackedStaffResult,
  incentive: string | null,
  incentiveExplanation: string | null,
  explain?: ExplainWith,
  calibration: string | null = null,
): StaffResult {
  if ('e' in p) {
    const [id, department, site, indicatorSet, error] = p.e;
    return { id, department, site, indicatorSet, error };
  }
  if (p.v !== 1) return unpackFacts(p, incentive, incentiveExplanation, explain, calibration);
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
    dimensions: p.d.map(dimension),
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
      incentive: incentiveText(incentiveExplanation, explain?.lang ?? 'en'),
    },
    calibration: parseCalibration(calibration),
  };
}

/** The staff_results row's calibration column (docs/FORMAT.md, "Grade quotas and overrides"). */
export function parseCalibration(stored: string | null): Calibration | null {
  return stored === null ? null : (JSON.parse(stored) as Calibration);
}

const dimension = ([code, score, weight, effectiveWeight]: PackedDimension): DimensionResult => ({
  code,
  score,
  weight,
  effectiveWeight,
});

/** The incentive column's parts rendered, or its text as stored (v1 rows). */
export function incentiveText(stored: string | null, lang: Lang): string | null {
  if (stored === null) return null;
  const parts = parseIncentiveParts(stored);
  return parts ? renderIncentive(parts, lang) : stored;
}

function unpackFacts(
  p: Extract<PackedStaffResult, { v: 2 | 3; s: unknown }>,
  incentive: string | null,
  incentiveExplanation: string | null,
  explain: ExplainWith | undefined,
  calibration: string | null,
): StaffScore {
  const [id, department, site, indicatorSet, total, grade, coefficient, vetoed, vetoReasons, points] = p.s;
  const [, , , , , , , , , , workloadValue, rawTotal, tasks, siteAdjusted] = p.s;
  // The values at full precision (v3 may keep one as its bits).
  const xs = p.i.map((i) => (p.v === 3 ? valueFromStored(i[2]) : (i[2] as number | null)));
  const r: StaffScore = {
    id,
    department,
    site,
    indicatorSet,
    total,
    grade,
    coefficient,
    vetoed: vetoed === 1,
    vetoReasons,
    dimensions: p.d.map(dimension),
    indicators: p.i.map(([code, dimension, , score, weight, missing, contribution], k): IndicatorResult => ({
      code,
      dimension,
      value: xs[k] === null ? null : round4(xs[k]),
      score,
      weight,
      missing: missing === 1,
      contribution,
      explanation: '',
    })),
    points,
    workloadValue,
    incentive,
    explanation: {
      total: '',
      grade: '',
      points: '',
      incentive: incentiveText(incentiveExplanation, explain?.lang ?? 'en'),
    },
    calibration: parseCalibration(calibration),
  };
  if (!explain) return r;
  const facts: ExplanationFacts = {
    x: xs,
    absent: p.i.map((i) => (i.length > 7 ? (i[7] ?? null) : null)),
    notes: p.i.map((i) => (i.length > 8 ? (i[8] ?? null) : null)),
    rawTotal,
    tasks,
    siteAdjusted: siteAdjusted === 1,
  };
  const text = renderExplanation(r, facts, explain.set(indicatorSet), explain.lang);
  r.indicators.forEach((ind, k) => (ind.explanation = text.indicators[k]));
  r.explanation.total = text.total;
  r.explanation.grade = text.grade;
  r.explanation.points = text.points;
  return r;
}

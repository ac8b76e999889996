// Invariants of scoring and money, over random documents and pools (fast-check).
import fc from 'fast-check';
import { indicator, indicatorSet } from '../../../test/factories/document';
import { Dec, isStaffError, ScorecardDocument, scoreDocument, splitPool, StaffScore } from '.';
import type { Scoring } from './document';

const INPUTS = ['a', 'b', 'c', 'd'];

const scoringArb: fc.Arbitrary<Scoring> = fc.oneof(
  fc.record({
    method: fc.constant('linear' as const),
    worst: fc.integer({ min: 0, max: 50 }),
    target: fc.integer({ min: 51, max: 150 }),
  }),
  fc.record({
    method: fc.constant('ratio' as const),
    target: fc.integer({ min: 1, max: 200 }),
    direction: fc.constantFrom('higher' as const, 'lower' as const),
    cap: fc.integer({ min: 100, max: 130 }),
  }),
  fc.record({
    method: fc.constant('band' as const),
    low: fc.constant(-1),
    high: fc.constant(1),
    tolerance: fc.integer({ min: 1, max: 5 }),
  }),
  fc.record({
    method: fc.constant('efficacy' as const),
    satisfactory: fc.constant(98),
    unacceptable: fc.constant(80),
    floor: fc.constant(10),
  }),
  fc.record({ method: fc.constant('deduction' as const), perUnit: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ method: fc.constant('direct' as const), floor: fc.constant(0), cap: fc.constant(100) }),
  fc.constant<Scoring>({
    method: 'thresholds',
    steps: [{ atLeast: 90, score: 100 }, { atLeast: 50, score: 60 }, { score: 20 }],
  }),
);

/** A random two-dimension set over inputs a..d, with random missing policies and an optional veto. */
const docArb: fc.Arbitrary<ScorecardDocument> = fc
  .record({
    scorings: fc.array(scoringArb, { minLength: 4, maxLength: 4 }),
    formulas: fc.array(
      fc.constantFrom('a', 'b', 'c', 'd', 'a / b * 100', 'max(a, c) - d', 'a > 50 ? b : c'),
      { minLength: 4, maxLength: 4 },
    ),
    policies: fc.array(fc.constantFrom('renormalize' as const, 'zero' as const), {
      minLength: 4,
      maxLength: 4,
    }),
    dimWeight: fc.integer({ min: 0, max: 100 }),
    indWeight: fc.integer({ min: 0, max: 100 }),
    veto: fc.boolean(),
    staff: fc.array(
      fc.record({
        inputs: fc.array(fc.option(fc.integer({ min: 0, max: 120 }), { nil: null, freq: 5 }), {
          minLength: 4,
          maxLength: 4,
        }),
        dept: fc.constantFrom('D1', 'D2', 'D3'),
      }),
      { minLength: 1, maxLength: 25 },
    ),
  })
  .map(({ scorings, formulas, policies, dimWeight, indWeight, veto, staff }) => {
    const dims = [
      { code: 'p', name: 'P', weight: dimWeight },
      { code: 'q', name: 'Q', weight: 100 - dimWeight },
    ];
    const ws = [indWeight, 100 - indWeight, 100, 0];
    const indicators = scorings.map((scoring, i) =>
      indicator({
        code: `I${i}`,
        dimension: i < 2 ? 'p' : 'q',
        weight: i === 3 ? 0 : i === 2 ? 100 : ws[i],
        formula: formulas[i],
        scoring,
        missing: policies[i],
        ...(veto && i === 0 ? { veto: { atLeast: 100, cap: 59 } } : {}),
      }),
    );
    return {
      formatVersion: 1 as const,
      period: '2026-10',
      inputs: INPUTS.map((code) => ({ code, name: code, unit: 'n', level: 'staff' as const })),
      indicatorSets: [
        indicatorSet(indicators, { dimensions: dims, grades: [{ min: 60, grade: 'P', coefficient: 1 }] }),
      ],
      staff: staff.map((s, i) => ({
        id: `S${String(i).padStart(3, '0')}`,
        department: s.dept,
        indicatorSet: 'S',
        inputs: Object.fromEntries(INPUTS.map((c, k) => [c, s.inputs[k]])),
      })),
    };
  });

const scored = (doc: ScorecardDocument) =>
  scoreDocument(doc).staff.filter((s): s is StaffScore => !isStaffError(s));

describe('scoring invariants', () => {
  it('contributions add up to the total before a veto (within rounding)', () => {
    fc.assert(
      fc.property(docArb, (doc) => {
        for (const s of scored(doc)) {
          if (s.vetoed) continue;
          const sum = s.indicators.reduce((acc, i) => acc + (i.contribution ?? 0), 0);
          // each contribution is rounded to 2 decimals: at most 0.005 each, plus the total's own rounding
          expect(Math.abs(sum - s.total)).toBeLessThanOrEqual(0.005 * (s.indicators.length + 1) + 1e-9);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('indicator scores stay within [floor, cap] of their method, and totals within the overall range', () => {
    fc.assert(
      fc.property(docArb, (doc) => {
        const set = doc.indicatorSets[0];
        for (const s of scored(doc)) {
          s.indicators.forEach((ind, k) => {
            if (ind.score === null || ind.missing) return; // a missing indicator under "zero" scores 0 by rule
            const sc = set.indicators[k].scoring as { floor?: number; cap?: number; method: string };
            const floor = sc.floor ?? 0;
            // deduction has no cap: a negative count scores above its base, by the formula
            const cap = sc.method === 'deduction' ? (ind.value! >= 0 ? 100 : Infinity) : (sc.cap ?? 100);
            expect(ind.score).toBeGreaterThanOrEqual(floor);
            expect(ind.score).toBeLessThanOrEqual(cap);
          });
          expect(s.total).toBeGreaterThanOrEqual(0);
          expect(s.total).toBeLessThanOrEqual(Math.max(130, ...s.indicators.map((i) => i.score ?? 0)));
          if (s.vetoed) expect(s.total).toBeLessThanOrEqual(59);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('staff order does not change any result', () => {
    fc.assert(
      fc.property(docArb, fc.func(fc.integer()), (doc, rnd) => {
        const shuffled = {
          ...doc,
          staff: [...doc.staff].sort((a, b) => rnd(a.id) - rnd(b.id) || (a.id < b.id ? -1 : 1)),
        };
        const a = scoreDocument(doc);
        const b = scoreDocument(shuffled);
        const byId = new Map(b.staff.map((s) => [s.id, s]));
        for (const s of a.staff) expect(byId.get(s.id)).toEqual(s);
        expect(b.departments).toEqual(a.departments);
      }),
      { numRuns: 100 },
    );
  });
});

const centsArb = fc.bigInt({ min: 0n, max: 10_000_000_00n }).map((c) => new Dec(c.toString()).div(100));
const weightArb = fc.oneof(
  fc.constant('0'),
  fc.integer({ min: 0, max: 100000 }).map((w) => (w / 1000).toString()),
);

describe('pool split invariants', () => {
  const poolArb = fc.record({
    pool: centsArb,
    weights: fc.array(weightArb, { minLength: 1, maxLength: 30 }),
    cap: fc.option(centsArb, { nil: undefined }),
  });

  it('pool = allocated + unallocated to the cent; every amount has two decimals; no one above the cap', () => {
    fc.assert(
      fc.property(poolArb, ({ pool, weights, cap }) => {
        const members = weights.map((w, i) => ({ id: `m${i}`, weight: new Dec(w) }));
        const split = splitPool(pool, members, cap);
        const sum = split.lines.reduce((acc, l) => acc.plus(l.amount), new Dec(0));
        expect(sum.toFixed(2)).toBe(split.allocated);
        expect(new Dec(split.allocated).plus(split.unallocated).toFixed(2)).toBe(pool.toFixed(2));
        expect(new Dec(split.unallocated).isNegative()).toBe(false);
        for (const l of split.lines) {
          expect(l.amount).toMatch(/^\d+\.\d{2}$/);
          if (cap) expect(new Dec(l.amount).lte(cap)).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('every allocation is within one cent of its exact capped share', () => {
    fc.assert(
      fc.property(poolArb, ({ pool, weights, cap }) => {
        const members = weights.map((w, i) => ({ id: `m${i}`, weight: new Dec(w) }));
        const split = splitPool(pool, members, cap);
        for (const l of split.lines) {
          expect(new Dec(l.amount).minus(l.exactShare).abs().lt('0.01')).toBe(true);
        }
        // nothing left unallocated unless everyone with a weight is capped or all weights are 0
        const anyOpen = split.lines.some((l, i) => !l.capped && !members[i].weight.isZero());
        if (anyOpen) expect(split.unallocated).toBe('0.00');
      }),
      { numRuns: 500 },
    );
  });

  it('member order does not change anyone’s amount', () => {
    fc.assert(
      fc.property(poolArb, ({ pool, weights, cap }) => {
        const members = weights.map((w, i) => ({ id: `m${String(i).padStart(2, '0')}`, weight: new Dec(w) }));
        const a = new Map(splitPool(pool, members, cap).lines.map((l) => [l.id, l.amount]));
        const b = new Map(splitPool(pool, [...members].reverse(), cap).lines.map((l) => [l.id, l.amount]));
        expect(b).toEqual(a);
      }),
      { numRuns: 300 },
    );
  });
});

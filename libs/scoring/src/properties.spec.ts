// Invariants of scoring and money, over random documents and pools (fast-check).
import fc from 'fast-check';
import { indicator, indicatorSet } from '../../../test/factories/document';
import {
  ColumnsSource,
  compileSet,
  Dec,
  inputSlots,
  isStaffError,
  PoolFloorError,
  ScorecardDocument,
  scoreDocument,
  scoreSetColumns,
  splitPool,
  StaffScore,
  toMoney,
} from '.';
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

/**
 * The roll-up recomputed row by row, the plain way (docs/FORMAT.md): per dimension Σ wᵢ and Σ wᵢsᵢ
 * over its scored indicators in document order. The column scorer sums the weights differently (the full
 * sum where nothing was dropped), so this checks it gets the very same doubles.
 */
describe('column roll-up', () => {
  const weight = fc.constantFrom(0.1, 0.2, 0.3, 0.7, 1, 1.1, 2.5, 10, 33.3);
  const setArb = fc.record({
    weights: fc.array(weight, { minLength: 6, maxLength: 6 }),
    dims: fc.array(fc.constantFrom(0, 1), { minLength: 6, maxLength: 6 }),
    policies: fc.array(fc.constantFrom('renormalize' as const, 'zero' as const, 'fail' as const), {
      minLength: 6,
      maxLength: 6,
    }),
    rows: fc.array(
      fc.array(fc.option(fc.integer({ min: -10, max: 120 }), { nil: null, freq: 3 }), {
        minLength: 6,
        maxLength: 6,
      }),
      { minLength: 1, maxLength: 40 },
    ),
  });

  it('dimension weights, dimension scores and totals equal the row-by-row sums, bit for bit', () => {
    fc.assert(
      fc.property(setArb, ({ weights, dims, policies, rows }) => {
        const codes = weights.map((_, k) => `x${k}`);
        const def = indicatorSet(
          weights.map((w, k) =>
            indicator({
              code: `I${k}`,
              dimension: `d${dims[k]}`,
              weight: w,
              formula: codes[k],
              missing: policies[k],
            }),
          ),
          {
            dimensions: [
              { code: 'd0', name: 'D0', weight: 40 },
              { code: 'd1', name: 'D1', weight: 60 },
            ],
          },
        );
        const set = compileSet(
          def,
          inputSlots(codes.map((code) => ({ code, name: code, unit: 'n', level: 'staff' }))),
        );
        const cols = codes.map((_, k) => Float64Array.from(rows, (r) => r[k] ?? NaN));
        const out = scoreSetColumns(set, new ColumnsSource(cols), rows.length);
        rows.forEach((_, i) => {
          let tn = 0;
          let tw = 0;
          [0, 1].forEach((d) => {
            let num = 0;
            let den = 0;
            weights.forEach((w, k) => {
              if (dims[k] !== d) return;
              const missing = out.missing[k][i] === 1;
              if (missing && policies[k] !== 'zero') return;
              num += w * (missing ? 0 : out.scores[k][i]);
              den += w;
            });
            expect(out.dimWeightSums[d][i]).toBe(den);
            if (den > 0) {
              expect(out.dimScores[d][i]).toBe(num / den);
              tn += [40, 60][d] * (num / den);
              tw += [40, 60][d];
            } else expect(out.dimScores[d][i]).toBeNaN();
          });
          if (tw > 0) expect(out.totals[i]).toBe(tn / tw);
          else expect(out.totals[i]).toBeNaN();
        });
      }),
      { numRuns: 300 },
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

/**
 * The format's pool split (docs/FORMAT.md "Incentive", steps 1–4) in exact rationals: every quantity is a
 * fraction of BigInts in cents, so ties between remainders are ties, whatever a finite division would say.
 */
function exactSplit(
  poolCents: bigint,
  weights: bigint[],
  capCents: bigint | undefined,
  ids: string[],
): bigint[] {
  const out = weights.map(() => 0n);
  let remaining = poolCents;
  let open = weights.map((_, i) => i).filter((i) => weights[i] > 0n);
  for (;;) {
    const sum = open.reduce((a, i) => a + weights[i], 0n);
    if (open.length === 0 || sum === 0n) return out;
    // share_i = remaining·w_i / sum; capped when it exceeds the cap.
    const over = capCents === undefined ? [] : open.filter((i) => remaining * weights[i] > capCents * sum);
    if (over.length === 0) {
      const rem = new Map<number, bigint>();
      let placed = 0n;
      for (const i of open) {
        out[i] = (remaining * weights[i]) / sum;
        rem.set(i, (remaining * weights[i]) % sum);
        placed += out[i];
      }
      const order = [...open].sort((a, b) => {
        const d = rem.get(b)! - rem.get(a)!;
        return d !== 0n ? (d > 0n ? 1 : -1) : ids[a] < ids[b] ? -1 : 1;
      });
      for (let k = 0; k < Number(remaining - placed); k++) out[order[k]] += 1n;
      return out;
    }
    for (const i of over) {
      out[i] = capCents!;
      remaining -= capCents!;
    }
    open = open.filter((i) => !over.includes(i));
  }
}

describe('pool split against an exact rational computation', () => {
  it('equals the format’s split in rationals, ties between remainders included', () => {
    // Small integer weights and pools make equal remainders common (1, 1, 28 of 10.00: three of ⅓ cent).
    const caseArb = fc.oneof(
      // A few equal small weights beside a large one (1, 1, 28): equal remainders of shares of different size.
      fc.record({
        poolCents: fc.bigInt({ min: 1n, max: 3000n }),
        weights: fc
          .tuple(
            fc.integer({ min: 1, max: 3 }),
            fc.integer({ min: 2, max: 4 }),
            fc.integer({ min: 10, max: 60 }),
          )
          .map(([w, n, big]) => [...Array<number>(n).fill(w), big]),
        capCents: fc.constant(undefined),
        scale: fc.constantFrom(1, 1000),
        reverseIds: fc.boolean(),
      }),
      // Few small integer weights and small pools: equal remainders are common.
      fc.record({
        poolCents: fc.bigInt({ min: 0n, max: 3000n }),
        weights: fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 1, maxLength: 6 }),
        capCents: fc.option(fc.bigInt({ min: 1n, max: 2000n }), { nil: undefined }),
        scale: fc.constantFrom(1, 1000),
        reverseIds: fc.boolean(),
      }),
      fc.record({
        poolCents: fc.bigInt({ min: 0n, max: 10_000_000_00n }),
        weights: fc.array(fc.integer({ min: 0, max: 100000 }), { minLength: 1, maxLength: 25 }),
        capCents: fc.option(fc.bigInt({ min: 1n, max: 10_000_000n }), { nil: undefined }),
        scale: fc.constantFrom(1, 1000),
        reverseIds: fc.boolean(),
      }),
    );
    fc.assert(
      fc.property(caseArb, ({ poolCents, weights, capCents, scale, reverseIds }) => {
        // Ids in either order against the weights: a tie must go to the smaller id wherever it stands.
        const ids = weights.map((_, i) => `m${String(reverseIds ? weights.length - i : i).padStart(2, '0')}`);
        const members = weights.map((w, i) => ({ id: ids[i], weight: new Dec(w).div(scale) }));
        const cap = capCents === undefined ? undefined : new Dec(capCents.toString()).div(100);
        const split = splitPool(new Dec(poolCents.toString()).div(100), members, cap);
        const expected = exactSplit(
          poolCents,
          weights.map((w) => BigInt(w)),
          capCents,
          ids,
        );
        expect(split.lines.map((l) => l.amount)).toEqual(
          expected.map((c) => new Dec(c.toString()).div(100).toFixed(2)),
        );
      }),
      { numRuns: 2000, seed: 20261128 },
    );
  });

  it('weights 1, 1, 28 of 10.00: the leftover cent goes to the smallest id', () => {
    const split = splitPool(new Dec('10.00'), [
      { id: 's1', weight: new Dec(1) },
      { id: 's2', weight: new Dec(1) },
      { id: 'A9', weight: new Dec(28) },
    ]);
    expect(split.lines.map((l) => l.amount)).toEqual(['0.33', '0.33', '9.34']);
  });

  it('a weight of −0 is 0 and earns 0.00, and the pool is still split', () => {
    const split = splitPool(new Dec('10.00'), [
      { id: 'a', weight: new Dec('-0') },
      { id: 'b', weight: new Dec(1) },
    ]);
    expect(split.lines.map((l) => l.amount)).toEqual(['0.00', '10.00']);
  });
});

describe('pool split with floors, caps and proration', () => {
  // Each member: a weight, and a proration factor that scales the weight, the cap and the floor (to cents).
  const memberArb = fc.record({
    weight: weightArb,
    factor: fc.oneof(
      fc.constant('1'),
      fc.constant('0'),
      fc.integer({ min: 1, max: 31 }).map((d) => `${d}/31`),
    ),
  });
  const boundedArb = fc
    .record({
      pool: centsArb,
      members: fc.array(memberArb, { minLength: 1, maxLength: 25 }),
      cap: fc.option(centsArb, { nil: undefined }),
      floor: fc.option(centsArb, { nil: undefined }),
    })
    .map(({ pool, members, cap, floor }) => {
      // The format requires floor ≤ cap.
      const [lo, hi] = cap && floor && floor.greaterThan(cap) ? [cap, floor] : [floor, cap];
      return { pool, members, cap: hi, floor: lo };
    });
  const build = ({
    members,
    cap,
    floor,
  }: {
    members: { weight: string; factor: string }[];
    cap?: Dec;
    floor?: Dec;
  }) =>
    members.map((m, i) => {
      const [n, d] = m.factor.split('/');
      const f = new Dec(n).div(d ?? 1);
      const scale = (b?: Dec) => (b === undefined ? undefined : new Dec(toMoney(b.times(f))));
      return {
        id: `m${String(i).padStart(2, '0')}`,
        weight: new Dec(m.weight).times(f),
        max: scale(cap),
        min: scale(floor),
      };
    });

  it('either fails because the floors exceed the pool, or pays everyone within [floor, cap] to the cent', () => {
    fc.assert(
      fc.property(boundedArb, (c) => {
        const members = build(c);
        const owed = members
          .filter((m) => !m.weight.isZero() && m.min)
          .reduce((acc, m) => acc.plus(m.min!), new Dec(0));
        if (owed.greaterThan(c.pool)) {
          expect(() => splitPool(c.pool, members)).toThrow(PoolFloorError);
          return;
        }
        const split = splitPool(c.pool, members);
        const sum = split.lines.reduce((acc, l) => acc.plus(l.amount), new Dec(0));
        expect(sum.toFixed(2)).toBe(split.allocated);
        expect(new Dec(split.allocated).plus(split.unallocated).toFixed(2)).toBe(c.pool.toFixed(2));
        expect(new Dec(split.unallocated).isNegative()).toBe(false);
        split.lines.forEach((l, i) => {
          const m = members[i];
          expect(l.amount).toMatch(/^\d+\.\d{2}$/);
          if (m.weight.isZero()) return expect(l.amount).toBe('0.00');
          if (m.max) expect(new Dec(l.amount).lte(m.max)).toBe(true);
          if (m.min) expect(new Dec(l.amount).gte(m.min)).toBe(true);
          expect(new Dec(l.amount).minus(l.exactShare).abs().lt('0.01')).toBe(true);
        });
        // Someone neither capped nor floored takes whatever is left: nothing stays unallocated.
        if (split.lines.some((l, i) => !l.capped && !l.floored && !members[i].weight.isZero()))
          expect(split.unallocated).toBe('0.00');
      }),
      { numRuns: 500 },
    );
  });

  it('the shares are clamp(λ·w, floor, cap) for one λ: the split is proportional wherever no bound binds', () => {
    fc.assert(
      fc.property(boundedArb, (c) => {
        const members = build(c);
        let split;
        try {
          split = splitPool(c.pool, members);
        } catch (e) {
          if (e instanceof PoolFloorError) return;
          throw e;
        }
        const free = split.lines.filter((l, i) => !l.capped && !l.floored && !members[i].weight.isZero());
        if (free.length === 0) return;
        const lambda = free[0].exactShare.div(members[split.lines.indexOf(free[0])].weight);
        const eps = new Dec('1e-30');
        split.lines.forEach((l, i) => {
          const w = members[i].weight;
          if (w.isZero()) return;
          const ideal = lambda.times(w);
          if (l.capped) expect(ideal.plus(eps).gte(members[i].max!)).toBe(true);
          else if (l.floored) expect(ideal.minus(eps).lte(members[i].min!)).toBe(true);
          else expect(l.exactShare.minus(ideal).abs().lt(eps)).toBe(true);
        });
      }),
      { numRuns: 500 },
    );
  });

  it('without floors the split equals the plain capped split of the format', () => {
    fc.assert(
      fc.property(boundedArb, (c) => {
        const members = build({ ...c, floor: undefined, cap: undefined }).map((m) => ({
          id: m.id,
          weight: m.weight,
        }));
        const viaMembers = splitPool(
          c.pool,
          members.map((m) => ({ ...m, max: c.cap })),
        );
        expect(viaMembers).toEqual(splitPool(c.pool, members, c.cap));
      }),
      { numRuns: 200 },
    );
  });

  it('a prorated pool in a document: pool = allocated + unallocated, and nobody who worked 0 days is paid', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ x: fc.integer({ min: 0, max: 100 }), days: fc.integer({ min: 0, max: 30 }) }), {
          minLength: 1,
          maxLength: 12,
        }),
        centsArb,
        fc.option(centsArb, { nil: undefined }),
        (people, pool, cap) => {
          const doc: ScorecardDocument = {
            formatVersion: 1,
            period: '2026-11',
            inputs: ['x', 'days_worked'].map((code) => ({
              code,
              name: code,
              unit: 'n',
              level: 'staff' as const,
            })),
            indicatorSets: [indicatorSet([indicator({ code: 'I1' })])],
            staff: people.map((p, i) => ({
              id: `s${i}`,
              department: 'DEP',
              indicatorSet: 'S',
              inputs: { x: p.x, days_worked: p.days },
            })),
            incentive: {
              pools: [{ department: 'DEP', amount: pool.toFixed(2) }],
              weight: 'total + 1',
              ...(cap ? { maxPerPerson: cap.toFixed(2) } : {}),
              proration: 'days_worked / days_in_period',
            },
          };
          const r = scoreDocument(doc);
          const d = r.departments[0];
          expect(new Dec(d.allocated!).plus(d.unallocated!).toFixed(2)).toBe(pool.toFixed(2));
          const paid = r.staff.filter((s): s is StaffScore => !isStaffError(s));
          expect(paid.reduce((acc, s) => acc.plus(s.incentive!), new Dec(0)).toFixed(2)).toBe(d.allocated);
          paid.forEach((s, i) => {
            if (people[i].days === 0) expect(s.incentive).toBe('0.00');
            // The prorated cap is rounded to the cent (half up).
            if (cap) expect(new Dec(s.incentive!).lte(toMoney(cap.times(people[i].days).div(30)))).toBe(true);
          });
        },
      ),
      { numRuns: 200 },
    );
  });
});

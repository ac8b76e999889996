// The rules of docs/FORMAT.md, one at a time, on small documents built by the test factory.
import { document, indicator, indicatorSet, staffMember } from '../../../test/factories/document';
import {
  CalibrationReach,
  compileDocument,
  CompiledScorecard,
  DocumentInvalidError,
  isStaffError,
  ScorecardDocument,
  scoreDocument,
  StaffResult,
  StaffScore,
  validateDocument,
} from '.';

const ok = (r: StaffResult): StaffScore => {
  if (isStaffError(r)) throw new Error(`unexpected error: ${r.error}`);
  return r;
};

const twoDims = indicatorSet(
  [
    indicator({ code: 'A1', dimension: 'a', weight: 60, formula: 'x' }),
    indicator({ code: 'A2', dimension: 'a', weight: 40, formula: 'y' }),
    indicator({ code: 'B1', dimension: 'b', weight: 100, formula: 'z' }),
  ],
  {
    dimensions: [
      { code: 'a', name: 'A', weight: 75 },
      { code: 'b', name: 'B', weight: 25 },
    ],
  },
);

describe('missing data', () => {
  it('renormalize (default): a missing indicator is left out and the weights of the rest are rescaled', () => {
    const r = ok(
      scoreDocument(document({ indicatorSets: [twoDims], staff: [staffMember('S1', { x: 80, z: 40 })] }))
        .staff[0],
    );
    expect(r.indicators[1]).toMatchObject({
      code: 'A2',
      missing: true,
      value: null,
      score: null,
      contribution: null,
    });
    expect(r.dimensions[0]).toMatchObject({ code: 'a', score: 80, effectiveWeight: 75 });
    expect(r.total).toBe(70); // 0.75·80 + 0.25·40
  });

  it('a dimension without any scored indicator is missing and the other dimensions share its weight', () => {
    const r = ok(
      scoreDocument(document({ indicatorSets: [twoDims], staff: [staffMember('S1', { x: 80, y: 60 })] }))
        .staff[0],
    );
    expect(r.dimensions[1]).toMatchObject({ code: 'b', score: null, effectiveWeight: 0 });
    expect(r.dimensions[0]).toMatchObject({ score: 72, effectiveWeight: 100 });
    expect(r.total).toBe(72);
    expect(r.indicators.map((i) => i.contribution)).toEqual([48, 24, null]);
  });

  it('zero: a missing indicator scores 0 and keeps its weight', () => {
    const set = {
      ...twoDims,
      indicators: twoDims.indicators.map((i) => (i.code === 'A2' ? { ...i, missing: 'zero' as const } : i)),
    };
    const r = ok(
      scoreDocument(document({ indicatorSets: [set], staff: [staffMember('S1', { x: 80, z: 40 })] }))
        .staff[0],
    );
    expect(r.indicators[1]).toMatchObject({ missing: true, value: null, score: 0, contribution: 0 });
    expect(r.dimensions[0].score).toBe(48);
    expect(r.total).toBe(46); // 0.75·48 + 0.25·40
  });

  it('fail: the staff member gets an error instead of a result, listed in errors', () => {
    const set = {
      ...twoDims,
      indicators: twoDims.indicators.map((i) => (i.code === 'B1' ? { ...i, missing: 'fail' as const } : i)),
    };
    const result = scoreDocument(
      document({
        indicatorSets: [set],
        staff: [staffMember('S1', { x: 1, y: 1 }), staffMember('S2', { x: 1, y: 1, z: 1 })],
      }),
    );
    expect(result.staff[0]).toEqual({
      id: 'S1',
      department: 'DEP',
      site: null,
      indicatorSet: 'S',
      error: expect.stringContaining('B1'),
    });
    expect((result.staff[0] as { error: string }).error).toContain('no value for z');
    expect(result.errors).toEqual([{ staff: 'S1', message: expect.stringContaining('B1') }]);
    expect(result.departments[0]).toMatchObject({ code: 'DEP', staffCount: 1 });
  });

  it('a non-finite formula result (0/0) is missing, and so is a formula whose untaken branch lacks a value', () => {
    const set = indicatorSet([
      indicator({ code: 'R', weight: 40, formula: 'x / y * 100' }),
      indicator({ code: 'C', weight: 40, formula: 'x >= 0 ? x : z' }),
      indicator({ code: 'P', weight: 20, formula: 'y' }),
    ]);
    const r = ok(
      scoreDocument(document({ indicatorSets: [set], staff: [staffMember('S1', { x: 0, y: 0 })] })).staff[0],
    );
    expect(r.indicators.map((i) => i.missing)).toEqual([true, true, false]);
    expect(r.indicators[0].explanation).toContain('no finite number');
  });

  it('staff inputs override department inputs; a null staff input falls back to the department', () => {
    const doc = document({
      departments: [{ code: 'DEP', site: 'CC', inputs: { x: 10, y: 20 } }],
      indicatorSets: [indicatorSet([indicator({ code: 'I', formula: 'x + y' })])],
      staff: [staffMember('S1', { x: 30 }), staffMember('S2', { x: null })],
    });
    const [a, b] = scoreDocument(doc).staff.map(ok);
    expect(a.indicators[0].value).toBe(50);
    expect(b.indicators[0].value).toBe(30);
    expect(a.site).toBe('CC');
  });

  it('a staff member with nothing scorable gets an error', () => {
    const r = scoreDocument(document({ staff: [staffMember('S1', {})] }));
    expect(isStaffError(r.staff[0])).toBe(true);
    expect(r.departments[0]).toMatchObject({ score: null, rank: null, staffCount: 0 });
  });
});

describe('veto', () => {
  const set = indicatorSet([
    indicator({ code: 'Q', weight: 80, formula: 'x' }),
    indicator({
      code: 'FIRE',
      weight: 20,
      formula: 'y',
      scoring: { method: 'deduction', perUnit: 100 },
      veto: { atLeast: 1, cap: 59 },
    }),
  ]);

  it('caps the total when the condition holds and names the indicator', () => {
    const r = ok(
      scoreDocument(document({ indicatorSets: [set], staff: [staffMember('S1', { x: 100, y: 1 })] }))
        .staff[0],
    );
    expect(r).toMatchObject({ total: 59, vetoed: true, vetoReasons: ['FIRE'] });
    // contributions add up to the total before the veto
    expect(r.indicators.reduce((s, i) => s + (i.contribution ?? 0), 0)).toBeCloseTo(80, 6);
    expect(r.explanation.total).toContain('veto');
  });

  it('flags the veto but keeps a total already below the cap', () => {
    const r = ok(
      scoreDocument(document({ indicatorSets: [set], staff: [staffMember('S1', { x: 30, y: 2 })] })).staff[0],
    );
    expect(r).toMatchObject({ total: 24, vetoed: true, vetoReasons: ['FIRE'] });
  });

  it('never applies when the indicator is missing or the condition does not hold', () => {
    const [a, b] = scoreDocument(
      document({
        indicatorSets: [set],
        staff: [staffMember('S1', { x: 100 }), staffMember('S2', { x: 100, y: 0 })],
      }),
    ).staff.map(ok);
    expect(a).toMatchObject({ total: 100, vetoed: false, vetoReasons: [] });
    expect(b).toMatchObject({ total: 100, vetoed: false });
  });

  it('atMost vetoes low values', () => {
    const s2 = indicatorSet([indicator({ code: 'Q', formula: 'x', veto: { atMost: 10, cap: 50 } })]);
    const r = ok(
      scoreDocument(document({ indicatorSets: [s2], staff: [staffMember('S1', { x: 5 })] })).staff[0],
    );
    expect(r).toMatchObject({ total: 5, vetoed: true });
  });
});

describe('grades', () => {
  const grades = [
    { min: 90, grade: 'A', coefficient: 1.2 },
    { min: 80, grade: 'B', coefficient: 1 },
  ];
  const score = (x: number, g = grades) =>
    ok(
      scoreDocument(
        document({
          indicatorSets: [indicatorSet([indicator({ code: 'I' })], { grades: g })],
          staff: [staffMember('S', { x })],
        }),
      ).staff[0],
    );

  it('grade the rounded total: 89.995 shows as 90 and is an A', () => {
    expect(score(89.995)).toMatchObject({ total: 90, grade: 'A', coefficient: 1.2 });
    expect(score(89.994)).toMatchObject({ total: 89.99, grade: 'B', coefficient: 1 });
  });

  it('no applicable grade, or no grades at all: grade null and coefficient 0', () => {
    expect(score(50)).toMatchObject({ grade: null, coefficient: 0 });
    const r = ok(scoreDocument(document({ staff: [staffMember('S', { x: 95 })] })).staff[0]);
    expect(r).toMatchObject({ grade: null, coefficient: 0 });
  });
});

describe('rounding half away from zero on output', () => {
  it('rounds values to 4 and scores to 2 decimals', () => {
    const set = indicatorSet([
      indicator({ code: 'I', formula: 'x / 3', scoring: { method: 'direct', cap: 1000 } }),
    ]);
    const r = ok(
      scoreDocument(document({ indicatorSets: [set], staff: [staffMember('S', { x: 200 })] })).staff[0],
    );
    expect(r.indicators[0]).toMatchObject({ value: 66.6667, score: 66.67 });
  });

  it('rounds a negative tie away from zero', () => {
    const set = indicatorSet([
      indicator({ code: 'I', formula: 'x', scoring: { method: 'direct', floor: -100 } }),
    ]);
    const r = ok(
      scoreDocument(document({ indicatorSets: [set], staff: [staffMember('S', { x: -2.345 })] })).staff[0],
    );
    expect(r.total).toBe(-2.35);
  });
});

describe('workload points', () => {
  const workload = {
    components: ['time', 'skill', 'risk'],
    tasks: [
      { code: 'T1', name: 'T1', rvu: { time: 0.6, skill: 0.3, risk: 0.1 } },
      { code: 'T2', name: 'T2', rvu: 1.25 },
    ],
    adjustments: [{ site: 'SY', factors: { time: 0.95, skill: 1.05 } }],
    pointValue: '12.50',
  };

  it('applies site factors per component (missing factor = 1) in exact decimals', () => {
    const doc = document({
      workload,
      departments: [{ code: 'DEP', site: 'SY' }],
      staff: [
        staffMember('S1', { x: 1 }, { tasks: { T1: 3 } }),
        staffMember('S2', { x: 1 }, { site: 'CC', tasks: { T1: 3, T2: 1 } }),
      ],
    });
    const [sy, cc] = scoreDocument(doc).staff.map(ok);
    // 3 × (0.6·0.95 + 0.3·1.05 + 0.1·1) = 3 × 0.985 = 2.955
    expect(sy).toMatchObject({ site: 'SY', points: 2.955, workloadValue: '36.94' }); // 36.9375 → half up
    expect(cc).toMatchObject({ site: 'CC', points: 4.25, workloadValue: '53.13' }); // 53.125 → half up
    expect(sy.explanation.points).toContain('adjusted for site SY');
  });

  it('rounds points half up to 4 decimals; workloadValue is null without pointValue', () => {
    const doc = document({
      workload: { tasks: [{ code: 'T', name: 'T', rvu: 0.00005 }] },
      staff: [staffMember('S1', { x: 1 }, { tasks: { T: 1 } }), staffMember('S2', { x: 1 })],
    });
    const [a, b] = scoreDocument(doc).staff.map(ok);
    expect(a).toMatchObject({ points: 0.0001, workloadValue: null });
    expect(b).toMatchObject({ points: 0, workloadValue: null });
  });

  it('an unknown task code is an error naming it', () => {
    const doc = document({ workload, staff: [staffMember('S1', { x: 1 }, { tasks: { NOPE: 1 } })] });
    expect(() => scoreDocument(doc)).toThrow(DocumentInvalidError);
    expect(() => scoreDocument(doc)).toThrow(/staff\[0\]\.tasks\.NOPE: unknown task code "NOPE"/);
  });
});

describe('incentive pools', () => {
  const pooled = (xs: Record<string, number>, pool: string, maxPerPerson?: string) =>
    scoreDocument(
      document({
        staff: Object.entries(xs).map(([id, x]) => staffMember(id, { x })),
        incentive: {
          pools: [{ department: 'DEP', amount: pool }],
          weight: 'total',
          ...(maxPerPerson ? { maxPerPerson } : {}),
        },
      }),
    );

  it('splits in proportion to the weight, leftover cents to the largest remainders', () => {
    const r = pooled({ A: 10, B: 20, C: 30 }, '100.00');
    expect(r.staff.map((s) => ok(s).incentive)).toEqual(['16.67', '33.33', '50.00']);
    expect(r.departments[0]).toMatchObject({ pool: '100.00', allocated: '100.00', unallocated: '0.00' });
  });

  it('breaks equal remainders by the smaller staff id (string order)', () => {
    const r = pooled({ B: 10, A: 10, C: 10 }, '100.00');
    expect(r.staff.map((s) => [s.id, ok(s).incentive])).toEqual([
      ['B', '33.33'],
      ['A', '33.34'],
      ['C', '33.33'],
    ]);
  });

  it('caps shares at maxPerPerson and re-splits the rest among the others', () => {
    const r = pooled({ A: 90, B: 5, C: 5 }, '1000.00', '600.00');
    expect(r.staff.map((s) => ok(s).incentive)).toEqual(['600.00', '200.00', '200.00']);
    expect(ok(r.staff[0]).explanation.incentive).toContain('capped');
  });

  it('what cannot be placed is unallocated: everyone capped, or all weights 0', () => {
    const capped = pooled({ A: 50, B: 50 }, '1000.00', '300.00');
    expect(capped.departments[0]).toMatchObject({ allocated: '600.00', unallocated: '400.00' });
    const zero = pooled({ A: 0, B: 0 }, '1000.00');
    expect(zero.staff.map((s) => ok(s).incentive)).toEqual(['0.00', '0.00']);
    expect(zero.departments[0]).toMatchObject({ allocated: '0.00', unallocated: '1000.00' });
  });

  it('staff outside every pool get incentive null', () => {
    const doc = document({
      staff: [staffMember('A', { x: 50 }), staffMember('B', { x: 50 }, { department: 'OTHER' })],
      incentive: { pools: [{ department: 'DEP', amount: '10.00' }], weight: '1' },
    });
    const r = scoreDocument(doc);
    expect(r.staff.map((s) => ok(s).incentive)).toEqual(['10.00', null]);
    expect(r.departments.find((d) => d.code === 'OTHER')).not.toHaveProperty('pool');
  });

  it('a negative weight is an error and the pool stays whole', () => {
    const doc = document({
      staff: [staffMember('A', { x: 50, y: -1 }), staffMember('B', { x: 50, y: 1 })],
      incentive: { pools: [{ department: 'DEP', amount: '10.00' }], weight: 'y' },
    });
    const r = scoreDocument(doc);
    expect(r.errors).toEqual([{ staff: 'A', message: expect.stringContaining('negative') }]);
    expect(r.departments[0]).toMatchObject({ allocated: '0.00', unallocated: '10.00' });
    expect(r.staff.map((s) => ok(s).incentive)).toEqual([null, null]);
  });
});

describe('incentive amount formula', () => {
  it('is evaluated in decimal arithmetic and rounded half up to cents', () => {
    const doc = document({
      staff: [staffMember('A', { x: 50, y: 1005 })],
      incentive: { amount: 'y / 1000' },
    });
    // 1.005 as a binary double is 1.00499999…; in decimals it is exactly 1.005 → 1.01
    expect(ok(scoreDocument(doc).staff[0]).incentive).toBe('1.01');
  });

  it('uses total, coefficient, points and workloadValue as shown', () => {
    const doc = document({
      indicatorSets: [
        indicatorSet([indicator({ code: 'I' })], { grades: [{ min: 0, grade: 'X', coefficient: 1.1 }] }),
      ],
      workload: { tasks: [{ code: 'T', name: 'T', rvu: 0.3 }], pointValue: '10' },
      staff: [staffMember('A', { x: 80.123 }, { tasks: { T: 3 } })],
      incentive: { amount: 'total * coefficient + points + workloadValue' },
    });
    // 80.12 · 1.1 + 0.9 + 9.00 = 98.032
    expect(ok(scoreDocument(doc).staff[0]).incentive).toBe('98.03');
  });

  it('a formula needing a value the staff member lacks leaves incentive null with an error', () => {
    const doc = document({ staff: [staffMember('A', { x: 50 })], incentive: { amount: 'y * 2' } });
    const r = scoreDocument(doc);
    expect(ok(r.staff[0]).incentive).toBeNull();
    expect(r.errors[0]).toMatchObject({ staff: 'A', message: expect.stringContaining('"y"') });
  });
});

describe('departments', () => {
  it('score is the mean of rounded totals; competition ranking 1, 2, 2, 4; sorted by code', () => {
    const doc = document({
      staff: [
        staffMember('a', { x: 70 }, { department: 'D' }),
        staffMember('b', { x: 80 }, { department: 'C' }),
        staffMember('c', { x: 80 }, { department: 'B' }),
        staffMember('d', { x: 90 }, { department: 'A' }),
        staffMember('e', { x: 60.005 }, { department: 'D' }),
      ],
    });
    const r = scoreDocument(doc);
    expect(r.departments.map((d) => [d.code, d.score, d.rank, d.staffCount])).toEqual([
      ['A', 90, 1, 1],
      ['B', 80, 2, 1],
      ['C', 80, 2, 1],
      ['D', 65.01, 4, 2], // (70 + 60.01) / 2 = 65.005 → 65.01
    ]);
    expect(r.staff.map((s) => s.id)).toEqual(['a', 'b', 'c', 'd', 'e']);
  });
});

describe('incentive floors, proration and pool formulas (added keys)', () => {
  const withInputs = (codes: string[]) =>
    ['x', 'y', 'z', ...codes].map((code) => ({ code, name: code, unit: 'n', level: 'staff' as const }));

  it('raises shares below the floor, funded from the pool, and re-splits the rest', () => {
    const doc = document({
      staff: [staffMember('A', { x: 90 }), staffMember('B', { x: 9 }), staffMember('C', { x: 1 })],
      incentive: {
        pools: [{ department: 'DEP', amount: '1000.00' }],
        weight: 'total',
        minPerPerson: '150.00',
      },
    });
    const r = scoreDocument(doc);
    // B and C floored at 150 each; A gets the remaining 700.
    expect(r.staff.map((s) => ok(s).incentive)).toEqual(['700.00', '150.00', '150.00']);
    expect(ok(r.staff[2]).explanation.incentive).toContain('raised to 150.00 (funded from the pool)');
    expect(r.departments[0]).toMatchObject({ pool: '1000.00', allocated: '1000.00', unallocated: '0.00' });
  });

  it('a pool that cannot pay every floor is not split, and says why', () => {
    const doc = document({
      staff: [staffMember('A', { x: 50 }), staffMember('B', { x: 50 }), staffMember('C', { x: 0 })],
      incentive: { pools: [{ department: 'DEP', amount: '100.00' }], weight: 'total', minPerPerson: '60.00' },
    });
    const r = scoreDocument(doc);
    // C's weight is 0, so only A and B are owed a floor: 120.00 > 100.00.
    expect(r.errors.map((e) => e.staff)).toEqual(['A', 'B', 'C']);
    expect(r.errors[0].message).toBe(
      'the pool of DEP (100.00) cannot pay every floor: 2 staff need 120.00; the pool was not split',
    );
    expect(r.staff.map((s) => ok(s).incentive)).toEqual([null, null, null]);
    expect(r.departments[0]).toMatchObject({ pool: '100.00', allocated: '0.00', unallocated: '100.00' });
  });

  it('prorates the weight, the cap and the floor by days worked', () => {
    const doc = document({
      period: '2026-02', // 28 days
      inputs: withInputs(['days_worked']),
      staff: [
        staffMember('A', { x: 50, days_worked: 28 }),
        staffMember('B', { x: 50, days_worked: 14 }),
        staffMember('C', { x: 50, days_worked: 0 }),
      ],
      incentive: {
        pools: [{ department: 'DEP', amount: '900.00' }],
        weight: '1',
        maxPerPerson: '500.00',
        proration: 'days_worked / days_in_period',
      },
    });
    const r = scoreDocument(doc);
    // weights 1, 0.5, 0 → 600 / 300 / 0; A's cap is 500 → A 500.00, B gets the other 400 but B's cap is 250.
    expect(r.staff.map((s) => ok(s).incentive)).toEqual(['500.00', '250.00', '0.00']);
    expect(r.departments[0]).toMatchObject({ allocated: '750.00', unallocated: '150.00' });
    expect(ok(r.staff[1]).explanation.incentive).toContain('× proration days_worked / days_in_period (0.5)');
  });

  it('a proration outside 0 to 1 is an error for that person', () => {
    const doc = document({
      inputs: withInputs(['days_worked']),
      staff: [staffMember('A', { x: 50, days_worked: 40 })],
      incentive: { amount: '100', proration: 'days_worked / days_in_period' },
    });
    const r = scoreDocument(doc);
    expect(r.errors[0].message).toContain('the proration is 1.2903225806');
  });

  it('the amount formula takes proration, floor and cap too', () => {
    const doc = document({
      inputs: withInputs(['days_worked']),
      staff: [
        staffMember('A', { x: 50, y: 1000, days_worked: 31 }),
        staffMember('B', { x: 50, y: 10, days_worked: 31 }),
        staffMember('C', { x: 50, y: 300, days_worked: 15.5 }),
        staffMember('D', { x: 50, y: 0, days_worked: 31 }),
      ],
      incentive: {
        amount: 'y',
        maxPerPerson: '400.00',
        minPerPerson: '50.00',
        proration: 'days_worked / days_in_period',
      },
    });
    // October has 31 days. C: 300 × 0.5 = 150 (floor 25, cap 200). D: 0 stays 0 (no floor without pay).
    expect(scoreDocument(doc).staff.map((s) => ok(s).incentive)).toEqual([
      '400.00',
      '50.00',
      '150.00',
      '0.00',
    ]);
  });

  it('a pool formula over department facts: headcount, score and department inputs', () => {
    const doc = document({
      inputs: [...withInputs([]), { code: 'budget', name: 'budget', unit: 'CNY', level: 'department' }],
      departments: [
        { code: 'DEP', inputs: { budget: 1000 } },
        { code: 'OTHER', inputs: {} },
      ],
      staff: [
        staffMember('A', { x: 80 }),
        staffMember('B', { x: 60 }),
        staffMember('C', { x: 50 }, { department: 'OTHER' }),
      ],
      incentive: {
        pools: [
          { department: 'DEP', formula: 'budget * score / 100 + headcount * 10' },
          { department: 'OTHER', formula: 'budget * 2' },
        ],
        weight: 'total',
      },
    });
    const r = scoreDocument(doc);
    // DEP: 1000 · 70 / 100 + 2 · 10 = 720.00, split 80 : 60.
    expect(r.departments[0]).toMatchObject({ code: 'DEP', pool: '720.00', allocated: '720.00' });
    expect(r.staff.map((s) => ok(s).incentive)).toEqual(['411.43', '308.57', null]);
    expect(ok(r.staff[0]).explanation.incentive).toContain(
      'pool formula budget * score / 100 + headcount * 10',
    );
    // OTHER has no budget: its pool is not split, and the message names the variable.
    expect(r.errors).toEqual([{ staff: 'C', message: expect.stringContaining('needs "budget"') }]);
    expect(r.departments[1]).not.toHaveProperty('pool');
  });
});

describe('scoring rows of a matrix (scoreRows)', () => {
  // Ten inputs; set C reads a contiguous run of them (transposed as one block), set W two far apart
  // (copied column by column): both must give exactly what the document path gives.
  const codes = Array.from({ length: 10 }, (_, j) => `v${j}`);
  const sets = [
    indicatorSet(
      [
        indicator({
          code: 'C1',
          weight: 30,
          formula: 'v2 / v3 * 100',
          scoring: { method: 'ratio', target: 90 },
        }),
        indicator({ code: 'C2', weight: 20, formula: 'v4 > 50 ? v5 : v6', missing: 'zero' }),
        indicator({
          code: 'C3',
          weight: 50,
          formula: 'v3',
          scoring: { method: 'linear', worst: 10, target: 90 },
        }),
      ],
      { code: 'C' },
    ),
    indicatorSet(
      [
        indicator({
          code: 'W1',
          weight: 1,
          formula: 'v1 - v9',
          scoring: { method: 'band', low: -5, high: 5, tolerance: 20 },
        }),
        indicator({ code: 'W2', weight: 2, formula: 'v9', scoring: { method: 'deduction', perUnit: 3 } }),
      ],
      { code: 'W' },
    ),
  ];
  const staff = Array.from({ length: 37 }, (_, i) =>
    staffMember(
      `S${String(i).padStart(2, '0')}`,
      Object.fromEntries(
        codes.map((c, j) => [c, (i * 7 + j * 13) % 11 === 0 ? null : ((i * 31 + j * 17) % 97) + 1]),
      ),
    ),
  );
  const doc = document({
    inputs: codes.map((code) => ({ code, name: code, unit: 'n', level: 'staff' as const })),
    indicatorSets: sets,
    staff,
  });
  const matrix = Float64Array.from(staff.flatMap((s) => codes.map((c) => s.inputs?.[c] ?? NaN)));
  const plain = (o: object) =>
    Object.fromEntries(
      Object.entries(o).map(([k, v]) => [
        k,
        Array.isArray(v)
          ? v.map((c) => Array.from(c))
          : ArrayBuffer.isView(v)
            ? Array.from(v as Float64Array)
            : v,
      ]),
    );

  it.each(['C', 'W'])('set %s: every column equals the document path, chunk by chunk', (code) => {
    const compiled = new CompiledScorecard(doc);
    const set = compiled.sets.get(code)!;
    for (const [start, end] of [
      [0, 37],
      [0, 16],
      [16, 37],
      [5, 6],
    ]) {
      const fromRows = plain(compiled.scoreRows(set, matrix, start, end));
      const fromDocs = plain(compiled.scoreBlock(set, staff.slice(start, end)));
      expect(fromRows).toEqual(fromDocs);
    }
  });

  it('refuses rows beyond the matrix', () => {
    const compiled = new CompiledScorecard(doc);
    expect(() => compiled.scoreRows(compiled.sets.get('C')!, matrix, 30, 38)).toThrow(RangeError);
  });
});

describe('grade quotas and overrides', () => {
  const grades = [
    { min: 90, grade: 'A', coefficient: 1.2 },
    { min: 75, grade: 'B', coefficient: 1.0 },
    { min: 0, grade: 'C', coefficient: 0.8 },
  ];
  // Four staff: 95, 93 and 91 reach A; at most 25 % of 4 (one) may hold it, so 93 and 91 hold B. Q has no quota
  // moving them but HR sets Q to A.
  const quotaDoc = (incentive: ScorecardDocument['incentive']) =>
    document({
      indicatorSets: [
        indicatorSet([indicator({ code: 'I1' })], {
          grades,
          quotas: { rules: [{ grade: 'A', maxShare: 25 }] },
        }),
      ],
      staff: [
        staffMember('P', { x: 95 }),
        staffMember('Q', { x: 93 }, { gradeOverride: { grade: 'A', reason: '专项奖励' } }),
        staffMember('R', { x: 91 }),
        staffMember('S', { x: 60 }, { gradeOverride: { grade: 'B', reason: '顶岗' } }),
      ],
      incentive,
    });
  const byId = (doc: ScorecardDocument) =>
    new Map(scoreDocument(doc).staff.map((r) => [r.id, ok(r)] as [string, StaffScore]));

  it('an amount formula sees the coefficient of the grade held', () => {
    const r = byId(quotaDoc({ amount: 'coefficient * 1000' }));
    expect([...r.values()].map((s) => [s.id, s.grade, s.coefficient, s.incentive])).toEqual([
      ['P', 'A', 1.2, '1200.00'],
      ['Q', 'A', 1.2, '1200.00'], // moved to B by the quota, set back to A by HR
      ['R', 'B', 1, '1000.00'], // moved to B by the quota
      ['S', 'B', 1, '1000.00'], // C by the total, B by HR
    ]);
    expect(r.get('P')!.calibration).toBeNull();
    expect(r.get('Q')!.calibration).toEqual({
      from: 'A',
      to: 'A',
      quota: {
        grade: 'B',
        rule: { grade: 'A', maxShare: 25 },
        allowed: 1,
        scope: 'department',
        department: 'DEP',
        staff: 4,
        rank: 2,
      },
      override: { grade: 'A', reason: '专项奖励' },
    });
    expect(r.get('R')!.explanation.grade).toBe(
      '91 ≥ 90 → grade A. Moved from A to B by the grade quota of set S in department DEP: A at most 1 of 4 ' +
        'staff (25 %), ranked 3rd. Grade B, coefficient 1',
    );
    expect(r.get('S')!.explanation.grade).toBe(
      '60 ≥ 0 → grade C. Set to B by HR: 顶岗. Grade B, coefficient 1',
    );
    expect(r.get('S')!.explanation.incentive).toBe('amount coefficient * 1000 = 1000 → 1000.00');
  });

  it('a pool weight formula sees it too, so the pool follows the grades held', () => {
    const doc = quotaDoc({ pools: [{ department: 'DEP', amount: '4400.00' }], weight: 'coefficient' });
    const r = byId(doc);
    // Weights 1.2 + 1.2 + 1 + 1 = 4.4: 1200.00, 1200.00, 1000.00, 1000.00.
    expect([...r.values()].map((s) => s.incentive)).toEqual(['1200.00', '1200.00', '1000.00', '1000.00']);
    // Without quotas and overrides the same totals would weigh 1.2·3 + 0.8 = 4.4 too, but split otherwise.
    const plain = quotaDoc({ pools: [{ department: 'DEP', amount: '4400.00' }], weight: 'coefficient' });
    delete plain.indicatorSets[0].quotas;
    plain.staff.forEach((s) => delete s.gradeOverride);
    expect([...byId(plain).values()].map((s) => [s.incentive, s.calibration])).toEqual([
      ['1200.00', null],
      ['1200.00', null],
      ['1200.00', null],
      ['800.00', null],
    ]);
  });

  it('scoreStaff takes a calibration map and leaves everyone else as they were', () => {
    const doc = quotaDoc({ amount: 'coefficient * 1000' });
    const c = compileDocument(doc);
    const first = c.scoreStaff(doc.staff, false);
    const map = c.calibration(doc.staff, first.results);
    expect([...map.keys()].sort()).toEqual(['Q', 'R', 'S']);
    const again = c.scoreStaff(doc.staff, false, map);
    expect(again.results.map((x) => [ok(x).grade, ok(x).coefficient, ok(x).incentive])).toEqual([
      ['A', 1.2, '1200.00'],
      ['A', 1.2, '1200.00'],
      ['B', 1, '1000.00'],
      ['B', 1, '1000.00'],
    ]);
    // A grade the set does not have (a stale map) holds no coefficient.
    const odd = c.scoreStaff([doc.staff[0]], false, new Map([['P', { ...map.get('R')!, to: null }]]));
    expect([ok(odd.results[0]).grade, ok(odd.results[0]).coefficient]).toEqual([null, 0]);
  });

  it('a slice of the staff calibrates only the groups it reaches (a run chunk)', () => {
    const doc = quotaDoc({ amount: 'coefficient * 1000' });
    const c = compileDocument(doc);
    const first = c.scoreStaff(doc.staff, false);
    const keys = (reach: CalibrationReach) =>
      [...c.calibration(doc.staff, first.results, reach).keys()].sort();
    // The set's quotas are per department: a chunk holding the department decides as the whole month does.
    expect(keys('department')).toEqual(['Q', 'R', 'S']);
    // Part of the department: nobody (every override here belongs to a set with quotas, applied after them).
    expect(keys('person')).toEqual([]);
    // Hospital-wide quotas reach beyond any department: only the whole month calibrates them.
    const hospital = quotaDoc({ amount: 'coefficient * 1000' });
    hospital.indicatorSets[0].quotas!.scope = 'hospital';
    const h = compileDocument(hospital);
    const scored = h.scoreStaff(hospital.staff, false);
    expect([...h.calibration(hospital.staff, scored.results, 'department').keys()]).toEqual([]);
    expect([...h.calibration(hospital.staff, scored.results).keys()].sort()).toEqual(['Q', 'R', 'S']);
    // Without quotas, an override needs nobody else: any slice applies it.
    const plain = quotaDoc({ amount: 'coefficient * 1000' });
    delete plain.indicatorSets[0].quotas;
    const p = compileDocument(plain);
    const alone = p.scoreStaff(plain.staff, false);
    expect([...p.calibration(plain.staff, alone.results, 'person').keys()].sort()).toEqual(['Q', 'S']);
  });

  it('validation: scope, rules, a set without grades, overrides', () => {
    const doc = quotaDoc(undefined) as unknown as Record<string, any>;
    const set = doc.indicatorSets[0];
    set.quotas = {
      scope: 'ward',
      rules: [
        { grade: 'A', maxShare: 25 },
        { grade: 'A', maxShare: 30 }, // a second cap on A
        { grade: 'C', maxShare: 10 }, // the last grade
        { grade: 'Z', minCount: 1 }, // not a grade
        { grade: 'B', minCount: 0 },
        { grade: 'B', minCount: 1, minStaff: 2.5 },
        { grade: 'B', maxShare: 101 },
        { grade: 'B', maxShare: 10, minCount: 1 },
        { grade: 'B', minCount: 2, minStaff: 3, colour: 'red' },
        'A',
      ],
      extra: 1,
    };
    doc.staff[1].gradeOverride = { grade: 'Z', reason: ' ' };
    doc.staff[2].gradeOverride = { grade: 'B', reason: 'x'.repeat(501) };
    doc.staff[3].gradeOverride = { grade: 'B', reason: 'x'.repeat(500), by: 'HR' };
    const report = validateDocument(doc);
    expect(report.problems.map((p) => [p.path, p.code])).toEqual([
      ['indicatorSets[0].quotas.scope', 'QUOTA_SCOPE'],
      ['indicatorSets[0].quotas.rules[1]', 'QUOTA_RULE'],
      ['indicatorSets[0].quotas.rules[2]', 'QUOTA_RULE'],
      ['indicatorSets[0].quotas.rules[3]', 'QUOTA_RULE'],
      ['indicatorSets[0].quotas.rules[4]', 'QUOTA_RULE'],
      ['indicatorSets[0].quotas.rules[5]', 'QUOTA_RULE'],
      ['indicatorSets[0].quotas.rules[6]', 'QUOTA_RULE'],
      ['indicatorSets[0].quotas.rules[7]', 'QUOTA_RULE'],
      ['indicatorSets[0].quotas.rules[9]', 'QUOTA_RULE'],
      ['staff[1].gradeOverride.grade', 'GRADE_OVERRIDE'],
      ['staff[1].gradeOverride.reason', 'GRADE_OVERRIDE'],
      ['staff[2].gradeOverride.reason', 'GRADE_OVERRIDE'],
    ]);
    expect(report.warnings.map((p) => p.path)).toEqual([
      'indicatorSets[0].quotas.extra',
      'indicatorSets[0].quotas.rules[8].colour',
      'staff[3].gradeOverride.by',
    ]);
    expect(report.problems[1].message).toMatch(
      /^is not a quota rule of set S, got \{"grade":"A","maxShare":30\}/,
    );
    delete set.grades;
    set.quotas = { rules: [] };
    expect(
      validateDocument(doc)
        .problems.slice(0, 2)
        .map((p) => [p.path, p.code]),
    ).toEqual([
      ['indicatorSets[0].quotas', 'QUOTA_WITHOUT_GRADES'],
      ['indicatorSets[0].quotas.rules', 'EMPTY_LIST'],
    ]);
  });
});

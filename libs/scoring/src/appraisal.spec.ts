// The appraisal above the month (docs/FORMAT.md, "Appraisal periods above the month"): validation with paths and
// codes, each rule of the roll-up, caps before quotas, the steps a batch runs apart, and the texts in both
// languages. The whole worked example is the scenario annual-rollup.yaml (scenarios.spec.ts).
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import {
  AppraisalStaffScore,
  appraisalPeriodDays,
  calibrate,
  compileAppraisal,
  isAppraisalError,
  parseDocumentText,
  periodMonths,
  renderAppraisal,
  rollUp,
  scoreAnyDocument,
  scoreAppraisal,
  scoreDocument,
  validateAnyDocument,
  validateAppraisal,
  validateDocument,
} from '.';
import { document } from '../../../test/factories/document';
import { scenario as fixture } from '../../../test/support/scenarios';

type Raw = Record<string, unknown>;
const GRADES = [
  { min: 90, grade: 'A', coefficient: 1.5 },
  { min: 75, grade: 'B', coefficient: 1 },
  { min: 0, grade: 'C', coefficient: 0.5 },
];
const year = (total: number, grade = 'B', extra: Raw = {}) =>
  periodMonths('2026').map((period) => ({ period, total, grade, ...extra }));
const doc = (appraisal: Raw, staff: Raw[], more: Raw = {}): Raw => ({
  formatVersion: 1,
  period: '2026',
  appraisal: { grades: GRADES, ...appraisal },
  inputs: [
    { code: 'mgr', name: 'Manager', unit: 'score', level: 'staff' },
    { code: 'peer', name: 'Peers', unit: 'score', level: 'staff' },
    { code: 'bonus', name: 'Bonus base', unit: 'CNY', level: 'department' },
  ],
  staff,
  ...more,
});
const person = (id: string, months: Raw[], more: Raw = {}): Raw => ({
  id,
  department: 'D1',
  indicatorSet: 'S',
  months,
  ...more,
});
const scored = (d: Raw) =>
  scoreAppraisal(d).staff.filter((s) => !isAppraisalError(s)) as AppraisalStaffScore[];
const codes = (d: unknown) => validateAppraisal(d).problems.map((p) => `${p.path} ${p.code}`);

describe('appraisal documents: periods', () => {
  it('know the months and days of a year, a quarter and a half-year', () => {
    expect(periodMonths('2026-Q2')).toEqual(['2026-04', '2026-05', '2026-06']);
    expect(periodMonths('2026-H2')).toEqual([
      '2026-07',
      '2026-08',
      '2026-09',
      '2026-10',
      '2026-11',
      '2026-12',
    ]);
    expect(periodMonths('2024')).toHaveLength(12);
    expect(appraisalPeriodDays('2024')).toBe(366);
    expect(appraisalPeriodDays('2026')).toBe(365);
    expect(appraisalPeriodDays('2026-Q1')).toBe(90);
    expect(appraisalPeriodDays('2026-H2')).toBe(184);
  });
});

describe('appraisal documents: validation', () => {
  it('accepts a valid document and dispatches on the appraisal key', () => {
    const d = doc({}, [person('P1', year(80))]);
    expect(validateAppraisal(d)).toEqual({ problems: [], warnings: [] });
    expect(validateAnyDocument(d).problems).toEqual([]);
    // A month's reader refuses it in one problem (the import stores months only).
    expect(validateDocument(d).problems.map((p) => p.code)).toEqual(['APPRAISAL_NOT_A_MONTH']);
    expect(validateAnyDocument(document()).problems).toEqual([]);
  });

  it('reports every problem at its path with a stable code', () => {
    const d = doc(
      {
        rollup: 'formula',
        minMonths: 13,
        assessments: [
          { input: 'mgr', weight: 70 },
          { input: 'bonus', weight: 10 },
          { input: 'peer', weight: 40 },
        ],
        caps: [
          { grade: 'D', to: 'Z' },
          { months: 2, to: 'B' },
          { vetoes: 1, to: 'C' },
        ],
        quotas: { rules: [{ grade: 'C', maxShare: 10 }] },
        colour: 'red',
      },
      [
        person('P1', [
          { period: '2025-12', total: 80, grade: 'B' },
          { period: '2026-01', total: '80', grade: 'B' },
          { period: '2026-02', total: 80, grade: 'B', days: 29 },
          { period: '2026-02', total: 80, grade: 'B' },
          { period: '2026-3', grade: 'B' },
        ]),
        person('P2', year(80), { gradeOverride: { grade: 'E', reason: 'x' } }),
        { id: 'P3', department: 'D1', indicatorSet: 'S' },
      ],
      { period: '2026-Q5', inputs: [{ code: 'mean', name: 'm', unit: 'n', level: 'staff' }] },
    );
    const found = codes(d);
    expect(found).toEqual(
      expect.arrayContaining([
        'period BAD_APPRAISAL_PERIOD',
        'inputs APPRAISAL_VARIABLE_CLASH',
        'appraisal ROLLUP_NEEDS_FORMULA',
        'appraisal.assessments[0].input ASSESSMENT_INPUT',
        'appraisal.assessments ASSESSMENT_WEIGHTS',
        'appraisal.caps[0] APPRAISAL_CAP',
        'appraisal.caps[1] APPRAISAL_CAP',
        'appraisal.quotas.rules[0] QUOTA_RULE',
        'staff[0].months[1].total NOT_A_NUMBER_OR_NULL',
        'staff[0].months[2].days DAYS_ABOVE_MONTH',
        'staff[0].months[4].period BAD_PERIOD',
        'staff[0].months[4].total REQUIRED',
        'staff[1].gradeOverride.grade GRADE_OVERRIDE',
        'staff[2].months REQUIRED_LIST',
      ]),
    );
    // An input named after a variable both roll-up and money formulas read is reported once, as the roll-up's.
    const both = doc({}, [person('P1', year(80))], {
      inputs: [{ code: 'months', name: 'm', unit: 'n', level: 'staff' }],
      incentive: { amount: 'coefficient * 100' },
    });
    expect(codes(both)).toEqual(['inputs APPRAISAL_VARIABLE_CLASH']);
    expect(validateAppraisal(d).warnings.map((w) => w.path)).toEqual(['appraisal.colour']);
    // The period being wrong, no month can be placed in it; with a right one, outside months and twins are found.
    const ok = doc({}, [
      person('P1', [
        { period: '2025-12', total: 80, grade: 'B' },
        { period: '2026-02', total: 80, grade: 'B' },
        { period: '2026-02', total: 80, grade: 'B' },
      ]),
    ]);
    expect(codes({ ...ok, period: '2026-Q1' })).toEqual([
      'staff[0].months[0].period MONTH_OUTSIDE_PERIOD',
      'staff[0].months[2].period DUPLICATE',
    ]);
    expect(codes({ ...ok, appraisal: { grades: GRADES, minMonths: 4 }, period: '2026-Q1' })).toContain(
      'appraisal.minMonths MIN_MONTHS',
    );
  });

  it('checks a set override against its own grades, and formulas against the roll-up variables', () => {
    const d = doc(
      {
        sets: {
          X: { grades: [{ min: 0, grade: 'ONLY', coefficient: 1 }], caps: [{ vetoes: 1, to: 'A' }] },
          Y: { formula: 'mean' },
          Z: { rollup: 'formula', formula: 'mean + months_A - vetoes + nope' },
        },
      },
      [person('P1', year(80), { indicatorSet: 'X', gradeOverride: { grade: 'A', reason: 'ok' } })],
    );
    expect(codes(d)).toEqual([
      'appraisal.sets.X.caps[0] APPRAISAL_CAP',
      'appraisal.sets.Y.formula FORMULA_WITHOUT_ROLLUP',
      'appraisal.sets.Z.formula FORMULA_UNKNOWN_NAME',
      'staff[0].gradeOverride.grade GRADE_OVERRIDE',
    ]);
  });

  it('checks the incentive with the period variables (total, coefficient, months, days, days_in_period)', () => {
    const inc = (weight: string) =>
      codes(
        doc({}, [person('P1', year(80))], {
          incentive: { pools: [{ department: 'D1', amount: '10.00' }], weight },
        }),
      );
    expect(inc('coefficient * days / days_in_period + months + total')).toEqual([]);
    expect(inc('points')).toEqual(['incentive.weight FORMULA_UNKNOWN_NAME']);
  });
});

describe('appraisal documents: scoring', () => {
  it('rolls up by days worked, skipping months with an error or not worked, and dispatches from scoreDocument', () => {
    const months = [
      { period: '2026-01', total: 80, grade: 'B', days: 10 },
      { period: '2026-02', total: 90, grade: 'A' }, // 28 days
      { period: '2026-03', total: null, grade: null, error: 'no value' },
      { period: '2026-04', total: 50, grade: 'C', days: 0 },
    ];
    const d = doc({}, [person('P1', months)]);
    const [r] = scored(d);
    // (80 × 10 + 90 × 28) / 38 = 3320 / 38 = 87.368… → 87.37
    expect(r).toMatchObject({ total: 87.37, rolled: 87.37, months: 2, days: 38, grade: 'B', coefficient: 1 });
    expect(r.explanation.total).toBe(
      'day-weighted mean of 2 months (38 days): 87.37; 1 month(s) with an error not counted',
    );
    expect(scoreDocument(d as never)).toEqual(scoreAppraisal(d));
    expect(scoreAnyDocument(d)).toEqual(scoreAppraisal(d));
  });

  it('rolls up by formula over mean, min, max, months, days, vetoes, months_<G> and inputs', () => {
    const months = year(80, 'B').map((m, i) =>
      i === 0
        ? { ...m, total: 60, grade: 'D', vetoed: true }
        : i === 1
          ? { ...m, total: 100, grade: 'A' }
          : m,
    );
    const d = doc(
      {
        rollup: 'formula',
        formula: 'max - min + months + days / 365 - vetoes - 2 * months_D + months_A + mgr',
      },
      [person('P1', months, { inputs: { mgr: 10 } })],
    );
    // 100 − 60 + 12 + 1 − 1 − 2 + 1 + 10 = 61
    expect(scored(d)[0]).toMatchObject({ rolled: 61, total: 61, grade: 'C' });
    // An input may be called like an object's property (`constructor`): it is the input, not the property.
    const odd = doc(
      { rollup: 'formula', formula: 'mean + constructor' },
      [person('P1', months, { inputs: { constructor: 1 } })],
      {
        inputs: [{ code: 'constructor', name: 'odd', unit: 'n', level: 'staff' }],
      },
    );
    // mean = (60 × 31 + 100 × 28 + 80 × 306) / 365 = 29140 / 365 = 79.836 → 79.84; + 1
    expect(scored(odd)[0]).toMatchObject({ rolled: 80.84 });
    const missing = doc({ rollup: 'formula', formula: 'mean + peer' }, [person('P1', months)]);
    expect(scoreAppraisal(missing).errors).toEqual([
      { staff: 'P1', message: 'the rollup formula needs "peer", which has no value for P1' },
    ]);
  });

  it('joins assessments by weight and re-normalises a missing one away', () => {
    const a = {
      assessments: [
        { input: 'mgr', weight: 30 },
        { input: 'peer', weight: 20 },
      ],
    };
    const [both, one, none] = scored(
      doc(a, [
        person('P1', year(80), { inputs: { mgr: 100, peer: 50 } }),
        person('P2', year(80), { inputs: { mgr: 100 } }),
        person('P3', year(80)),
      ]),
    );
    expect(both.total).toBe(80); // 0.5 × 80 + 0.3 × 100 + 0.2 × 50 = 40 + 30 + 10
    expect(one.total).toBe(87.5); // (50 × 80 + 30 × 100) / 80 = 7000 / 80
    expect(none.total).toBe(80);
    expect(one.explanation.total).toContain(
      'assessment peer has no value: its 20 % weight is re-normalised away',
    );
  });

  it('leaves a person with too few months ungraded, with a total and no weight in a pool', () => {
    const d = doc({ minMonths: 6 }, [person('P1', year(95).slice(0, 5)), person('P2', year(95))], {
      incentive: { pools: [{ department: 'D1', amount: '100.00' }], weight: 'coefficient' },
    });
    const r = scoreAppraisal(d);
    expect(r.staff[0]).toMatchObject({
      total: 95,
      grade: null,
      coefficient: 0,
      ungraded: 'worked 5 of 12 months, fewer than 6',
      incentive: '0.00',
    });
    expect(r.staff[1]).toMatchObject({ grade: 'A', incentive: '100.00' });
    expect(r.departments[0]).toMatchObject({ score: 95, staffCount: 2 });
  });

  it('caps by graded months or vetoes, the tightest cap winning, before the quotas', () => {
    const caps = [
      { grade: 'C', months: 2, to: 'B' },
      { vetoes: 1, to: 'C' },
    ];
    const twoC = year(95, 'A').map((m, i) => (i < 2 ? { ...m, grade: 'C' } : m));
    const vetoed = twoC.map((m, i) => (i === 5 ? { ...m, vetoed: true } : m));
    const oneC = year(95, 'A').map((m, i) => (i < 1 ? { ...m, grade: 'C' } : m));
    const [p1, p2, p3, p4] = scored(
      doc({ caps, quotas: { rules: [{ grade: 'A', maxShare: 34 }] } }, [
        person('P1', twoC),
        person('P2', vetoed),
        person('P3', oneC),
        person('P4', year(91, 'A')),
      ]),
    );
    expect(p1).toMatchObject({
      grade: 'B',
      capped: { grade: 'A', to: 'B', rule: caps[0] },
      calibration: null,
    });
    expect(p2).toMatchObject({ grade: 'C', capped: { grade: 'A', to: 'C', rule: caps[1] } });
    expect(p2.explanation.grade).toBe(
      '95 ≥ 90 → grade A. Capped from A to C: 1 or more vetoed months. Grade C, coefficient 0.5',
    );
    // floor(34 % of 4) = 1 A allowed: the capped P1 and P2 hold no A, so P3 keeps it and P4 moves down.
    expect(p3).toMatchObject({ grade: 'A', capped: null, calibration: null });
    expect(p4).toMatchObject({
      grade: 'B',
      calibration: { from: 'A', to: 'B', quota: { allowed: 1, rank: 4 } },
    });
  });

  it('takes a set override for the staff of its set, in their own quota group', () => {
    const d = doc(
      {
        quotas: { rules: [{ grade: 'A', maxShare: 0 }] },
        sets: {
          Y: {
            grades: [{ min: 50, grade: 'OK', coefficient: 2 }],
            quotas: { rules: [{ grade: 'OK', minCount: 1 }] },
          },
        },
      },
      [person('P1', year(95)), person('P2', year(95), { indicatorSet: 'Y' })],
    );
    const [p1, p2] = scored(d);
    expect(p1).toMatchObject({ grade: 'B', calibration: { quota: { staff: 1 } } });
    expect(p2).toMatchObject({ grade: 'OK', coefficient: 2, calibration: null });
  });

  it('pays by amount with the period variables', () => {
    const d = doc({}, [person('P1', year(80).slice(0, 6))], {
      incentive: { amount: '1000 * coefficient * days / days_in_period + months' },
    });
    // 1000 × 1 × 181 / 365 + 6 = 495.89… + 6 → 501.89
    expect(scored(d)[0].incentive).toBe('501.89');
  });

  it('scores the same when a batch runs the steps apart: per department, then calibration, then the roll-up', () => {
    const scenario = fixture('annual-rollup').document;
    const raw = parseDocumentText(readFileSync(scenario, 'utf8'));
    const whole = scoreAppraisal(raw);
    const app = compileAppraisal(raw);
    const staff = app.doc.staff;
    // Jobs per department score people alone; the finish step calibrates everyone, rescoring who moved.
    const byDept = ['D1', 'D2'].map((d) => staff.filter((s) => s.department === d));
    const parts = byDept.map((list) => app.scoreStaff(list));
    const order = byDept.flat();
    const results = parts.flatMap((p) => p.results);
    const calibrations = app.calibration(order, results);
    expect([...calibrations.keys()].sort()).toEqual(['A03', 'A04', 'A09']);
    // The finish step is calibrate itself over the results' grade entries: the same map.
    expect(calibrations).toEqual(
      calibrate(
        results.map((r, i) => ({
          id: r.id,
          department: r.department,
          set: '',
          total: 'error' in r || r.ungraded ? null : r.total,
          override: 'error' in r || r.ungraded ? undefined : order[i].gradeOverride,
          start: 'error' in r || r.ungraded ? undefined : (r.capped?.to ?? r.facts.band?.grade ?? null),
        })),
        (key) => app.gradeScale(key),
      ),
    );
    const again = app.scoreStaff(order, true, calibrations);
    const { departments, pools } = rollUp(
      again.entries,
      () => null,
      app.incentive,
      () => undefined,
      true,
    );
    for (const r of again.results) {
      const line = pools.lines.get(r.id);
      if (line && !('error' in r)) r.incentive = line.incentive;
    }
    const byId = new Map(again.results.map((r) => [r.id, r]));
    for (const r of whole.staff) {
      const b = byId.get(r.id)!;
      expect('error' in b ? b.error : [b.total, b.grade, b.coefficient, b.incentive]).toEqual(
        'error' in r ? r.error : [r.total, r.grade, r.coefficient, r.incentive],
      );
    }
    expect(departments.map((d) => [d.code, d.score, d.pool, d.allocated])).toEqual(
      whole.departments.map((d) => [d.code, d.score, d.pool, d.allocated]),
    );
  });

  it('renders the texts in Chinese from the result alone', () => {
    const scenario = fixture('annual-rollup').document;
    const result = scoreAppraisal(parseDocumentText(readFileSync(scenario, 'utf8')));
    const get = (id: string) => result.staff.find((s) => s.id === id) as AppraisalStaffScore;
    for (const s of result.staff)
      if (!isAppraisalError(s))
        expect(renderAppraisal(s, 'en')).toEqual({ total: s.explanation.total, grade: s.explanation.grade });
    expect(renderAppraisal(get('A06'), 'zh').grade).toBe(
      '92.67 ≥ 90 → 等级 优秀。 封顶为 合格：1 个月及以上为 D。 等级 合格，系数 1',
    );
    expect(renderAppraisal(get('A03'), 'zh').grade).toContain('按科室 D1 的等级配额，由 优秀 调为 合格');
    expect(renderAppraisal(get('A08'), 'zh').grade).toBe(
      '12 个月中有总分的月份 4 个，少于 6：本期不评等级，系数 0',
    );
    expect(renderAppraisal(get('A05'), 'zh').total).toContain('考评 mgr 无分值');
  });
});

describe('appraisal documents: properties', () => {
  const month = fc.record({
    total: fc.option(
      fc.integer({ min: 0, max: 10000 }).map((c) => c / 100),
      { nil: null },
    ),
    days: fc.integer({ min: 0, max: 28 }),
    grade: fc.constantFrom('A', 'B', 'C', 'D'),
    vetoed: fc.boolean(),
  });
  const months = fc
    .array(month, { minLength: 1, maxLength: 12 })
    .map((list) => list.map((m, i) => ({ period: periodMonths('2026')[i], ...m })));

  it('the mean roll-up is the plain weighted mean of the months with a total and days, rounded', () => {
    fc.assert(
      fc.property(months, (list) => {
        const counted = list.filter((m) => m.total !== null && m.days > 0);
        const r = scoreAppraisal(doc({}, [person('P', list)])).staff[0];
        if (counted.length === 0) return isAppraisalError(r);
        const days = counted.reduce((n, m) => n + m.days, 0);
        // In whole cents and days, exactly: Σ cents·days / Σ days, rounded half up to the cent.
        const cents = counted.reduce((n, m) => n + Math.round(m.total! * 100) * m.days, 0);
        const expected = Math.floor((2 * cents + days) / (2 * days)) / 100;
        return !isAppraisalError(r) && r.total === expected && r.days === days && r.months === counted.length;
      }),
      { numRuns: 200 },
    );
  });

  it('never throw on a hostile document: a valid one scores, any other is refused with its problems', () => {
    const base = doc({ caps: [{ grade: 'D', to: 'C' }], quotas: { rules: [{ grade: 'A', maxShare: 50 }] } }, [
      person('P1', year(80), { inputs: { mgr: 1 } }),
    ]);
    const paths = [
      ['appraisal', 'rollup'],
      ['appraisal', 'formula'],
      ['appraisal', 'minMonths'],
      ['appraisal', 'assessments'],
      ['appraisal', 'caps'],
      ['appraisal', 'grades'],
      ['appraisal', 'quotas'],
      ['appraisal', 'sets'],
      ['staff', 0, 'months'],
      ['staff', 0, 'months', 0],
      ['staff', 0, 'months', 0, 'total'],
      ['staff', 0, 'months', 0, 'days'],
      ['staff', 0, 'gradeOverride'],
      ['staff', 0, 'indicatorSet'],
      ['incentive'],
      ['period'],
      ['appraisal'],
    ] as const;
    fc.assert(
      fc.property(fc.constantFrom(...paths), fc.anything(), (path, value) => {
        const d = structuredClone(base) as Record<string | number, unknown>;
        let o = d;
        for (const k of path.slice(0, -1)) o = o[k] as Record<string | number, unknown>;
        o[path[path.length - 1]] = value;
        const report = validateAppraisal(d);
        if (report.problems.length) return expect(() => scoreAppraisal(d)).toThrow(/problem/) === undefined;
        return scoreAppraisal(d).staff.length === 1;
      }),
      { numRuns: 400 },
    );
  });

  it('caps never raise a grade', () => {
    const rank = (g: string | null) => (g === null ? 3 : ['A', 'B', 'C'].indexOf(g));
    const cap = fc.record({
      grade: fc.constantFrom('A', 'B', 'C', 'D'),
      months: fc.integer({ min: 1, max: 3 }),
      to: fc.constantFrom('A', 'B', 'C'),
    });
    fc.assert(
      fc.property(months, fc.array(cap, { maxLength: 3 }), (list, caps) => {
        const plain = scoreAppraisal(doc({}, [person('P', list)])).staff[0];
        const capped = scoreAppraisal(doc({ caps }, [person('P', list)])).staff[0];
        if (isAppraisalError(plain) || isAppraisalError(capped))
          return isAppraisalError(plain) === isAppraisalError(capped);
        return capped.total === plain.total && rank(capped.grade) >= rank(plain.grade);
      }),
      { numRuns: 200 },
    );
  });
});

// Validation reports every problem with its path, and refuses what the format refuses.
import { document, indicator, indicatorSet, staffMember } from '../../../test/factories/document';
import { validateDocument } from '.';

const problems = (raw: unknown) => validateDocument(raw).problems.map((p) => `${p.path}: ${p.message}`);

describe('validateDocument', () => {
  it('accepts the factory document', () => {
    expect(validateDocument(document())).toEqual({ problems: [], warnings: [] });
  });

  it('reports every problem at once, each with its path', () => {
    const raw = {
      formatVersion: 2,
      period: '2026-1',
      inputs: [{ code: '1bad', name: 'x', unit: 'u', level: 'team' }],
      indicatorSets: [
        {
          code: 'S',
          name: 'S',
          dimensions: [{ code: 'd', name: 'd', weight: 90 }],
          indicators: [
            {
              code: 'I',
              name: 'I',
              dimension: 'd',
              weight: 100,
              formula: 'x',
              scoring: { method: 'linear', worst: 1, target: 1 },
            },
            {
              code: 'J',
              name: 'J',
              dimension: 'nope',
              weight: 5,
              formula: 'x',
              scoring: { method: 'magic' },
            },
          ],
        },
      ],
      staff: [{ id: 'A', department: 'D', indicatorSet: 'T' }],
    };
    const p = problems(raw);
    expect(p).toEqual(
      expect.arrayContaining([
        'formatVersion: must be 1, got 2',
        expect.stringMatching(/^period: must be a month/),
        expect.stringMatching(/^inputs\[0\]\.code: "1bad" must match/),
        expect.stringMatching(/^inputs\[0\]\.level: is "team": must be one of staff, department/),
        'indicatorSets[0].dimensions: set S: dimension weights sum to 90, not 100',
        expect.stringMatching(
          /^indicatorSets\[0\]\.indicators\[0\]\.formula: indicator I: formula uses "x", which is not a declared input/,
        ),
        expect.stringMatching(/^indicatorSets\[0\]\.indicators\[0\]\.scoring\.target: target equals worst/),
        'indicatorSets[0].indicators[1].dimension: "nope" is not a dimension of set S',
        expect.stringMatching(/^indicatorSets\[0\]\.indicators\[1\]\.scoring\.method: is "magic"/),
        'staff[0].indicatorSet: "T" is not an indicator set of this document',
      ]),
    );
  });

  it('checks indicator weights per dimension, naming the set, dimension and sum', () => {
    const set = indicatorSet([indicator({ code: 'A', weight: 30 }), indicator({ code: 'B', weight: 30 })]);
    expect(problems(document({ indicatorSets: [set] }))).toEqual([
      'indicatorSets[0].indicators: set S, dimension d1: indicator weights sum to 60, not 100',
    ]);
  });

  it('accepts weights that sum to 100 within 1e-9', () => {
    const set = indicatorSet([
      indicator({ code: 'A', weight: 100 / 3 }),
      indicator({ code: 'B', weight: 100 / 3 }),
      indicator({ code: 'C', weight: 100 / 3 }),
    ]);
    expect(problems(document({ indicatorSets: [set] }))).toEqual([]);
  });

  it('rejects parameters that would divide by zero', () => {
    const bad = [
      { method: 'linear', worst: 5, target: 5 },
      { method: 'efficacy', satisfactory: 9, unacceptable: 9 },
      { method: 'ratio', target: 0 },
      { method: 'band', low: 0, high: 1, tolerance: 0 },
      { method: 'band', low: 0, high: 1, tolerance: -1 },
    ];
    for (const scoring of bad) {
      const set = indicatorSet([indicator({ code: 'A', scoring: scoring as never })]);
      expect(problems(document({ indicatorSets: [set] }))).toHaveLength(1);
    }
  });

  it('rejects duplicate codes where they are keys', () => {
    const doc = document({
      inputs: [
        { code: 'x', name: 'x', unit: 'n', level: 'staff' },
        { code: 'x', name: 'x', unit: 'n', level: 'staff' },
      ],
      departments: [{ code: 'D' }, { code: 'D' }],
      staff: [staffMember('A', { x: 1 }), staffMember('A', { x: 1 })],
      workload: {
        tasks: [
          { code: 'T', name: 'T', rvu: 1 },
          { code: 'T', name: 'T', rvu: 1 },
        ],
      },
    });
    expect(problems(doc)).toEqual([
      'inputs[1].code: duplicate input code "x"',
      'workload.tasks[1].code: duplicate task code "T"',
      'departments[1].code: duplicate department code "D"',
      'staff[1].id: duplicate staff id "A"',
    ]);
  });

  it('refuses money as a binary float and pools for departments without staff', () => {
    const doc = document({
      incentive: { pools: [{ department: 'GHOST', amount: 100 as never }], weight: 'total' },
    });
    expect(problems(doc)).toEqual([
      'incentive.pools[0].department: "GHOST" has no staff in this document, so its pool could never be paid',
      expect.stringMatching(
        /^incentive\.pools\[0\]\.amount: must be a decimal string such as "100\.00", not a number/,
      ),
    ]);
  });

  it('needs exactly one of amount or pools', () => {
    expect(problems(document({ incentive: {} }))).toEqual([expect.stringContaining('exactly one of')]);
    expect(problems(document({ incentive: { amount: 'total', pools: [] } }))).toEqual([
      expect.stringContaining('exactly one of'),
    ]);
  });

  it('checks staff input values and task counts', () => {
    const doc = document({ staff: [staffMember('A', { x: 'high' as never, q: 1 }, { tasks: { T: 1 } })] });
    expect(problems(doc)).toEqual([
      'staff[0].inputs.x: must be a finite number or null, got "high"',
      'staff[0].inputs.q: "q" is not a declared input',
      'staff[0].tasks.T: task "T" given but the document has no workload catalogue',
    ]);
  });

  it('warns about unknown keys (usually typos) without refusing the document', () => {
    const set = indicatorSet([indicator({ code: 'A', scoring: { method: 'direct', cpa: 5 } as never })]);
    const report = validateDocument({ ...document({ indicatorSets: [set] }), extra: true });
    expect(report.problems).toEqual([]);
    expect(report.warnings.map((w) => w.path)).toEqual([
      'extra',
      'indicatorSets[0].indicators[0].scoring.cpa',
    ]);
  });

  it('refuses a document that is not an object', () => {
    expect(problems('hello')).toEqual([': the document must be an object, got "hello"']);
    expect(problems(null)).toHaveLength(1);
  });
});

describe('validateDocument: incentive floors, proration and pool formulas', () => {
  it('accepts a plan with a pool formula, floor, cap and proration', () => {
    const doc = document({
      inputs: ['x', 'y', 'days_worked'].map((code) => ({
        code,
        name: code,
        unit: 'n',
        level: 'staff' as const,
      })),
      incentive: {
        pools: [{ department: 'DEP', formula: 'headcount * 100 * score / 100 + days_in_period' }],
        weight: 'total',
        minPerPerson: '10.00',
        maxPerPerson: '900.00',
        proration: 'days_worked / days_in_period',
      },
    });
    expect(validateDocument(doc).problems).toEqual([]);
  });

  it('names each problem in the new keys', () => {
    const doc = document({
      inputs: ['x', 'score'].map((code) => ({ code, name: code, unit: 'n', level: 'staff' as const })),
      incentive: {
        pools: [
          { department: 'DEP', amount: '10.00', formula: 'headcount' },
          { department: 'X', formula: 'total * 2' },
        ] as never,
        weight: 'x',
        minPerPerson: '50.00',
        maxPerPerson: '40.00',
        proration: 'unknown_days / 30',
      },
      staff: [staffMember('A', { x: 1 }), staffMember('B', { x: 1 }, { department: 'X' })],
    });
    expect(problems(doc)).toEqual([
      'incentive.minPerPerson: the floor 50.00 is above the cap maxPerPerson 40.00',
      'incentive.proration: proration formula uses "unknown_days", which is not a declared input',
      'incentive.pools[0]: needs exactly one of "amount" or "formula"',
      'incentive.pools[1].formula: pool formula uses "total", which is not a declared input',
      'inputs: input code "score" clashes with the pool-formula variable of the same name',
    ]);
  });
});

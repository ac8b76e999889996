// Every problem the validators report carries a stable code from the one table, and its English message is that
// code's text filled with its params (so the text a page translates and the message the CLI prints agree).
import { document, indicator, staffMember } from '../../../test/factories/document';
import {
  DocumentInvalidError,
  FormulaError,
  nameProblem,
  overBudget,
  parseDocumentText,
  parseFormula,
  Problem,
  PROBLEM_CODES,
  PROBLEM_TEMPLATES,
  problemMessage,
  ProblemCode,
  validateDocument,
} from '.';

type Raw = Record<string, unknown>;
const base = () => document() as unknown as Raw;
const set0 = (d: Raw) => (d.indicatorSets as Raw[])[0];
const ind0 = (d: Raw) => (set0(d).indicators as Raw[])[0];

/** Broken documents, each meant to produce at least one problem. */
const BROKEN: [string, (d: Raw) => unknown][] = [
  ['not an object', () => 'text'],
  ['everything wrong at the top', (d) => ({ ...d, formatVersion: 2, period: '2026-1', colour: 1 })],
  ['no lists', (d) => ({ ...d, inputs: undefined, indicatorSets: 3, staff: [] })],
  ['empty sets', (d) => ({ ...d, indicatorSets: [] })],
  [
    'bad inputs',
    (d) => ({ ...d, inputs: [7, { code: '1x', name: 5, unit: '', level: 'team' }, { code: 'x' }] }),
  ],
  [
    'duplicate input and name shapes',
    (d) => ({
      ...d,
      inputs: [
        { code: 'x', name: { fr: 'x' }, unit: 'n', level: 'staff' },
        { code: 'x', name: {}, unit: 'n', level: 'staff' },
        { code: 'y', name: { zh: '' }, unit: 'n', level: 'staff' },
        { code: 'z', name: [1], unit: 'n', level: 'staff' },
        { code: 'w', name: ' ', unit: 'n', level: 'staff' },
      ],
    }),
  ],
  [
    'weights, dimensions and scoring',
    (d) => {
      set0(d).dimensions = [
        { code: 'd1', name: 'D', weight: 60 },
        { code: 'd1', name: 'D', weight: -1 },
      ];
      set0(d).indicators = [
        indicator({
          code: 'I1',
          weight: 50,
          scoring: { method: 'linear', worst: 1, target: 1, floor: 90, cap: 10 },
        }),
        indicator({ code: 'I1', dimension: 'nope', scoring: { method: 'ratio', target: 0 } }),
        indicator({
          code: 'I3',
          weight: 'x' as never,
          scoring: { method: 'band', low: 5, high: 1, tolerance: 0 },
        }),
        indicator({ code: 'I4', scoring: { method: 'efficacy', satisfactory: 1, unacceptable: 1 } }),
        indicator({ code: 'I5', scoring: { method: 'thresholds', steps: [] } }),
        indicator({ code: 'I6', scoring: { method: 'magic' } as never, missing: 'skip' as never }),
        indicator({ code: 'I7', veto: { cap: 50 } }),
        indicator({ code: 'I8', scoring: 'linear' as never }),
      ];
      set0(d).grades = [{ min: 'x', grade: 'A', coefficient: -1 }];
      return d;
    },
  ],
  [
    'formulas',
    (d) => {
      const bad = [
        7,
        ' ',
        'x'.repeat(3000),
        'x +',
        'salary',
        '"a" + x',
        'true + x',
        'x = 1',
        'f(a) = a',
        'x.y',
        '{a: 1}',
        '[1, 2]',
        'x; y',
        'x & y',
        'foo(x)',
        'min()',
      ];
      set0(d).indicators = bad.map((formula, i) => indicator({ code: `F${i}`, formula: formula as string }));
      set0(d).dimensions = [{ code: 'd1', name: 'D', weight: 100 }];
      return d;
    },
  ],
  [
    'workload',
    (d) => ({
      ...d,
      workload: {
        components: ['time', '', 'time'],
        tasks: [
          { code: 'T', name: 'T', rvu: { time: -1, risk: 1 } },
          { code: 'T', name: 'T', rvu: -2 },
        ],
        adjustments: [
          { site: 'A', factors: { time: -1 } },
          { site: 'A', factors: 3 },
        ],
        pointValue: 2.5,
      },
      staff: [staffMember('A', { x: 1, q: 2, y: 'n' as never }, { tasks: { T: -1, U: 1 } })],
    }),
  ],
  [
    'staff and departments',
    (d) => ({
      ...d,
      departments: [{ code: 'DEP', inputs: { q: 1 } }, { code: 'DEP' }],
      staff: [
        staffMember('A', { x: 1 }, { indicatorSet: 'NOPE', tasks: { T: 1 } }),
        staffMember('A', { x: 1 }, { department: 7 as never }),
      ],
    }),
  ],
  [
    'incentive with amount',
    (d) => ({
      ...d,
      inputs: [...(d.inputs as Raw[]), { code: 'total', name: 't', unit: 'n', level: 'staff' }],
      incentive: {
        amount: 'total ^ 100000',
        weight: 'total',
        maxPerPerson: '1.00',
        minPerPerson: '2.001',
        proration: 'nope',
        deductions: 'yes',
      },
    }),
  ],
  [
    'incentive amount and bounds',
    (d) => ({
      ...d,
      incentive: { amount: 'total', maxPerPerson: 5, minPerPerson: '2.00', deductions: true },
    }),
  ],
  [
    'incentive with pools',
    (d) => ({
      ...d,
      inputs: [...(d.inputs as Raw[]), { code: 'score', name: 's', unit: 'n', level: 'staff' }],
      incentive: {
        deductions: true,
        pools: [
          { department: 'DEP', amount: '1.00', formula: 'headcount' },
          { department: 'DEP', formula: 'headcount' },
          { department: 'NONE', amount: '99999999999999999999.00' },
          { department: 'X', amount: '1.001' },
        ],
      },
    }),
  ],
  ['incentive with neither', (d) => ({ ...d, incentive: {} })],
  [
    'plan rules out of range',
    (d) => {
      set0(d).plans = { threshold: -1, items: 2.5, every: 1 };
      ind0(d).planBelow = 'low';
      return d;
    },
  ],
  [
    'grade quotas and overrides',
    (d) => {
      set0(d).grades = [
        { min: 90, grade: 'A', coefficient: 1.2 },
        { min: 0, grade: 'B', coefficient: 1 },
      ];
      set0(d).quotas = { scope: 'ward', rules: [{ grade: 'B', maxShare: 10 }] };
      (d.staff as Raw[])[0].gradeOverride = { grade: 'Z', reason: '' };
      return d;
    },
  ],
  [
    'grade quotas without grades',
    (d) => {
      set0(d).quotas = { rules: [{ grade: 'A', minCount: 1 }] };
      return d;
    },
  ],
  [
    'a floor above the cap',
    (d) => ({ ...d, incentive: { amount: 'total', maxPerPerson: '1.00', minPerPerson: '2.00' } }),
  ],
  [
    'dimension weights',
    (d) => {
      set0(d).dimensions = [{ code: 'd1', name: 'D', weight: 90 }];
      return d;
    },
  ],
  [
    'incentive with pools and no weight',
    (d) => ({ ...d, incentive: { pools: [{ department: 'DEP', amount: 'x' }], maxPerPerson: '1.00' } }),
  ],
];

/** The codes validateDocument reports (the rest of the table belongs to other validators). */
const DOCUMENT_CODES: ProblemCode[] = [
  'DOCUMENT_NOT_OBJECT',
  'UNKNOWN_KEY',
  'NOT_AN_OBJECT',
  'REQUIRED',
  'REQUIRED_LIST',
  'NOT_A_LIST',
  'EMPTY_LIST',
  'NOT_A_STRING',
  'NOT_A_NUMBER',
  'NOT_A_NUMBER_OR_NULL',
  'BELOW_MIN',
  'NOT_POSITIVE',
  'NEGATIVE',
  'BAD_COUNT',
  'NOT_BOOLEAN',
  'REQUIRED_ONE_OF',
  'NOT_ONE_OF',
  'DUPLICATE',
  'FORMAT_VERSION',
  'BAD_PERIOD',
  'NAME_TEXT',
  'NAME_SHAPE',
  'NAME_KEYS',
  'NAME_EMPTY',
  'NAME_LANG_TEXT',
  'MONEY_TOO_LARGE',
  'MONEY_IS_NUMBER',
  'NOT_A_DECIMAL_PLACES',
  'BAD_INPUT_CODE',
  'NOT_DECLARED_INPUT',
  'DIMENSION_WEIGHTS',
  'NOT_A_DIMENSION',
  'FLOOR_ABOVE_CAP',
  'PLAN_ITEMS',
  'TARGET_EQUALS_WORST',
  'TARGET_ZERO',
  'LOW_ABOVE_HIGH',
  'SATISFACTORY_EQUALS_UNACCEPTABLE',
  'VETO_NO_CONDITION',
  'QUOTA_WITHOUT_GRADES',
  'QUOTA_SCOPE',
  'QUOTA_RULE',
  'GRADE_OVERRIDE',
  'FORMULA_NOT_STRING',
  'FORMULA_EMPTY',
  'FORMULA_TOO_LONG',
  'FORMULA_SYNTAX',
  'FORMULA_STRING',
  'FORMULA_CONSTANT',
  'FORMULA_UNKNOWN_NAME',
  'FORMULA_OPERATOR',
  'FORMULA_FUNCTION',
  'FORMULA_ARITY',
  'FORMULA_ASSIGNMENT',
  'FORMULA_DEFINITION',
  'FORMULA_ACCESS',
  'FORMULA_OBJECT',
  'FORMULA_MATRIX',
  'FORMULA_SEVERAL',
  'MONEY_EXPONENT',
  'NOT_A_COMPONENT',
  'NOT_A_SET',
  'UNKNOWN_TASK',
  'MONEY_VARIABLE_CLASH',
  'POOL_VARIABLE_CLASH',
  'AMOUNT_OR_POOLS',
  'FLOOR_ABOVE_MAX',
  'ONLY_WITH_POOLS',
  'ONLY_WITH_AMOUNT',
  'REQUIRED_WITH_POOLS',
  'POOL_WITHOUT_STAFF',
  'AMOUNT_OR_FORMULA',
];

/** The message is the code's text with its params (after which formula, or before the value a name was). */
function expectCoded(p: Problem): void {
  expect(PROBLEM_CODES).toContain(p.code);
  const text = problemMessage(p.code as ProblemCode, p.params);
  expect(p.message.includes(text)).toBe(true);
  for (const v of Object.values(p.params ?? {}))
    expect(typeof v === 'string' || typeof v === 'number').toBe(true);
}

describe('problem codes', () => {
  it('are UPPER_SNAKE, and each text is a non-empty sentence', () => {
    for (const code of PROBLEM_CODES) {
      expect(code).toMatch(/^[A-Z][A-Z0-9_]*$/);
      expect(PROBLEM_TEMPLATES[code].trim()).not.toBe('');
    }
  });

  it('fill the slots that are params and leave the other braces alone', () => {
    expect(problemMessage('NAME_SHAPE')).toBe(
      'must be a text or {zh, en} (the name in Chinese and in English)',
    );
    expect(problemMessage('NOT_ONE_OF', { got: '"{values}"', values: 'a, b' })).toBe(
      'is "{values}": must be one of a, b',
    );
  });

  it('code every problem and warning of every broken document, and cover what validateDocument reports', () => {
    const seen = new Set<string>();
    for (const [name, breakIt] of BROKEN) {
      const report = validateDocument(breakIt(base()));
      expect({ name, count: report.problems.length > 0 }).toEqual({ name, count: true });
      for (const p of [...report.problems, ...report.warnings]) {
        expectCoded(p);
        seen.add(p.code!);
      }
    }
    expect(DOCUMENT_CODES.filter((c) => !seen.has(c))).toEqual([]);
  });

  it('keep the messages as they were (a few written out in full)', () => {
    const messages = (raw: unknown) => validateDocument(raw).problems.map((p) => `${p.path}: ${p.message}`);
    const d = base();
    set0(d).dimensions = [{ code: 'd1', name: 'D', weight: 90 }];
    ind0(d).formula = 'salary';
    expect(messages(d)).toEqual([
      'indicatorSets[0].dimensions: set S: dimension weights sum to 90, not 100',
      'indicatorSets[0].indicators[0].formula: indicator I1: formula uses "salary", which is not a declared input',
    ]);
    expect(
      messages({ ...base(), inputs: [{ code: 'x', name: { fr: 'x' }, unit: 'n', level: 'staff' }] }),
    ).toEqual(['inputs[0].name: may only hold zh and en, not fr, got {"fr":"x"}']);
    expect(messages({ ...base(), incentive: { amount: 'total', maxPerPerson: 5 } })).toEqual([
      'incentive.maxPerPerson: must be a decimal string such as "5.00", not a number (money is never a binary float)',
    ]);
  });

  it('come with the formula errors themselves', () => {
    for (const text of ['', 'x +', 'y', 'x & 1', 'foo(1)', 'x = 1', '"s"']) {
      try {
        parseFormula(text, (s) => s === 'x');
        throw new Error(`${text} parsed`);
      } catch (e) {
        expect(e).toBeInstanceOf(FormulaError);
        const f = e as FormulaError;
        expect(f.message).toBe(problemMessage(f.code, f.params));
      }
    }
  });

  it('come with names, the document text and its budget', () => {
    expect(nameProblem({ zh: 'x', de: 'y' })).toBe('may only hold zh and en, not de');
    const refusal = (text: string, budget?: { maxDepth: number; maxNodes: number }, format?: 'json') => {
      try {
        parseDocumentText(text, format, budget);
      } catch (e) {
        return (e as DocumentInvalidError).problems[0];
      }
      throw new Error('parsed');
    };
    for (const [text, code] of [
      ['{"a": ', 'NOT_YAML'],
      ['a: [', 'NOT_YAML'],
    ] as const) {
      const p = refusal(text);
      expect(p.code).toBe(code);
      expectCoded(p);
    }
    expect(refusal('{"a": 1', undefined, 'json')).toMatchObject({ code: 'NOT_JSON' });
    const deep = refusal('a: {b: {c: 1}}', { maxDepth: 2, maxNodes: 100 });
    expect(deep).toMatchObject({ code: 'DOCUMENT_TOO_DEEP', params: { max: 2 } });
    expect(deep.message).toBe(
      `the document is too large: ${overBudget({ a: { b: { c: 1 } } }, { maxDepth: 2, maxNodes: 100 })}`,
    );
    const many = refusal('[1, 2, 3, 4]', { maxDepth: 5, maxNodes: 3 });
    expect(many).toMatchObject({ code: 'DOCUMENT_TOO_MANY_VALUES', params: { max: '3' } });
    expect(many.message).toBe(
      `the document is too large: ${overBudget([1, 2, 3, 4], { maxDepth: 5, maxNodes: 3 })}`,
    );
  });
});

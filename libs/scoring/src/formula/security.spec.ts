// The payloads of mathjs's own security tests (and a few more) must be refused when a document is validated,
// with a message naming the formula; nothing of them may run or touch Object.prototype.
import { document, indicator, indicatorSet } from '../../../../test/factories/document';
import { scoreDocument, validateDocument } from '..';
import { FormulaError, parseFormula } from './expr';

const PAYLOADS = [
  // calling Function through constructors
  `f=[].map.constructor("console.log('hacked...')"); f()`,
  `f=sqrt.constructor("console.log('hacked...')"); f()`,
  `[].constructor()`,
  `sqrt.constructor`,
  `f=[].map["constructor"]("console.log('hacked...')"); f()`,
  `f=[].map["\\u0063onstructor"]("console.log('hacked...')"); f()`,
  `prop="constructor"; f=[].map[prop]("console.log('hacked...')"); f()`,
  `f=[].map.constructor.bind()("console.log('hacked...')"); f()`,
  `f=[].map.constructor.call(null, "console.log('hacked...')"); f()`,
  // bare dangerous names
  'constructor',
  'toString',
  '__proto__',
  'prototype',
  'x.__proto__',
  'x.constructor',
  'x["constructor"]',
  // unicode-disguised names
  'x.co\u006Estructor',
  'x["co\\u006Estructor"]',
  'co\u006Estructor',
  '\u0063onstructor',
  // object syntax with forbidden keys
  'x = {constructor: 2}',
  '{hasOwnProperty: 2}',
  '{toString: 2}',
  '{}.constructor.assign(cos.constructor, {binding: cos.bind})',
  // the parser's own machinery
  `import({matrix:cos.constructor},{override:1})`,
  'createUnit("foo")',
  'evaluate("2 + 2")',
  'parse("1").compile().evaluate()',
  'x=parse("cos"); x.compile().evaluate()',
  'compile("1")',
  'config({number: "BigNumber"})',
  'simplify("x")',
  'derivative("x", "x")',
  'chain(1)',
  'unit("5 cm")',
  'help("sin")',
  'expression.node.Node.prototype.compile',
  `cos.syntax="global.eval"`,
  // definitions and assignments
  'f(x) = x',
  'c(x,y)="hacked"',
  'x = 1',
  'x.y = 1',
  // other syntax outside the whitelist
  '"a string"',
  '[1, 2, 3]',
  '1:3',
  'x; y',
  'x % 2',
  'x!',
  'x and y',
  'not x',
  '+x',
  '5 cm',
  'pi',
  'Infinity',
  'true',
  'x[1]',
];

const declared = (s: string) => s === 'x' || s === 'y';

describe('formula security', () => {
  const before = {
    objectProto: Object.getOwnPropertyNames(Object.prototype).sort(),
    functionProto: Object.getOwnPropertyNames(Function.prototype).sort(),
    arrayProto: Object.getOwnPropertyNames(Array.prototype).sort(),
  };

  it.each(PAYLOADS)('refuses %s', (payload) => {
    expect(() => parseFormula(payload, declared)).toThrow(FormulaError);
    const doc = document({ indicatorSets: [indicatorSet([indicator({ code: 'EVIL', formula: payload })])] });
    const { problems } = validateDocument(doc);
    expect(problems).toHaveLength(1);
    expect(problems[0].path).toBe('indicatorSets[0].indicators[0].formula');
    expect(problems[0].message).toMatch(/^indicator EVIL: formula /);
  });

  it('refuses the payloads in money formulas too', () => {
    for (const payload of PAYLOADS) {
      const { problems } = validateDocument(document({ incentive: { amount: payload } }));
      expect(problems.map((p) => p.path)).toEqual(['incentive.amount']);
    }
  });

  it('names the offending token', () => {
    expect(() => parseFormula('evaluate("1")', declared)).toThrow(
      /"evaluate", which is not an allowed function/,
    );
    expect(() => parseFormula('constructor', declared)).toThrow(
      /"constructor", which is not a declared input/,
    );
    expect(() => parseFormula('f(x) = x', declared)).toThrow(/defines a function "f"/);
    expect(() => parseFormula('x = 1', declared)).toThrow(/assignment/);
    expect(() => parseFormula('"s"', declared)).toThrow(/the string "s"/);
    expect(() => parseFormula('x % 2', declared)).toThrow(/operator "%"/);
  });

  it('refuses oversized and deeply nested formulas without crashing', () => {
    expect(() => parseFormula('x+'.repeat(1500) + 'x', declared)).toThrow(/longer than/);
    expect(() => parseFormula('('.repeat(500) + 'x' + ')'.repeat(500), declared)).toThrow(FormulaError);
  });

  it('leaves Object.prototype, Function.prototype and Array.prototype unchanged', () => {
    // Score a document after all the attempts above, then compare the prototypes.
    scoreDocument(document());
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(before.objectProto);
    expect(Object.getOwnPropertyNames(Function.prototype).sort()).toEqual(before.functionProto);
    expect(Object.getOwnPropertyNames(Array.prototype).sort()).toEqual(before.arrayProto);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('a document key named __proto__ is data, not a prototype', () => {
    const raw = JSON.parse(
      '{"formatVersion":1,"period":"2026-10","inputs":[],"indicatorSets":[],"staff":[],"__proto__":{"polluted":true}}',
    );
    validateDocument(raw);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

// A run's chunks compiled by one ScorecardCompiler (the configuration checked and compiled once) score and fail
// exactly as each compiled on its own by compileDocument; the department mean in whole cents equals the decimal
// one.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { document, indicator, indicatorSet, staffMember } from '../../../test/factories/document';
import { scenarios } from '../../../test/support/scenarios';
import {
  compileDocument,
  DocumentInvalidError,
  parseDocumentText,
  ScorecardCompiler,
  ScorecardDocument,
} from '.';
import { decimalMean, meanOfTotals } from './rollup';

/** The document cut into chunks of `size` staff (their departments kept whole), as a run reads it. */
function chunksOf(doc: ScorecardDocument, size: number): ScorecardDocument[] {
  const out: ScorecardDocument[] = [];
  for (let i = 0; i < doc.staff.length; i += size) {
    const staff = doc.staff.slice(i, i + size);
    const depts = new Set(staff.map((s) => s.department));
    out.push({ ...doc, staff, departments: doc.departments?.filter((d) => depts.has(d.code)) });
  }
  return out;
}

/** What a chunk's scoring gives (results, roll-up entries, facts), or the problems that refused it. */
function outcome(compile: () => ReturnType<typeof compileDocument>, doc: ScorecardDocument): unknown {
  try {
    const compiled = compile();
    const scoring = compiled.scoreStaff(doc.staff, 'parts');
    return { ...scoring, calibration: compiled.calibration(doc.staff, scoring.results) };
  } catch (e) {
    if (e instanceof DocumentInvalidError) return { problems: e.problems };
    throw e;
  }
}

function problemsOf(compile: () => unknown): unknown {
  try {
    compile();
    return null;
  } catch (e) {
    if (e instanceof DocumentInvalidError) return e.problems;
    throw e;
  }
}

describe('ScorecardCompiler', () => {
  for (const sc of scenarios())
    it(`scores ${sc.name} in chunks exactly as compileDocument does, chunk by chunk`, () => {
      const doc = parseDocumentText(readFileSync(sc.document, 'utf8')) as ScorecardDocument;
      if ((doc as { appraisal?: unknown }).appraisal !== undefined) return; // an appraisal is not a month
      const compiler = new ScorecardCompiler();
      for (const size of [1, 2, 1000])
        for (const chunk of chunksOf(doc, size))
          expect(outcome(() => compiler.compile(chunk), chunk)).toEqual(
            outcome(() => compileDocument(chunk), chunk),
          );
    });

  it('checks every chunk’s staff and departments, and the configuration again once it changes', () => {
    const compiler = new ScorecardCompiler();
    const good = document({ staff: [staffMember('A', { x: 50 })] });
    expect(problemsOf(() => compiler.compile(good))).toBeNull();
    // Same configuration, bad staff: the same problems as a document compiled on its own.
    const badStaff = document({
      staff: [
        staffMember('A', { x: 50 }),
        staffMember('A', { x: 'many' as unknown as number, w: 3 }, { indicatorSet: 'NOPE' }),
      ],
      departments: [{ code: 'DEP', inputs: { q: 1 } }],
    });
    const expected = problemsOf(() => compileDocument(badStaff));
    expect(expected).not.toBeNull();
    expect(problemsOf(() => compiler.compile(badStaff))).toEqual(expected);
    // Another configuration (a formula reading no input): checked again, refused as on its own.
    const badSet = document({
      indicatorSets: [indicatorSet([indicator({ code: 'I1', formula: 'nothing + 1' })])],
    });
    expect(problemsOf(() => compiler.compile(badSet))).toEqual(problemsOf(() => compileDocument(badSet)));
    expect(problemsOf(() => compiler.compile(badSet))).not.toBeNull();
    // And back: the good one still compiles, and scores as on its own.
    expect(outcome(() => compiler.compile(good), good)).toEqual(outcome(() => compileDocument(good), good));
  });

  it('keeps no configuration that failed its check', () => {
    const compiler = new ScorecardCompiler();
    const badSet = document({
      indicatorSets: [indicatorSet([indicator({ code: 'I1', formula: 'nothing + 1' })])],
    });
    const once = problemsOf(() => compiler.compile(badSet));
    expect(once).not.toBeNull();
    expect(problemsOf(() => compiler.compile(badSet))).toEqual(once);
  });
});

describe('meanOfTotals', () => {
  it('equals the decimal mean of the totals as written, for 2-decimal totals and any other', () => {
    const twoDecimals = fc.integer({ min: -2_000_000, max: 2_000_000 }).map((c) => c / 100);
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            { weight: 9, arbitrary: twoDecimals },
            {
              weight: 1,
              arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }),
            },
          ),
          {
            minLength: 1,
            maxLength: 300,
          },
        ),
        (totals) => {
          expect(meanOfTotals(totals)).toBe(decimalMean(totals));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('is exact where adding binary floats is not', () => {
    // 0.1 + 0.2 + 0.3 in floats is 0.6000000000000001; three of them average 0.2 exactly.
    expect(meanOfTotals([0.1, 0.2, 0.3])).toBe(0.2);
    // Not 2-decimal numbers (1.005 is 1.00499999999999989…): added as the decimals their texts write.
    expect(meanOfTotals([1.005, 2.675])).toBe(decimalMean([1.005, 2.675]));
  });
});

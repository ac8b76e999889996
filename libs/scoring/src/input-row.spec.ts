// A member's values given as a row of numbers (INPUT_ROW, what a run's chunk gives the engine) score exactly as
// the same values given as an inputs object: every recorded scorecard (the shared scenarios, the demo's months,
// the variants), stored as a run stores it and explained in English, and with an inputs number over the row.
import { explanationSources } from '../../../test/fixtures/explanations/sources';
import { compileDocument, INPUT_ROW, ownInput, type ScorecardDocument, type StaffDef } from './index';

/** `doc` with each member's inputs moved into a row in the order of its inputs (NaN: no value). */
function withRows(doc: ScorecardDocument): ScorecardDocument {
  const codes = doc.inputs.map((i) => i.code);
  return {
    ...doc,
    staff: doc.staff.map(({ inputs, ...s }): StaffDef => {
      const row = Float64Array.from(codes, (code) => inputs?.[code] ?? NaN);
      return { ...s, [INPUT_ROW]: row };
    }),
  };
}

describe('a row of numbers instead of an inputs object (INPUT_ROW)', () => {
  for (const source of explanationSources()) {
    it(`${source.name}: the same stored results, entries and explained results`, () => {
      const doc = source.doc;
      const rows = withRows(doc);
      expect(rows.staff.every((s) => s.inputs === undefined)).toBe(true);
      const a = compileDocument(doc);
      const b = compileDocument(rows);
      const stored = (c: typeof a, d: ScorecardDocument) =>
        c.calibratedStored(d.staff, c.scoreStored(d.staff), 'all');
      expect(stored(b, rows)).toEqual(stored(a, doc));
      expect(b.score()).toEqual(a.score());
    });
  }

  it('takes a number of `inputs` over the row (a correction applied to a built document)', () => {
    const source = explanationSources().find((s) => s.name === 'scenario-logistics-basic')!;
    const rows = withRows(source.doc);
    const s = rows.staff[0];
    const code = rows.inputs.find((i) => !Number.isNaN(s[INPUT_ROW]![rows.inputs.indexOf(i)]))!.code;
    const slot = new Map(rows.inputs.map((i, k) => [i.code, k]));
    const before = ownInput(s, code, slot);
    expect(before).toEqual(source.doc.staff[0].inputs![code]);
    s.inputs = { [code]: before! + 7 };
    expect(ownInput(s, code, slot)).toBe(before! + 7);
    const plain = structuredClone(source.doc);
    plain.staff[0].inputs![code] = before! + 7;
    expect(compileDocument(rows).score()).toEqual(compileDocument(plain).score());
    // A null in `inputs` is no number: the row's value stays.
    s.inputs = { [code]: null };
    expect(ownInput(s, code, slot)).toBe(before);
  });
});

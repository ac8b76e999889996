// The roll-up asked for some departments' pool lines only (a month's finish job keeps the shares it writes): every
// pool is still split, its figures and errors as in the whole roll-up, and the lines kept are the whole roll-up's
// for those departments' members, none else — for every recorded scorecard with pools.
import { documentRollUp, explanationSources } from '../../../test/fixtures/explanations/sources';
import { compileDocument } from './engine';

const withPools = explanationSources().filter((s) => s.doc.incentive?.pools?.length);
/** Lines kept and left out over every scorecard: both happen (the check above is not of empty maps). */
const seen = { kept: 0, left: 0 };

describe('rollUp with linesOf', () => {
  it('has scorecards with pools to check', () => expect(withPools.length).toBeGreaterThan(3));

  for (const source of withPools)
    it(`${source.name}: the chosen departments' lines, every pool's figures`, () => {
      const { doc } = source;
      const c = compileDocument(doc);
      const { entries } = c.scoreStaff(doc.staff, 'parts');
      const rolled = (linesOf?: (department: string) => boolean) =>
        documentRollUp(doc, c.incentive, entries, linesOf);
      const whole = rolled();
      const pools = doc.incentive!.pools!.map((p) => p.department);
      const departmentOf = new Map(entries.map((e) => [e.id, e.department]));
      // Every other pool department, then none: the lines of exactly those.
      for (const chosen of [new Set(pools.filter((_, i) => i % 2 === 0)), new Set<string>()]) {
        const some = rolled((d) => chosen.has(d));
        expect(some.departments).toEqual(whole.departments);
        expect(some.pools.errors).toEqual(whole.pools.errors);
        expect(some.pools.failures).toEqual(whole.pools.failures);
        expect([...some.pools.lines]).toEqual(
          [...whole.pools.lines].filter(([id]) => chosen.has(departmentOf.get(id)!)),
        );
        seen.kept += some.pools.lines.size;
        seen.left += whole.pools.lines.size - some.pools.lines.size;
      }
    });

  it('kept some lines and left some out', () => {
    expect(seen.kept).toBeGreaterThan(0);
    expect(seen.left).toBeGreaterThan(0);
  });
});

// The stored form of a staff result gives back exactly the engine's result, errors and explanations included:
// v1 with the texts stored, v2 and v3 with the texts rendered from the stored numbers and facts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import {
  compileDocument,
  Lang,
  parseDocumentText,
  ScorecardDocument,
  scoreDocument,
  StaffResult,
  StaffScore,
  storedValue,
  valueFromStored,
} from '@app/scoring';
import { documentRollUp, explanationSources } from '../../../test/fixtures/explanations/sources';
import { PackedStaffResult, packStaffResult, unpackStaffResult } from './staff-result-codec';

const LIBRARY = join(__dirname, '../../../config/indicator-library/hospital-logistics.yaml');

const roundTrip = (r: StaffResult): StaffResult => {
  const stored = JSON.parse(JSON.stringify(packStaffResult(r))) as ReturnType<typeof packStaffResult>;
  return 'error' in r
    ? unpackStaffResult(stored, null, null)
    : unpackStaffResult(stored, r.incentive, r.explanation.incentive);
};

describe('staff result codec', () => {
  const doc = parseDocumentText(readFileSync(LIBRARY, 'utf8')) as ScorecardDocument;
  // Without the incident register (policy "fail") the first member of staff gets an error instead of a result.
  delete doc.staff[0].inputs!.safety_incidents;
  const result = scoreDocument(doc);

  it('round-trips every staff result of the shipped library month, errors included', () => {
    expect(result.staff.some((r) => 'error' in r)).toBe(true);
    expect(result.staff.some((r) => !('error' in r) && r.vetoed)).toBe(true);
    for (const r of result.staff) expect(roundTrip(r)).toEqual(r);
  });

  it('stores a third less than the result object as JSON', () => {
    const packed = result.staff.reduce((n, r) => n + JSON.stringify(packStaffResult(r)).length, 0);
    const plain = result.staff.reduce((n, r) => n + JSON.stringify(r).length, 0);
    expect(packed).toBeLessThan(plain * 0.8);
  });
});

describe('staff result codec, v3 (numbers and facts; texts rendered on read)', () => {
  const sources = explanationSources();

  /** A document scored as a run scores it (parts), stored as v2 with its incentive parts, read back. */
  function storedAndRead(doc: ScorecardDocument, lang: Lang) {
    const c = compileDocument(doc);
    // Calibrated as a run's finish job does (grade quotas and overrides), the calibration kept in its column.
    const { results, entries, facts, incentiveParts } = c.calibrated(
      doc.staff,
      c.scoreStaff(doc.staff, 'parts'),
      'parts',
    );
    const { pools } = documentRollUp(doc, c.incentive, entries);
    return results.map((r, i) => {
      const stored = JSON.parse(JSON.stringify(packStaffResult(r, facts[i]))) as PackedStaffResult;
      if ('error' in r) return unpackStaffResult(stored, null, null);
      const line = pools.lines.get(r.id);
      const parts = incentiveParts[i] ?? line?.parts ?? null;
      return unpackStaffResult(
        stored,
        r.incentive ?? line?.incentive ?? null,
        parts && JSON.stringify(parts),
        {
          set: (code) => c.sets.get(code),
          lang,
        },
        r.calibration && JSON.stringify(r.calibration),
      );
    });
  }

  for (const source of sources.filter((s) => !s.name.startsWith('demo-') || s.name === 'demo-2026-10')) {
    it(`${source.name}: read back in English, a v3 row is the result the engine explains`, () => {
      const expected = scoreDocument(source.doc).staff;
      expect(storedAndRead(source.doc, 'en')).toEqual(expected);
    });
  }

  it('a v3 row is under half the bytes of a v1 row', () => {
    const doc = sources.find((s) => s.name === 'demo-2026-10')!.doc;
    const c = compileDocument(doc);
    const { results, facts } = c.scoreStaff(doc.staff, 'parts');
    const v1 = scoreDocument(doc).staff.reduce((n, r) => n + JSON.stringify(packStaffResult(r)).length, 0);
    const v3 = results.reduce((n, r, i) => n + JSON.stringify(packStaffResult(r, facts[i])).length, 0);
    expect(v3).toBeLessThan(v1 / 2);
  });

  it('reads a v2 row (the values as JSON numbers) as the v3 row of the same result', () => {
    const doc = sources.find((s) => s.name === 'demo-2026-10')!.doc;
    const c = compileDocument(doc);
    const { results, facts } = c.scoreStaff(doc.staff, 'parts');
    const explain = { set: (code: string) => c.sets.get(code), lang: 'zh' as const };
    let hex = 0;
    results.forEach((r, i) => {
      const v3 = JSON.parse(JSON.stringify(packStaffResult(r, facts[i]))) as PackedStaffResult;
      if (!('s' in v3) || v3.v !== 3) return;
      // A v2 row as runs wrote it before: the value of each indicator at full precision, as a number.
      const v2 = {
        ...v3,
        v: 2,
        i: v3.i.map(([code, dim, x, ...rest]) => {
          if (typeof x === 'string') hex++;
          return [code, dim, valueFromStored(x), ...rest];
        }),
      } as PackedStaffResult;
      expect(unpackStaffResult(v2, null, null, explain)).toEqual(unpackStaffResult(v3, null, null, explain));
    });
    expect(hex).toBeGreaterThan(0); // some value kept as its bits
  });

  it('keeps every value exactly: a number when it has two decimals below 200, else its bits in hex', () => {
    expect(storedValue(87.5)).toBe(87.5);
    expect(storedValue(0)).toBe(0);
    expect(storedValue(199.99)).toBe(199.99);
    expect(storedValue(200)).toBe('4069000000000000');
    expect(storedValue(1 / 3)).toBe('3fd5555555555555');
    expect(storedValue(-2.5)).toBe('c004000000000000');
    expect(storedValue(NaN)).toBeNull();
    expect(valueFromStored('3fd5555555555555')).toBe(1 / 3);
    expect(() => valueFromStored('3fd555555555555')).toThrow(/not a stored value/);
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        const kept = JSON.parse(JSON.stringify(storedValue(x))) as number | string;
        // -0 reads back as 0, as JSON keeps it.
        expect(valueFromStored(kept)).toBe(x === 0 ? 0 : x);
      }),
      { numRuns: 2000 },
    );
  });

  it('read in Chinese, the same numbers with Chinese texts', () => {
    const doc = sources.find((s) => s.name === 'variant-pools')!.doc;
    const en = storedAndRead(doc, 'en');
    const zh = storedAndRead(doc, 'zh');
    zh.forEach((r, i) => {
      if ('error' in r) return;
      const e = en[i] as typeof r;
      expect({ ...r, indicators: [], explanation: null }).toEqual({
        ...e,
        indicators: [],
        explanation: null,
      });
      expect(r.explanation.total).not.toBe(e.explanation.total.length ? '' : 'x');
      expect(r.explanation.grade).toContain('等级');
      expect(r.explanation.incentive).toContain('奖金池');
      expect(r.indicators.map((i) => i.value)).toEqual(e.indicators.map((i) => i.value));
    });
  });

  it('keeps a run note (correction, evidence) after the rendered text', () => {
    const doc = sources.find((s) => s.name === 'scenario-logistics-basic')!.doc;
    const c = compileDocument(doc);
    const { results, facts } = c.scoreStaff(doc.staff, 'parts');
    const r = results[0] as StaffScore;
    r.indicators[0].explanation = '; evidence: #12 (spot check, photo)';
    const back = unpackStaffResult(
      JSON.parse(JSON.stringify(packStaffResult(r, facts[0]))) as PackedStaffResult,
      null,
      null,
      { set: (code) => c.sets.get(code), lang: 'zh' },
    ) as StaffScore;
    expect(back.indicators[0].explanation).toMatch(/；佐证：#12（spot check，照片）$/);
  });
});

describe("a run's stored results (scoreStored): the packed results, byte for byte", () => {
  const sources = explanationSources();
  /** A note on about one indicator in five, with characters JSON escapes. */
  const notes = (s: { id: string }, indicator: string): string => {
    let h = 0;
    for (const ch of s.id + indicator) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
    return h % 5 === 0 ? `; evidence: #${h % 97} ("spot check" \\ 巡检, ${indicator})` : '';
  };

  it('reaches every kind of stored result: errors, vetoes, missing indicators, tasks, grades, calibrations', () => {
    const all = sources.flatMap((source) => {
      const c = compileDocument(source.doc);
      return c.calibratedStored(source.doc.staff, c.scoreStored(source.doc.staff)).results;
    });
    const packed = all.map((r) => JSON.parse(r.packed) as PackedStaffResult);
    expect(packed.some((p) => 'e' in p)).toBe(true);
    const scores = packed.flatMap((p) => ('s' in p && p.v === 3 ? [p] : []));
    expect(scores.some((p) => p.i.some((i) => typeof i[2] === 'string'))).toBe(true); // a value kept as its bits
    expect(scores.some((p) => p.i.some((i) => typeof i[2] === 'number'))).toBe(true); // and one as a number
    expect(scores.some((p) => p.s[7] === 1 && p.s[11] !== null)).toBe(true); // a veto, with its raw total
    expect(scores.some((p) => p.i.some((i) => i[5] === 1 && i.length > 7))).toBe(true); // missing, with its inputs
    expect(scores.some((p) => p.s[12].length > 0)).toBe(true); // workload terms
    expect(scores.some((p) => p.s[5] !== null)).toBe(true); // a grade
    expect(all.some((r) => 'calibration' in r && r.calibration !== null)).toBe(true);
  });

  for (const source of sources) {
    for (const withNotes of [false, true]) {
      it(`${source.name}${withNotes ? ', with notes' : ''}: the same texts, heads, entries and incentive parts`, () => {
        const doc = source.doc;
        const c = compileDocument(doc);
        const expected = c.calibrated(doc.staff, c.scoreStaff(doc.staff, 'parts'), 'parts');
        const stored = c.calibratedStored(
          doc.staff,
          c.scoreStored(doc.staff, withNotes ? notes : undefined),
          'all',
          withNotes ? notes : undefined,
        );
        expect(stored.entries).toEqual(expected.entries);
        expect(stored.incentiveParts).toEqual(expected.incentiveParts);
        expected.results.forEach((r, i) => {
          const got = stored.results[i];
          if ('error' in r) {
            expect(got).toEqual({ ...r, packed: JSON.stringify(packStaffResult(r, expected.facts[i])) });
            return;
          }
          if (withNotes) for (const ind of r.indicators) ind.explanation = notes(r, ind.code);
          const { dimensions, indicators, vetoed, vetoReasons, explanation, ...head } = r;
          const scores: Record<string, number | null> = {};
          for (const ind of indicators) scores[ind.code] = ind.score;
          expect(got).toEqual({
            ...head,
            packed: JSON.stringify(packStaffResult(r, expected.facts[i])),
            scores: JSON.stringify({ s: scores, v: vetoReasons }),
          });
          expect([dimensions.length, vetoed, explanation.incentive]).toBeDefined();
        });
      });
    }
  }
});

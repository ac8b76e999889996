// The stored form of a staff result gives back exactly the engine's result, errors and explanations included:
// v1 with the texts stored, v2 with the texts rendered from the stored numbers and facts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  compileDocument,
  Lang,
  parseDocumentText,
  rollUp,
  ScorecardDocument,
  scoreDocument,
  StaffResult,
  StaffScore,
} from '@app/scoring';
import { explanationSources } from '../../../test/fixtures/explanations/sources';
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

describe('staff result codec, v2 (numbers and facts; texts rendered on read)', () => {
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
    const depts = new Map((doc.departments ?? []).map((d) => [d.code, d]));
    const { pools } = rollUp(
      entries,
      (code) => depts.get(code)?.site,
      c.incentive,
      (code, input) => {
        const v = depts.get(code)?.inputs?.[input];
        return typeof v === 'number' ? v : undefined;
      },
      'parts',
    );
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
    it(`${source.name}: read back in English, a v2 row is the result the engine explains`, () => {
      const expected = scoreDocument(source.doc).staff;
      expect(storedAndRead(source.doc, 'en')).toEqual(expected);
    });
  }

  it('a v2 row is under half the bytes of a v1 row', () => {
    const doc = sources.find((s) => s.name === 'demo-2026-10')!.doc;
    const c = compileDocument(doc);
    const { results, facts } = c.scoreStaff(doc.staff, 'parts');
    const v1 = scoreDocument(doc).staff.reduce((n, r) => n + JSON.stringify(packStaffResult(r)).length, 0);
    const v2 = results.reduce((n, r, i) => n + JSON.stringify(packStaffResult(r, facts[i])).length, 0);
    expect(v2).toBeLessThan(v1 / 2);
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

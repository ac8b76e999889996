// The shipped indicator library validates cleanly, covers the post types and methods it promises, and scores
// its bundled sample month without errors.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  IndicatorSetDef,
  isStaffError,
  parseDocumentText,
  ScorecardDocument,
  scoreDocument,
  SCORING_METHODS,
  validateDocument,
  Dec,
} from '@app/scoring';
import { REPO_ROOT } from './support/scenarios';

const file = join(REPO_ROOT, 'config/indicator-library/hospital-logistics.yaml');
const doc = parseDocumentText(readFileSync(file, 'utf8')) as ScorecardDocument;

describe('shipped indicator library (config/indicator-library/hospital-logistics.yaml)', () => {
  it('validates with no problems and no warnings', () => {
    expect(validateDocument(doc)).toEqual({ problems: [], warnings: [] });
  });

  it('names every set, dimension, indicator, input, task and department in Chinese and English', () => {
    const named = [
      ...doc.inputs,
      ...doc.indicatorSets.flatMap((s) => [s, ...s.dimensions, ...s.indicators]),
      ...(doc.workload?.tasks ?? []),
      ...(doc.departments ?? []),
    ];
    const hasHan = /\p{Script=Han}/u;
    for (const x of named) {
      const where = `${x.code}: ${JSON.stringify(x.name)}`;
      expect([where, typeof x.name]).toEqual([where, 'object']);
      const { zh, en } = x.name as { zh?: string; en?: string };
      expect([where, hasHan.test(zh ?? '')]).toEqual([where, true]);
      expect([where, /^[\x20-\x7e±°]+$/.test(en ?? '')]).toEqual([where, true]);
    }
    // An indicator reused across sets keeps its name too, so it reads the same in every set.
    const byCode = new Map<string, string>();
    for (const i of doc.indicatorSets.flatMap((s) => s.indicators)) {
      const name = JSON.stringify(i.name);
      expect([i.code, byCode.get(i.code) ?? name]).toEqual([i.code, name]);
      byCode.set(i.code, name);
    }
  });

  it('has at least 30 indicators across the four dimensions for at least 6 post types', () => {
    const codes = new Set(doc.indicatorSets.flatMap((s) => s.indicators.map((i) => i.code)));
    expect(codes.size).toBeGreaterThanOrEqual(30);
    expect(doc.indicatorSets.map((s) => s.code)).toEqual(
      expect.arrayContaining(['MAINT', 'CLEAN', 'SECURITY', 'CATERING', 'PORTER', 'ENERGY', 'ADMIN']),
    );
    for (const set of doc.indicatorSets) {
      expect(set.dimensions.map((d) => d.code)).toEqual(['efficiency', 'service', 'internal', 'growth']);
      expect(set.grades?.length).toBeGreaterThan(0);
    }
  });

  it('gives every indicator a unit and a source, uses every scoring method, and vetoes serious incidents', () => {
    const all = doc.indicatorSets.flatMap((s: IndicatorSetDef) => s.indicators);
    for (const i of all) {
      expect(i.unit).toBeTruthy();
      expect(i.source).toBeTruthy();
    }
    expect(new Set(all.map((i) => i.scoring.method))).toEqual(new Set(SCORING_METHODS));
    expect(all.filter((i) => i.veto).length).toBeGreaterThanOrEqual(3);
  });

  it('reuses an indicator code only with the same formula and scoring', () => {
    const seen = new Map<string, string>();
    for (const i of doc.indicatorSets.flatMap((s) => s.indicators)) {
      const sig = JSON.stringify([i.formula, i.scoring, i.missing ?? 'renormalize', i.veto ?? null]);
      expect(seen.get(i.code) ?? sig).toBe(sig);
      seen.set(i.code, sig);
    }
  });

  it('has a workload catalogue with time / skill / risk relative values and site adjustments', () => {
    expect(doc.workload?.components).toEqual(['time', 'skill', 'risk']);
    expect(doc.workload?.tasks.length).toBeGreaterThanOrEqual(15);
    for (const t of doc.workload!.tasks)
      expect(Object.keys(t.rvu as object).sort()).toEqual(['risk', 'skill', 'time']);
    expect(doc.workload?.adjustments?.length).toBeGreaterThanOrEqual(2);
  });

  it('scores the bundled sample month: every set used, no errors, pools paid to the cent', () => {
    const result = scoreDocument(doc);
    expect(result.errors).toEqual([]);
    expect(result.staff.some(isStaffError)).toBe(false);
    expect(new Set(result.staff.map((s) => s.indicatorSet))).toEqual(
      new Set(doc.indicatorSets.map((s) => s.code)),
    );
    for (const d of result.departments) {
      expect(d.pool).toBeDefined();
      expect(new Dec(d.allocated!).plus(d.unallocated!).toFixed(2)).toBe(d.pool);
    }
  });
});

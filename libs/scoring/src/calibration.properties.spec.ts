// Invariants of grade quotas over random groups (fast-check), and agreement with the procedure of docs/FORMAT.md
// written out person by person (slow and plain) instead of tie group by tie group.
import fc from 'fast-check';
import { calibrate, capCount, GradeEntry, GradeScale } from './calibration';
import type { Calibration, GradeDef, QuotaRuleDef, QuotaScope } from './document';

const GRADES: GradeDef[] = [
  { min: 90, grade: 'A', coefficient: 1.2 },
  { min: 80, grade: 'B', coefficient: 1.0 },
  { min: 60, grade: 'C', coefficient: 0.8 },
  { min: 40, grade: 'D', coefficient: 0.5 },
]; // below 40: no grade
const index = (g: string | null) => (g === null ? GRADES.length : GRADES.findIndex((x) => x.grade === g));
const natural = (total: number) => {
  const k = GRADES.findIndex((g) => total >= g.min);
  return k < 0 ? GRADES.length : k;
};

interface Case {
  entries: GradeEntry[];
  rules: QuotaRuleDef[];
  scope: QuotaScope;
}

const caseArb = (kinds: { caps: boolean; mins: boolean }): fc.Arbitrary<Case> =>
  fc.record({
    // Few distinct totals, so ties are common; some errors.
    entries: fc
      .array(
        fc.record({
          total: fc.option(fc.integer({ min: 3000, max: 10000 }), { freq: 8 }),
          department: fc.constantFrom('D1', 'D2', 'D3'),
          override: fc.option(fc.constantFrom('A', 'B', 'C', 'D'), { freq: 1 }),
        }),
        { maxLength: 40 },
      )
      .map((list) =>
        list.map((e, i): GradeEntry => ({
          id: `S${String(i).padStart(2, '0')}`,
          department: e.department,
          set: 'S',
          total: e.total === null ? null : Math.round(e.total / 50) / 2, // steps of 0.5: 15.0 … 100.0
          ...(e.override === null ? {} : { override: { grade: e.override, reason: '调整' } }),
        })),
      ),
    rules: fc
      .tuple(
        fc
          .subarray(['A', 'B', 'C'])
          .chain((gs) =>
            fc.tuple(
              ...gs.map((grade) => fc.integer({ min: 0, max: 100 }).map((maxShare) => ({ grade, maxShare }))),
            ),
          ),
        fc.subarray(['A', 'B', 'C', 'D']).chain((gs) =>
          fc.tuple(
            ...gs.map((grade) =>
              fc
                .record({
                  minCount: fc.integer({ min: 1, max: 12 }),
                  minStaff: fc.integer({ min: 1, max: 15 }),
                })
                .map((r) => ({ grade, ...r })),
            ),
          ),
        ),
      )
      .map(([caps, mins]) => [...(kinds.caps ? caps : []), ...(kinds.mins ? mins : [])] as QuotaRuleDef[]),
    scope: fc.constantFrom('department' as const, 'hospital' as const),
  });

const scaleOf = (c: Case) => (): GradeScale => ({
  grades: GRADES,
  quotas: { scope: c.scope, rules: c.rules },
});

/** Members with a result, by quota group. */
function groups(c: Case): GradeEntry[][] {
  const by = new Map<string, GradeEntry[]>();
  for (const e of c.entries) {
    if (e.total === null) continue;
    const key = c.scope === 'hospital' ? '' : e.department;
    by.set(key, [...(by.get(key) ?? []), e]);
  }
  return [...by.values()];
}

/** The grade after the quotas (before any override), as an index. */
const afterQuotas = (m: Map<string, Calibration>, e: GradeEntry) => {
  const q = m.get(e.id)?.quota;
  return q ? index(q.grade) : natural(e.total!);
};

/** The procedure of docs/FORMAT.md, one person at a time. */
function reference(c: Case): Map<string, number> {
  const out = new Map<string, number>();
  for (const g of groups(c)) {
    const n = g.length;
    const grade = new Map(g.map((e) => [e.id, natural(e.total!)]));
    const rankOf = (e: GradeEntry) => 1 + g.filter((o) => o.total! > e.total!).length;
    /** The lowest-ranked tied group among those holding a grade that passes `holds`. */
    const lowest = (holds: (k: number) => boolean) => {
      const holders = g.filter((e) => holds(grade.get(e.id)!));
      if (!holders.length) return [];
      const worst = Math.max(...holders.map(rankOf));
      return holders.filter((e) => rankOf(e) === worst);
    };
    const count = (holds: (k: number) => boolean) => g.filter((e) => holds(grade.get(e.id)!)).length;
    GRADES.forEach((gd, k) => {
      const rule = c.rules.find((r) => r.grade === gd.grade && 'maxShare' in r) as
        { maxShare: number } | undefined;
      if (!rule || k === GRADES.length - 1) return;
      const allowed = Math.floor((rule.maxShare * n) / 100 + 1e-9);
      while (count((x) => x === k) > allowed) for (const e of lowest((x) => x === k)) grade.set(e.id, k + 1);
    });
    GRADES.forEach((gd, k) => {
      const rule = c.rules.find((r) => r.grade === gd.grade && 'minCount' in r) as
        { minCount: number; minStaff: number } | undefined;
      if (!rule || n < rule.minStaff) return;
      while (count((x) => x >= k) < rule.minCount) {
        const group = lowest((x) => x < k);
        if (!group.length) break;
        for (const e of group) grade.set(e.id, k);
      }
    });
    for (const e of g) out.set(e.id, grade.get(e.id)!);
  }
  return out;
}

const RUNS = { numRuns: 300 };

describe('grade quotas, over random groups', () => {
  it('agree with the procedure written out person by person, and overrides set the final grade', () => {
    fc.assert(
      fc.property(caseArb({ caps: true, mins: true }), (c) => {
        const m = calibrate(c.entries, scaleOf(c));
        const ref = reference(c);
        for (const e of c.entries) {
          const cal = m.get(e.id);
          if (e.total === null) {
            expect(cal).toBeUndefined();
            continue;
          }
          expect([e.id, afterQuotas(m, e)]).toEqual([e.id, ref.get(e.id)]);
          // In the map exactly when moved or overridden; `to` is the override's grade, else the quotas'.
          const movedOrOverridden = ref.get(e.id) !== natural(e.total) || e.override !== undefined;
          expect([e.id, cal !== undefined]).toEqual([e.id, movedOrOverridden]);
          if (cal) {
            expect(cal.from).toBe(GRADES[natural(e.total)]?.grade ?? null);
            expect(cal.to).toBe(e.override ? e.override.grade : cal.quota!.grade);
          }
        }
      }),
      RUNS,
    );
  });

  it('never exceed a cap when there are only caps', () => {
    fc.assert(
      fc.property(caseArb({ caps: true, mins: false }), (c) => {
        const m = calibrate(c.entries, scaleOf(c));
        for (const g of groups(c)) {
          for (const rule of c.rules as { grade: string; maxShare: number }[]) {
            const k = index(rule.grade);
            if (k === GRADES.length - 1) continue;
            const held = g.filter((e) => afterQuotas(m, e) === k).length;
            expect(held).toBeLessThanOrEqual(capCount(rule.maxShare, g.length));
          }
        }
      }),
      RUNS,
    );
  });

  it('give tied staff the same grade, move nobody up, and reach every minimum the group can reach', () => {
    fc.assert(
      fc.property(caseArb({ caps: true, mins: true }), (c) => {
        const m = calibrate(c.entries, scaleOf(c));
        for (const g of groups(c)) {
          const byTotal = new Map<number, number>();
          for (const e of g) {
            const k = afterQuotas(m, e);
            expect(k).toBeGreaterThanOrEqual(natural(e.total!));
            if (byTotal.has(e.total!)) expect(k).toBe(byTotal.get(e.total!));
            byTotal.set(e.total!, k);
            const q = m.get(e.id)?.quota;
            if (q) expect(q.rank).toBe(1 + g.filter((o) => o.total! > e.total!).length);
          }
          for (const rule of c.rules) {
            if (!('minCount' in rule)) continue;
            const k = index(rule.grade);
            if (g.length < (rule.minStaff ?? 1) || g.length < rule.minCount) continue;
            expect(g.filter((e) => afterQuotas(m, e) >= k).length).toBeGreaterThanOrEqual(rule.minCount);
          }
        }
      }),
      RUNS,
    );
  });

  it('do not depend on the order of the entries', () => {
    fc.assert(
      fc.property(
        caseArb({ caps: true, mins: true }).chain((c) =>
          fc.tuple(fc.constant(c), fc.shuffledSubarray(c.entries, { minLength: c.entries.length })),
        ),
        ([c, shuffled]) => {
          const sorted = (m: Map<string, Calibration>) => [...m].sort(([a], [b]) => (a < b ? -1 : 1));
          expect(sorted(calibrate(shuffled, scaleOf(c)))).toEqual(sorted(calibrate(c.entries, scaleOf(c))));
        },
      ),
      RUNS,
    );
  });
});

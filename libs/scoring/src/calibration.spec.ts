// Grade quotas and overrides, rule by rule (docs/FORMAT.md, "Grade quotas and overrides"), each on a small group.
import { calibrate, capCount, GradeEntry, GradeScale } from './calibration';
import type { Calibration, GradeDef, QuotaRuleDef, QuotaScope } from './document';

const ABC: GradeDef[] = [
  { min: 90, grade: 'A', coefficient: 1.2 },
  { min: 75, grade: 'B', coefficient: 1.0 },
  { min: 0, grade: 'C', coefficient: 0.8 },
];

/** A scale for every set: the grades and the rules given. */
const scale =
  (rules: QuotaRuleDef[], { grades = ABC, scope }: { grades?: GradeDef[]; scope?: QuotaScope } = {}) =>
  (): GradeScale => ({ grades, quotas: { scope, rules } });

/** Staff P1, P2… of set S in department D1 with these totals. */
const group = (totals: (number | null)[], department = 'D1', prefix = 'P'): GradeEntry[] =>
  totals.map((total, i) => ({ id: `${prefix}${i + 1}`, department, set: 'S', total }));

/** Who ends with which grade after the quotas, for the ids the map holds. */
const moved = (m: Map<string, Calibration>) =>
  Object.fromEntries(
    [...m].map(([id, c]): [string, string] => [id, `${c.from}→${c.to}`]).sort(([a], [b]) => (a < b ? -1 : 1)),
  );

describe('grade quotas: caps', () => {
  it('allow floor(maxShare × n / 100), computed exactly', () => {
    expect(capCount(20, 12)).toBe(2);
    expect(capCount(20, 10)).toBe(2);
    expect(capCount(0, 50)).toBe(0);
    expect(capCount(100, 7)).toBe(7);
    expect(capCount(14.3, 100)).toBe(14);
    // 0.1 + 0.2 style traps: 57.5 % of 40 is 23 exactly, and 33.3 % of 3 is 0.999.
    expect(capCount(57.5, 40)).toBe(23);
    expect(capCount(33.3, 3)).toBe(0);
  });

  it('move the lowest-ranked tie group down as a whole, even below what the cap allows', () => {
    // 10 staff, A at most 20 % = 2; four reach A, two of them tied at 93.
    const m = calibrate(
      group([95, 93, 93, 91, 85, 80, 70, 60, 50, 40]),
      scale([{ grade: 'A', maxShare: 20 }]),
    );
    expect(moved(m)).toEqual({ P2: 'A→B', P3: 'A→B', P4: 'A→B' });
    expect(m.get('P4')).toEqual({
      from: 'A',
      to: 'B',
      quota: {
        grade: 'B',
        rule: { grade: 'A', maxShare: 20 },
        allowed: 2,
        scope: 'department',
        department: 'D1',
        staff: 10,
        rank: 4,
      },
      override: null,
    });
    expect(m.get('P2')!.quota!.rank).toBe(2);
    expect(m.get('P3')!.quota!.rank).toBe(2);
  });

  it('never exceed a cap: three tied at the top under a cap of 2 all hold the next grade', () => {
    const m = calibrate(
      group([92, 92, 92, 80, 80, 70, 70, 60, 60, 50]),
      scale([{ grade: 'A', maxShare: 20 }]),
    );
    expect(moved(m)).toEqual({ P1: 'A→B', P2: 'A→B', P3: 'A→B' });
    expect(m.get('P1')!.quota!.rank).toBe(1);
  });

  it('cascade: those moved count for the next grade, where they rank above its holders', () => {
    const grades: GradeDef[] = [
      ...ABC.slice(0, 2),
      { min: 60, grade: 'C', coefficient: 0.8 },
      { min: 0, grade: 'D', coefficient: 0.5 },
    ];
    // A at most 1, B at most 1 of 10. A: 97, 95, 93 → 95 and 93 to B; B then holds 95, 93 → 93 on to C.
    const m = calibrate(
      group([97, 95, 93, 65, 65, 64, 63, 62, 61, 30]),
      scale(
        [
          { grade: 'A', maxShare: 10 },
          { grade: 'B', maxShare: 10 },
        ],
        { grades },
      ),
    );
    expect(moved(m)).toEqual({ P2: 'A→B', P3: 'A→C' });
    expect(m.get('P3')!.quota).toMatchObject({
      grade: 'C',
      rule: { grade: 'B', maxShare: 10 },
      allowed: 1,
      rank: 3,
    });
    expect(m.get('P2')!.quota).toMatchObject({
      grade: 'B',
      rule: { grade: 'A', maxShare: 10 },
      allowed: 1,
      rank: 2,
    });
  });

  it('count staff whose total reaches no grade in n', () => {
    const grades: GradeDef[] = [...ABC.slice(0, 2), { min: 60, grade: 'C', coefficient: 0.8 }];
    // n = 10 (five without a grade): A at most 2, so only 91 moves; counting 5 would have allowed 1.
    const m = calibrate(
      group([95, 94, 91, 80, 70, 50, 40, 30, 20, 10]),
      scale([{ grade: 'A', maxShare: 20 }], { grades }),
    );
    expect(moved(m)).toEqual({ P3: 'A→B' });
    expect(m.get('P3')!.quota!.staff).toBe(10);
  });

  it('leave errors out: they take no part and are not in n', () => {
    const m = calibrate(
      [
        ...group([95, 94, 80, 70, 60]),
        ...group([null, null, null, null, null], 'D1', 'E').map((e) => ({
          ...e,
          override: { grade: 'A', reason: '年度先进' },
        })),
      ],
      scale([{ grade: 'A', maxShare: 20 }]),
    );
    expect(moved(m)).toEqual({ P2: 'A→B' });
    expect(m.get('P2')!.quota).toMatchObject({ staff: 5, allowed: 1 });
  });
});

describe('grade quotas: minimums', () => {
  const rule: QuotaRuleDef = { grade: 'C', minCount: 2, minStaff: 5 };

  it('move the lowest-ranked tie group holding a better grade down, as a whole (a minimum may be exceeded)', () => {
    const m = calibrate(group([95, 88, 85, 80, 80, 78]), scale([rule]));
    expect(moved(m)).toEqual({ P4: 'B→C', P5: 'B→C', P6: 'B→C' });
    expect(m.get('P6')!.quota).toEqual({
      grade: 'C',
      rule: { grade: 'C', minCount: 2, minStaff: 5 },
      allowed: 2,
      scope: 'department',
      department: 'D1',
      staff: 6,
      rank: 6,
    });
    expect(m.get('P4')!.quota!.rank).toBe(4);
  });

  it('apply only to groups of minStaff or more', () => {
    expect(calibrate(group([95, 88, 85, 80]), scale([rule])).size).toBe(0);
  });

  it('count staff at a lower grade or with no grade', () => {
    const grades: GradeDef[] = [...ABC.slice(0, 2), { min: 60, grade: 'B-', coefficient: 0.9 }];
    // B or lower at least 3: 50 and 40 reach no grade, 65 holds B-, so nobody moves.
    expect(
      calibrate(group([95, 92, 91, 65, 50, 40]), scale([{ grade: 'B', minCount: 3 }], { grades })).size,
    ).toBe(0);
  });

  it('come after the caps, state minStaff 1 when the rule leaves it out, and win over a cap', () => {
    // B at most 20 % of 5 = 1 and at least 3 at B or lower: the caps move nobody (B holds 1), then 93 is
    // pulled down to B, which leaves B over its cap.
    const m = calibrate(
      group([95, 94, 93, 80, 65]),
      scale([
        { grade: 'B', maxShare: 20 },
        { grade: 'B', minCount: 3 },
      ]),
    );
    expect(moved(m)).toEqual({ P3: 'A→B' });
    expect(m.get('P3')!.quota).toMatchObject({ rule: { grade: 'B', minCount: 3, minStaff: 1 }, allowed: 3 });
  });

  it('record the last rule that moved a person', () => {
    // A at most 1 of 4 sends 94 to B; C at least 3 then pulls 80, then 94, down to C.
    const m = calibrate(
      group([96, 94, 80, 70]),
      scale([
        { grade: 'A', maxShare: 25 },
        { grade: 'C', minCount: 3 },
      ]),
    );
    expect(moved(m)).toEqual({ P2: 'A→C', P3: 'B→C' });
    expect(m.get('P2')!.quota).toMatchObject({ grade: 'C', rule: { grade: 'C', minCount: 3, minStaff: 1 } });
  });
});

describe('grade quotas: groups', () => {
  const staff = [...group([95, 94, 80, 70], 'D1', 'A'), ...group([93, 92, 60, 50], 'D2', 'B')];

  it('department scope: each department of the set on its own', () => {
    const m = calibrate(staff, scale([{ grade: 'A', maxShare: 25 }]));
    expect(moved(m)).toEqual({ A2: 'A→B', B2: 'A→B' });
    expect(m.get('B2')!.quota).toMatchObject({ department: 'D2', staff: 4, allowed: 1, rank: 2 });
  });

  it('hospital scope: all of the set across departments', () => {
    const m = calibrate(staff, scale([{ grade: 'A', maxShare: 25 }], { scope: 'hospital' }));
    expect(moved(m)).toEqual({ B1: 'A→B', B2: 'A→B' });
    expect(m.get('B1')!.quota).toMatchObject({
      scope: 'hospital',
      department: null,
      staff: 8,
      allowed: 2,
      rank: 3,
    });
  });

  it('sets apart: a set without quotas is not calibrated', () => {
    const other = group([99, 98, 97], 'D1', 'T').map((e) => ({ ...e, set: 'T' }));
    const m = calibrate([...staff, ...other], (set) =>
      set === 'S' ? scale([{ grade: 'A', maxShare: 25 }])() : { grades: ABC },
    );
    expect(moved(m)).toEqual({ A2: 'A→B', B2: 'A→B' });
  });

  it('give the same result whatever the order of the entries', () => {
    const entries = [...staff, ...group([91, 91, 91, 75], 'D3', 'C')];
    const rules = scale([
      { grade: 'A', maxShare: 30 },
      { grade: 'C', minCount: 1, minStaff: 4 },
    ]);
    const sorted = (m: Map<string, Calibration>) => [...m].sort(([a], [b]) => (a < b ? -1 : 1));
    const first = sorted(calibrate(entries, rules));
    expect(first.length).toBeGreaterThan(0);
    expect(sorted(calibrate([...entries].reverse(), rules))).toEqual(first);
    expect(sorted(calibrate([...entries.slice(5), ...entries.slice(0, 5)], rules))).toEqual(first);
  });
});

describe('grade overrides', () => {
  it('come after the quotas and move nobody else', () => {
    const entries = group([95, 93, 91, 85, 80, 70, 60, 50, 45, 40]);
    entries[2].override = { grade: 'A', reason: '抢修突出' };
    const m = calibrate(entries, scale([{ grade: 'A', maxShare: 20 }]));
    // As without the override: 91 is the one the cap moves; the override then gives it A again.
    expect(moved(m)).toEqual({ P3: 'A→A' });
    expect(m.get('P3')).toEqual({
      from: 'A',
      to: 'A',
      quota: {
        grade: 'B',
        rule: { grade: 'A', maxShare: 20 },
        allowed: 2,
        scope: 'department',
        department: 'D1',
        staff: 10,
        rank: 3,
      },
      override: { grade: 'A', reason: '抢修突出' },
    });
  });

  it('are recorded even when they give the grade the total gives, with or without quotas', () => {
    const entries = group([85, 70]);
    entries[0].override = { grade: 'B', reason: '复核确认' };
    entries[1].override = { grade: 'A', reason: '专项奖励' };
    for (const s of [() => ({ grades: ABC }), scale([{ grade: 'A', maxShare: 50 }])]) {
      const m = calibrate(entries, s);
      expect(m.get('P1')).toEqual({
        from: 'B',
        to: 'B',
        quota: null,
        override: { grade: 'B', reason: '复核确认' },
      });
      expect(m.get('P2')).toMatchObject({ from: 'C', to: 'A', quota: null });
    }
  });

  it('give a member of staff without a grade one', () => {
    const entries = group([50]);
    entries[0].override = { grade: 'B', reason: '新入职' };
    expect(calibrate(entries, () => ({ grades: [ABC[0]] })).get('P1')).toMatchObject({ from: null, to: 'B' });
  });
});

describe('calibration at scale', () => {
  it('handles 100,000 entries without quadratic work', () => {
    const entries: GradeEntry[] = [];
    for (let i = 0; i < 100_000; i++)
      entries.push({ id: `S${i}`, department: `D${i % 200}`, set: 'S', total: ((i * 7919) % 10001) / 100 });
    const t0 = Date.now();
    const m = calibrate(
      entries,
      scale([
        { grade: 'A', maxShare: 10 },
        { grade: 'B', maxShare: 30 },
        { grade: 'C', minCount: 2, minStaff: 10 },
      ]),
    );
    expect(m.size).toBeGreaterThan(0);
    // Generous for a shared machine; a quadratic pass over groups of 500 would still be fast, so also check
    // the hospital-wide group of 100,000.
    const hospital = calibrate(entries, scale([{ grade: 'A', maxShare: 10 }], { scope: 'hospital' }));
    const heldA = entries.filter((e) => e.total! >= 90 && !hospital.has(e.id)).length;
    expect(heldA).toBeLessThanOrEqual(10_000);
    expect(Date.now() - t0).toBeLessThan(5000);
  });
});

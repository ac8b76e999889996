// Placements month by month: what a transfer changes, and what it leaves alone.
import fc from 'fast-check';
import type { StaffFields } from './staff';
import { nextPeriod, StaffTimeline } from './staff-timeline';

const person = (over: Partial<StaffFields> = {}): StaffFields => ({
  id: 1,
  code: 'S1',
  employeeNo: 'E1',
  departmentId: 10,
  siteId: null,
  postTypeId: 5,
  employmentType: 'in_house',
  activeFrom: '2026-01-01',
  activeTo: null,
  ...over,
});

const deptIn = (t: StaffTimeline, ...months: string[]) => months.map((m) => t.at(m).departmentId);

describe('StaffTimeline', () => {
  it('someone who never moved is placed by their row in every month', () => {
    const t = new StaffTimeline(person());
    expect(deptIn(t, '2020-01', '2026-05', '2030-12')).toEqual([10, 10, 10]);
    expect(t.segments()).toEqual([
      {
        from: null,
        placement: { departmentId: 10, siteId: null, postTypeId: 5, employmentType: 'in_house' },
      },
    ]);
  });

  it('a transfer from a month on leaves the months before it as they were', () => {
    const t = new StaffTimeline(person()).place({ departmentId: 20 }, '2026-11', 'end');
    expect(deptIn(t, '2026-09', '2026-10', '2026-11', '2027-03')).toEqual([10, 10, 20, 20]);
    expect(t.staff.departmentId).toBe(20);
    expect(t.earlier).toEqual([
      { until: '2026-11', departmentId: 10, siteId: null, postTypeId: 5, employmentType: 'in_house' },
    ]);
    // only the given fields change
    expect(t.at('2026-11')).toMatchObject({ postTypeId: 5, employmentType: 'in_house', code: 'S1' });
  });

  it('"end" overrides later transfers of the changed field; "next" stops at the next transfer', () => {
    const base = new StaffTimeline(person())
      .place({ departmentId: 20 }, '2026-06', 'end')
      .place({ departmentId: 30, siteId: 7 }, '2026-09', 'end');
    expect(deptIn(base, '2026-05', '2026-06', '2026-09')).toEqual([10, 20, 30]);

    const untilNext = base.place({ departmentId: 40 }, '2026-07', 'next');
    expect(deptIn(untilNext, '2026-05', '2026-06', '2026-07', '2026-08', '2026-09')).toEqual([
      10, 20, 40, 40, 30,
    ]);
    expect(untilNext.at('2026-09').siteId).toBe(7);

    const fromOn = base.place({ departmentId: 40 }, '2026-07', 'end');
    expect(deptIn(fromOn, '2026-06', '2026-07', '2026-12')).toEqual([20, 40, 40]);
    expect(fromOn.at('2026-12').siteId).toBe(7); // a field not given keeps its later change
  });

  it('from the start (null) changes every month; equal neighbours merge', () => {
    const moved = new StaffTimeline(person()).place({ departmentId: 20 }, '2026-11', 'end');
    const everywhere = moved.place({ departmentId: 30 }, null, 'end');
    expect(everywhere.earlier).toEqual([]);
    expect(deptIn(everywhere, '2026-01', '2026-12')).toEqual([30, 30]);
    // a transfer back to where they were removes the split
    expect(moved.place({ departmentId: 10 }, '2026-11', 'end').earlier).toEqual([]);
  });

  it('placements of months before the first active month are dropped', () => {
    const t = new StaffTimeline(person({ activeFrom: '2026-10-15' })).place(
      { departmentId: 20 },
      '2026-10',
      'end',
    );
    expect(t.earlier).toEqual([]);
    expect(t.staff.departmentId).toBe(20);
    // but a month after it keeps the split
    expect(
      new StaffTimeline(person({ activeFrom: '2026-10-15' })).place({ departmentId: 20 }, '2026-11', 'end')
        .earlier,
    ).toHaveLength(1);
  });

  it('nextPeriod crosses the year', () => {
    expect(nextPeriod('2026-11')).toBe('2026-12');
    expect(nextPeriod('2026-12')).toBe('2027-01');
  });

  // A model: the department of every month as a plain array, changed the plain way. Month 0 (2025-12) stands
  // for every month before 2026-01, where no transfer starts: a change "from the start" begins there.
  const MONTHS = [
    '2025-12',
    ...Array.from(
      { length: 24 },
      (_, i) => `${2026 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`,
    ),
  ];
  const opArb = fc.record({
    dept: fc.integer({ min: 1, max: 4 }),
    from: fc.option(fc.integer({ min: 1, max: 24 }), { nil: null }),
    until: fc.constantFrom('next' as const, 'end' as const),
  });

  it('matches a month-by-month model for any sequence of transfers', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 8 }), (ops) => {
        let t = new StaffTimeline(person({ departmentId: 1, activeFrom: '2025-01-01' }));
        let model = MONTHS.map(() => 1);
        for (const op of ops) {
          const start = op.from ?? 0;
          // "next": up to the first month after `start` whose department differs from the one before it
          let end = MONTHS.length;
          if (op.until === 'next') {
            end = start + 1;
            while (end < MONTHS.length && model[end] === model[end - 1]) end++;
          }
          model = model.map((d, i) => (i >= start && i < end ? op.dept : d));
          t = t.place({ departmentId: op.dept }, op.from === null ? null : MONTHS[op.from], op.until);
        }
        expect(MONTHS.map((m) => t.at(m).departmentId)).toEqual(model);
        // stored form: no two neighbours alike, untils ascending
        const segs = t.segments();
        segs
          .slice(1)
          .forEach((s, i) => expect(s.placement.departmentId).not.toBe(segs[i].placement.departmentId));
        t.earlier.slice(1).forEach((e, i) => expect(e.until > t.earlier[i].until).toBe(true));
      }),
      { numRuns: 500 },
    );
  });
});

// The fold against the rows: every aggregate folded row by row is `aggregate()` of the same rows (a property), and
// on a real database the streamed fold of a chunk's staff and departments gives the document, the presence (and the
// completeness counted from it) and the correction values that the rows read as a list give.
import fc from 'fast-check';
import type { DataSource } from 'typeorm';
import { Aggregate, InputDefinition, Observation, Period, Staff, Department } from '@app/persistence';
import { closeDatabase, testDatabases } from '../../../../test/support/database';
import { document, indicator, indicatorSet, staffMember } from '../../../../test/factories/document';
import { compileDocument, INPUT_ROW } from '@app/scoring';
import { aggregate } from './aggregate';
import { chunkCompleteness } from './completeness';
import { importDocument } from './import-document';
import { ObservationFold } from './observation-fold';
import {
  buildDocument,
  foldObservations,
  loadObservations,
  loadPeriodConfig,
  ObservationRow,
  periodMembers,
} from './period-snapshot';
import { loadStaff } from '../model';

const KINDS: Aggregate[] = ['sum', 'mean', 'min', 'max', 'count', 'last'];

describe('ObservationFold', () => {
  it('gives what aggregate() gives over the same rows, for every kind', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...KINDS),
        fc.array(
          fc.record({
            day: fc.integer({ min: 1, max: 5 }),
            value: fc.oneof(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.integer({ min: -9, max: 9 })),
          }),
          { maxLength: 12 },
        ),
        (kind, list) => {
          // Ids unique but not in the rows' order (a later entry of a day may come first).
          const rows = list.map((o, i) => ({
            id: ((i * 7) % 13) + 100 * i,
            staffId: 5,
            departmentId: null,
            inputId: 1,
            taskCode: null,
            observedOn: `2026-10-0${o.day}`,
            value: o.value,
          }));
          const fold = ObservationFold.of([{ id: 1, code: 'x', aggregate: kind }], rows);
          expect(Object.is(fold.value(5, 1), aggregate(kind, rows))).toBe(true);
        },
      ),
    );
  });

  it('keeps staff and departments apart, counts tasks and refuses an input outside the dictionary', () => {
    const inputs = [
      { id: 1, code: 'x', aggregate: 'sum' as const },
      { id: 2, code: 'z', aggregate: 'last' as const },
    ];
    const row = (over: Partial<ObservationRow>): ObservationRow => ({
      id: 1,
      staffId: null,
      departmentId: null,
      inputId: null,
      taskCode: null,
      observedOn: '2026-10-01',
      value: 1,
      ...over,
    });
    const fold = ObservationFold.of(inputs, [
      row({ id: 1, staffId: 3, inputId: 1, value: 2 }),
      row({ id: 2, departmentId: 3, inputId: 2, value: 7 }),
      row({ id: 3, staffId: 3, inputId: 1, value: 4 }),
      row({ id: 4, staffId: 3, taskCode: 'T1', value: 2 }),
      row({ id: 5, staffId: 3, taskCode: 'T1', value: 3 }),
    ]);
    expect(fold.value(3, 1)).toBe(6);
    expect(fold.value(-3, 2)).toBe(7);
    expect(fold.value(3, 2)).toBeNull();
    expect(fold.get(3)?.tasks).toEqual(new Map([['T1', 5]]));
    expect(fold.departmentIds()).toEqual([3]);
    expect(present(fold)).toEqual([
      [3, null, 1],
      [null, 3, 2],
    ]);
    expect(() => ObservationFold.of(inputs, [row({ id: 9, staffId: 1, inputId: 4 })])).toThrow(
      'observation 9: input 4 is not in the dictionary',
    );
  });
});

describe.each(testDatabases('fold'))('%s', (_name, db) => {
  let ds: DataSource;
  beforeEach(async () => {
    ds = await db.open();
    await importDocument(
      ds,
      document({
        period: '2026-10',
        inputs: [
          { code: 'x', name: 'x', unit: 'n', level: 'staff' },
          { code: 'y', name: 'y', unit: 'n', level: 'staff' },
          { code: 'z', name: 'z', unit: 'n', level: 'department' },
        ],
        indicatorSets: [
          indicatorSet([
            indicator({ code: 'I1', weight: 40, formula: 'x' }),
            indicator({ code: 'I2', weight: 30, formula: 'y' }),
            indicator({ code: 'I3', weight: 30, formula: 'z' }),
          ]),
        ],
        departments: [
          { code: 'D1', name: 'One', inputs: { z: 5 } },
          { code: 'D2', name: 'Two' },
        ],
        staff: [
          staffMember('A', { x: 1, y: 2 }, { department: 'D1' }),
          staffMember('B', { x: 3 }, { department: 'D1' }),
          staffMember('C', { y: 4 }, { department: 'D2' }),
        ],
      }),
      'test',
    );
  });
  afterEach(() => closeDatabase(ds));

  it('streams the same month a list of the rows gives', async () => {
    const period = await ds.getRepository(Period).findOneByOrFail({ period: '2026-10' });
    const inputs = await ds.getRepository(InputDefinition).find();
    const id = (code: string) => inputs.find((i) => i.code === code)!.id;
    // Every kind of aggregate over several observations a subject, ties on a day, a task count.
    await ds.getRepository(InputDefinition).update({ code: 'x' }, { aggregate: 'mean' });
    await ds.getRepository(InputDefinition).update({ code: 'y' }, { aggregate: 'last' });
    await ds.getRepository(InputDefinition).update({ code: 'z' }, { aggregate: 'max' });
    const staff = await ds.getRepository(Staff).find({ order: { code: 'ASC' } });
    const d1 = await ds.getRepository(Department).findOneByOrFail({ code: 'D1' });
    const extra = (o: Partial<Observation>) => ({
      periodId: period.id,
      staffId: null,
      departmentId: null,
      inputId: null,
      taskCode: null,
      observedOn: '2026-10-03',
      source: 'manual' as const,
      mode: 'daily' as const,
      enteredBy: 'test',
      createdAt: new Date().toISOString(),
      ...o,
    });
    await ds
      .getRepository(Observation)
      .insert([
        extra({ staffId: staff[0].id, inputId: id('x'), value: 2.5 }),
        extra({ staffId: staff[0].id, inputId: id('y'), value: 8, observedOn: '2026-10-30' }),
        extra({ staffId: staff[0].id, inputId: id('y'), value: 9, observedOn: '2026-10-30' }),
        extra({ staffId: staff[1].id, inputId: id('x'), value: 0.1 }),
        extra({ staffId: staff[1].id, inputId: id('x'), value: 0.2 }),
        extra({ staffId: staff[1].id, taskCode: 'T1', value: 4 }),
        extra({ departmentId: d1.id, inputId: id('z'), value: 11 }),
      ]);
    const config = await loadPeriodConfig(ds.manager, '2026-10');
    const members = periodMembers(config, await loadStaff(ds.manager, undefined, '2026-10'));
    const only = { staffIds: staff.map((s) => s.id), departmentIds: [d1.id] };
    const streamed = await foldObservations(ds.manager, period.id, config.inputs, only);
    const rows = await loadObservations(ds.manager, period.id, only);
    const listed = ObservationFold.of(config.inputs, rows);

    expect(buildDocument(config, members, streamed)).toEqual(buildDocument(config, members, rows));
    // A run's chunk: each member's values a row of numbers in the dictionary's order (INPUT_ROW), NaN where
    // there is no value, and no inputs object; the same values otherwise, the same departments, scored the same.
    const plain = buildDocument(config, members, streamed);
    const shaped = buildDocument(config, members, streamed, false, [], { inputRows: true });
    const codes = config.inputs.map((i) => i.code);
    expect(codes).toEqual(['x', 'y', 'z']);
    shaped.staff.forEach((s, k) => {
      expect(s.inputs).toBeUndefined();
      expect([...s[INPUT_ROW]!]).toEqual(codes.map((code) => plain.staff[k].inputs?.[code] ?? NaN));
    });
    expect(shaped.staff.some((s) => s[INPUT_ROW]!.some((v) => Number.isNaN(v)))).toBe(true);
    expect(shaped.staff.some((s) => s[INPUT_ROW]!.some((v) => !Number.isNaN(v)))).toBe(true);
    expect(shaped.departments).toEqual(plain.departments);
    // (Its task count left out: this month has no workload catalogue.)
    const scored = (d: typeof plain) =>
      compileDocument({ ...d, staff: d.staff.map(({ tasks: _tasks, ...s }) => s) }).score();
    expect(scored(shaped)).toEqual(scored(plain));
    expect(present(streamed).sort()).toEqual(present(listed).sort());
    // The completeness a chunk counts from what it folded is the one counted from the rows.
    expect(chunkCompleteness(config, members, streamed, [])).toEqual(
      chunkCompleteness(config, members, rows, []),
    );
    for (const s of staff)
      for (const i of inputs)
        expect(streamed.value(s.id, i.id)).toBe(aggregate(kindOf(config, i.id), of(rows, s.id, i.id)));
    // The folded values themselves: A's y is the later entry of the 30th; B's x the mean of 3, 0.1 and 0.2.
    expect(streamed.value(staff[0].id, id('y'))).toBe(9);
    expect(streamed.value(staff[1].id, id('x'))).toBe((3 + 0.1 + 0.2) / 3);
    expect(streamed.value(-d1.id, id('z'))).toBe(11);
    expect(streamed.get(staff[1].id)?.tasks).toEqual(new Map([['T1', 4]]));
  });
});

function kindOf(config: { inputs: { id: number; aggregate: Aggregate }[] }, inputId: number): Aggregate {
  return config.inputs.find((i) => i.id === inputId)!.aggregate;
}

function of(rows: Awaited<ReturnType<typeof loadObservations>>, staffId: number, inputId: number) {
  return rows.filter((r) => r.staffId === staffId && r.inputId === inputId);
}

/** The (staff, department, input) pairs with a value, in the order the fold tells them. */
function present(fold: ObservationFold): [number | null, number | null, number][] {
  const out: [number | null, number | null, number][] = [];
  fold.eachPresent((staffId, departmentId, inputId) => out.push([staffId, departmentId, inputId]));
  return out;
}

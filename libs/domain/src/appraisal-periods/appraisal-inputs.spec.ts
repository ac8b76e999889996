// A period's own inputs: the shape of a batch (JSON's rows[i].field, a CSV file's line and column) without a
// database; then on SQLite and PostgreSQL (TEST_DATABASE_URL), an appraisal quarter scored by real runs with a
// plan holding a manager's assessment: a value joins the period total with its weight (as the engine computes it
// from the built document), a second value replaces the first, null removes it, a bad batch is refused whole with
// every problem, the writes are audited, and nothing changes once the period is approved or closed, or while a
// run of it is active.
import Decimal from 'decimal.js';
import type { DataSource } from 'typeorm';
import { AppraisalInput, AppraisalPeriod, AppraisalRun, AuditEntry } from '@app/persistence';
import { AppraisalResult, AppraisalStaffScore, scoreAnyDocument } from '@app/scoring';
import { closeDatabase, testDatabases } from '../../../../test/support/database';
import { QUARTER, quarterPlan } from '../../../../test/factories/quarter';
import { scoreQuarterMonths } from '../../../../test/factories/quarter-runs';
import { inputRowsFromCsv, inputRowsFromJson, AppraisalInputInvalidError } from './appraisal-inputs';
import { AppraisalPlanNotFoundError } from './appraisal-period-errors';
import { AppraisalPeriodLockedError, AppraisalRunInProgressError } from './appraisal-period-lock';
import { AppraisalPeriodsService } from './appraisal-periods.service';

const INPUT = 'mgr_assessment';
const WEIGHT = 30;

/** The quarter's plan with a manager's assessment worth 30 % of the total. */
function assessedPlan() {
  const plan = quarterPlan();
  return {
    ...plan,
    appraisal: { ...plan.appraisal, assessments: [{ input: INPUT, weight: WEIGHT }] },
    inputs: [
      {
        code: INPUT,
        name: { zh: '主管评价', en: "Manager's assessment" },
        unit: '分',
        level: 'staff' as const,
      },
      { code: 'dept_score', name: '科室评分', unit: '分', level: 'department' as const },
    ],
  };
}

const fields = (e: unknown) => (e as AppraisalInputInvalidError).rows.map((r) => [r.row, r.field, r.code]);

describe('reading a batch of period inputs', () => {
  it('names every problem of a JSON body at rows[i].field', () => {
    const { candidates, problems } = inputRowsFromJson({
      rows: [
        { staff: 'E101', input: INPUT, value: 80 },
        { staff: '', input: 7, value: '80' },
        { staff: 'E102', input: INPUT },
        'x',
        { staff: 'E201', input: INPUT, value: 100.5, extra: 1 },
        { staff: 'E202', input: INPUT, value: null },
      ],
    });
    // Rows naming a staff code and an input go on to the database's checks, whatever else is wrong with them.
    expect(candidates.map((c) => [c.row, c.staff, c.value])).toEqual([
      [1, 'E101', 80],
      [3, 'E102', null],
      [5, 'E201', null],
      [6, 'E202', null],
    ]);
    expect(problems.map((r) => [r.row, r.field, r.code])).toEqual([
      [2, 'rows[1].staff', 'NOT_A_STRING'],
      [2, 'rows[1].input', 'NOT_A_STRING'],
      [2, 'rows[1].value', 'NOT_A_NUMBER_OR_NULL'],
      [3, 'rows[2].value', 'REQUIRED'],
      [4, 'rows[3]', 'ROW_NOT_OBJECT'],
      [5, 'rows[4].extra', 'UNKNOWN_FIELD'],
      [5, 'rows[4].value', 'BAD_RATING'],
    ]);
    expect(problems.find((r) => r.code === 'BAD_RATING')!.message).toBe(
      'must be a number from 0 to 100, got 100.5',
    );
  });

  it('refuses a body that is not {rows: [...]}', () => {
    const codes = (body: unknown) => inputRowsFromJson(body).problems.map((r) => [r.field, r.code]);
    expect(codes(null)).toEqual([['', 'NOT_AN_OBJECT']]);
    expect(codes([])).toEqual([['', 'NOT_AN_OBJECT']]);
    expect(codes({})).toEqual([['rows', 'REQUIRED_LIST']]);
    expect(codes({ rows: {}, x: 1 })).toEqual([
      ['x', 'UNKNOWN_FIELD'],
      ['rows', 'NOT_A_LIST'],
    ]);
    expect(codes({ rows: [] })).toEqual([['rows', 'EMPTY_LIST']]);
  });

  it("reads CSV staff,input,value (an empty value is null), problems at the file's line and column", () => {
    const ok = inputRowsFromCsv(`\ufeffvalue,staff,input\n80,E101,${INPUT}\n,E102,${INPUT}\n`);
    expect(ok.problems).toEqual([]);
    expect(ok.candidates.map((c) => [c.row, c.staff, c.input, c.value])).toEqual([
      [2, 'E101', INPUT, 80],
      [3, 'E102', INPUT, null],
    ]);
    const bad = inputRowsFromCsv(`staff,input,value\nE101,${INPUT},1e2\n,${INPUT},101\n`);
    expect(bad.problems.map((r) => [r.row, r.field, r.code])).toEqual([
      [2, 'value', 'CSV_NOT_DECIMAL'],
      [3, 'staff', 'REQUIRED'],
      [3, 'value', 'BAD_RATING'],
    ]);
    expect(
      inputRowsFromCsv('staff,value,note\nE101,1,x\n').problems.map((r) => [r.row, r.field, r.code]),
    ).toEqual([
      [1, 'input', 'FILE_MISSING_COLUMN'],
      [1, 'note', 'UNKNOWN_FIELD'],
    ]);
    expect(inputRowsFromCsv('staff,input,value\n').problems.map((r) => r.code)).toEqual(['CSV_TOO_SHORT']);
    expect(inputRowsFromCsv('staff,input,value\n"E1,x,1\n').problems.map((r) => r.code)).toEqual([
      'CSV_INVALID',
    ]);
  });
});

describe.each(testDatabases('appraisal_inputs'))('period inputs on %s', (_name, db) => {
  let ds: DataSource;
  let service: AppraisalPeriodsService;

  beforeAll(async () => {
    ds = await db.open();
    service = new AppraisalPeriodsService(ds);
    await scoreQuarterMonths(ds);
  }, 180000);
  afterAll(() => closeDatabase(ds));

  const staffResult = (r: AppraisalResult, code: string) =>
    r.staff.find((s) => s.id === code) as AppraisalStaffScore;

  it('answers 404 without a plan', async () => {
    await expect(
      service.putInputs('user:hr', QUARTER, { rows: [{ staff: 'E101', input: INPUT, value: 80 }] }),
    ).rejects.toBeInstanceOf(AppraisalPlanNotFoundError);
  });

  it('joins an assessment to the total with its weight; a second value replaces it; null removes it', async () => {
    await service.putPlan('user:hr', QUARTER, assessedPlan());
    const before = staffResult((await service.preview(QUARTER)).result, 'E101');
    expect(before.total).toBe(before.rolled); // no value: the weight re-normalises away

    expect(
      await service.putInputs('user:hr', QUARTER, {
        rows: [
          { staff: 'E101', input: INPUT, value: 80 },
          { staff: 'E201', input: INPUT, value: 95.5 },
        ],
      }),
    ).toEqual({ period: QUARTER, stored: 2, deleted: 0 });
    const { document } = await service.document(QUARTER);
    expect(document.staff.find((s) => s.id === 'E101')!.inputs).toEqual({ [INPUT]: 80 });
    expect(document.staff.find((s) => s.id === 'E102')!.inputs).toBeUndefined();
    const preview = await service.preview(QUARTER);
    expect(preview.result).toEqual(scoreAnyDocument(document));
    const after = staffResult(preview.result, 'E101');
    expect(after.rolled).toBe(before.rolled);
    // (100 − 30)/100 · rolled + 30/100 · 80, rounded to 2 decimals.
    const expected = new Decimal(after.rolled)
      .times(100 - WEIGHT)
      .plus(WEIGHT * 80)
      .div(100)
      .toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
    expect(after.total).toBe(expected.toNumber());
    expect(after.total).not.toBe(before.total);
    expect(after.facts.assessments).toEqual([{ input: INPUT, weight: WEIGHT, share: WEIGHT, value: 80 }]);

    expect(
      await service.putInputs('user:hr', QUARTER, { rows: [{ staff: 'E101', input: INPUT, value: 60 }] }),
    ).toEqual({ period: QUARTER, stored: 1, deleted: 0 });
    expect((await service.inputs(QUARTER)).rows).toEqual([
      expect.objectContaining({ staff: 'E101', input: INPUT, value: 60, enteredBy: 'user:hr' }),
      expect.objectContaining({ staff: 'E201', input: INPUT, value: 95.5 }),
    ]);
    expect(await ds.getRepository(AppraisalInput).count()).toBe(2);

    expect(await service.putInputs('user:hr', QUARTER, `staff,input,value\nE101,${INPUT},\n`)).toEqual({
      period: QUARTER,
      stored: 0,
      deleted: 1,
    });
    expect((await service.inputs(QUARTER)).rows.map((r) => r.staff)).toEqual(['E201']);
    expect(staffResult((await service.preview(QUARTER)).result, 'E101').total).toBe(before.total);

    const audit = await ds.getRepository(AuditEntry).find({
      where: { action: 'appraisal.inputs' },
      order: { id: 'ASC' },
    });
    expect(audit.map((e) => [e.entityKey, e.after])).toEqual([
      [QUARTER, { source: 'json', rows: 2, stored: 2, deleted: 0 }],
      [QUARTER, { source: 'json', rows: 1, stored: 1, deleted: 0 }],
      [QUARTER, { source: 'csv', rows: 1, stored: 0, deleted: 1 }],
    ]);
  });

  it('refuses a batch with bad rows whole, every problem at its row and field', async () => {
    const count = await ds.getRepository(AppraisalInput).count();
    const e = await service
      .putInputs('user:hr', QUARTER, {
        rows: [
          { staff: 'E101', input: INPUT, value: 70 },
          { staff: 'NOPE', input: INPUT, value: 50 },
          { staff: 'E102', input: 'dept_score', value: 50 },
          { staff: 'E102', input: INPUT, value: -1 },
          { staff: 'E101', input: INPUT, value: 71 },
        ],
      })
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AppraisalInputInvalidError);
    expect(fields(e)).toEqual([
      [2, 'rows[1].staff', 'UNKNOWN_STAFF_CODE'],
      [3, 'rows[2].input', 'ONE_OF_GOT'],
      [4, 'rows[3].value', 'BAD_RATING'],
      [5, 'rows[4].input', 'DUPLICATE'],
    ]);
    expect((e as AppraisalInputInvalidError).rows[1].message).toBe(
      `must be one of ${INPUT}, got "dept_score"`,
    );
    expect(await ds.getRepository(AppraisalInput).count()).toBe(count);
    expect(await ds.getRepository(AuditEntry).countBy({ action: 'appraisal.inputs' })).toBe(3);
  });

  it('refuses any change once the period is approved or closed, or while a run of it is active', async () => {
    const body = { rows: [{ staff: 'E101', input: INPUT, value: 70 }] };
    const periods = ds.getRepository(AppraisalPeriod);
    for (const status of ['approved', 'closed'] as const) {
      await periods.save({ period: QUARTER, status, currentRunId: null });
      await expect(service.putInputs('user:hr', QUARTER, body)).rejects.toBeInstanceOf(
        AppraisalPeriodLockedError,
      );
    }
    await periods.save({ period: QUARTER, status: 'scored', currentRunId: null });
    const run = await ds.getRepository(AppraisalRun).save({
      id: '00000000-0000-4000-8000-0000000000a1',
      period: QUARTER,
      status: 'running',
      planVersion: 1,
      activePeriod: QUARTER,
      total: 0,
      chunkCount: 0,
      months: [],
      requestedBy: 'test',
      createdAt: new Date().toISOString(),
      startedAt: null,
      finishedAt: null,
      error: null,
    });
    await expect(service.putInputs('user:hr', QUARTER, body)).rejects.toBeInstanceOf(
      AppraisalRunInProgressError,
    );
    await ds.getRepository(AppraisalRun).update({ id: run.id }, { status: 'completed', activePeriod: null });
    expect(await service.putInputs('user:hr', QUARTER, body)).toMatchObject({ stored: 1 });
    await ds.getRepository(AppraisalRun).delete({ id: run.id });
    await periods.delete({ period: QUARTER });
  });
});

// Value corrections on a real database: a correction of a `sum` input replaces what its observations add up to
// (5.9 observed, corrected to 3: the month's value is 3) in the exported document and in a run's result, whose
// indicator explanation names the correction, its reason and what the observations gave; a second correction
// supersedes the first; every bad field is named; an approved month and a month with a run in progress refuse;
// withdrawing a batch's corrections puts back in force the ones they had superseded.
import type { DataSource } from 'typeorm';
import {
  AuditEntry,
  InputDefinition,
  IntakeBatch,
  Observation,
  Period,
  ScoringRun,
  Staff,
  StaffResultRow,
  ValueCorrection,
} from '@app/persistence';
import type { StaffScore } from '@app/scoring';
import { closeDatabase, testDatabases } from '../../../../test/support/database';
import { drain, inProcessRuns, MONTH } from '../../../../test/factories/appraisal';
import { libraryMonth } from '../../../../test/factories/month';
import { PeriodLifecycleService } from '../periods';
import { RunsService, explainedResult } from '../runs';
import { exportDocument } from './export-document';
import { importDocument } from './import-document';
import { CorrectionsInvalidError, withdrawBatchCorrections } from './value-corrections';
import { ValueCorrectionsService } from './value-corrections.service';

/** E101 (MAINT, department ENG-CC): training_hours is a `sum` input, TRAINING scores 0 → 8 hours as 0 → 100. */
const PERSON = 'E101';
const HR = 'user:hr';

describe.each(testDatabases('documents_corrections'))('%s', (_name, db) => {
  let ds: DataSource;
  let runs: RunsService;
  let corrections: ValueCorrectionsService;
  beforeEach(async () => {
    ds = await db.open();
    runs = inProcessRuns(ds);
    corrections = new ValueCorrectionsService(ds);
    const doc = libraryMonth();
    doc.staff.find((s) => s.id === PERSON)!.inputs!.training_hours = 5.9;
    await importDocument(ds, doc, 'test');
  });
  afterEach(async () => {
    await drain(runs);
    await closeDatabase(ds);
  });

  const correct = (value: number, reason = 'two sessions were another person’s', extra = {}) =>
    corrections.create(MONTH, { input: 'training_hours', staff: PERSON, value, reason, ...extra }, HR);
  const exported = async (code = PERSON) =>
    (await exportDocument(ds, MONTH)).staff.find((s) => s.id === code)!.inputs!;
  /** Scores the month and answers the person's result of that run. */
  const scored = async (code = PERSON): Promise<StaffScore> => {
    const { run } = await runs.start(MONTH, 'manual', 'test');
    await drain(runs);
    const done = await ds.getRepository(ScoringRun).findOneByOrFail({ id: run.id });
    expect(done.status).toBe('completed');
    const row = await ds.getRepository(StaffResultRow).findOneByOrFail({ runId: run.id, staffCode: code });
    const result = await explainedResult(ds.manager, row, MONTH);
    if ('error' in result) throw new Error(result.error);
    return result;
  };
  const refusal = async (work: Promise<unknown>) => {
    const error = await work.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CorrectionsInvalidError);
    return (error as CorrectionsInvalidError).rows;
  };

  it('replaces what the observations of a `sum` input add up to, in the export and in the run, and says so', async () => {
    // Another 3 hours observed: the observations now add up to 8.9.
    const staff = await ds.getRepository(Staff).findOneByOrFail({ code: PERSON });
    const input = await ds.getRepository(InputDefinition).findOneByOrFail({ code: 'training_hours' });
    expect(input.aggregate).toBe('sum');
    const observed = { staffId: staff.id, inputId: input.id };
    const [imported] = await ds.getRepository(Observation).findBy(observed);
    const again: Partial<Observation> = { ...imported, value: 3 };
    delete again.id;
    await ds.getRepository(Observation).insert(again);
    expect((await exported()).training_hours).toBeCloseTo(8.9, 10);
    const before = await ds.getRepository(Period).findOneByOrFail({ period: MONTH });

    const created = await correct(3);

    expect(created).toMatchObject({
      period: MONTH,
      input: 'training_hours',
      staff: PERSON,
      value: 3,
      reason: 'two sessions were another person’s',
      inForce: true,
      supersedes: null,
      createdBy: HR,
    });
    const batch = await ds.getRepository(IntakeBatch).findOneByOrFail({ id: created.batchId });
    expect(batch).toMatchObject({ source: 'correction', actor: HR, rowCount: 1, periods: [MONTH] });
    expect(batch.sha256).toMatch(/^[0-9a-f]{64}$/);
    const after = await ds.getRepository(Period).findOneByOrFail({ period: MONTH });
    expect(after.dataVersion).toBe(before.dataVersion + 1);
    const [entry] = await ds.getRepository(AuditEntry).findBy({ action: 'correction.create' });
    expect(entry).toMatchObject({ actor: HR, entity: 'correction', entityKey: String(created.id) });
    // The observations are kept; the month's value is the correction's.
    expect((await ds.getRepository(Observation).findBy(observed)).map((o) => o.value).sort()).toEqual([
      3, 5.9,
    ]);
    expect((await exported()).training_hours).toBe(3);

    const result = await scored();
    const training = result.indicators.find((i) => i.code === 'TRAINING')!;
    expect(training).toMatchObject({ value: 3, score: 37.5 });
    expect(training.explanation).toMatch(/^training_hours = 3; /);
    expect(
      training.explanation.endsWith(
        `; training_hours: value 3 set by correction #${created.id} ` +
          '(reason: two sessions were another person’s), observations gave 8.9',
      ),
    ).toBe(true);
    // Indicators that do not read the corrected input say nothing of it.
    for (const i of result.indicators.filter((x) => x.code !== 'TRAINING'))
      expect(i.explanation).not.toContain('correction');
  });

  it('corrects a department’s input for its staff, named as the department’s', async () => {
    const created = await corrections.create(
      MONTH,
      { input: 'maint_cost', department: 'ENG-CC', value: 900, reason: 'invoice booked twice' },
      HR,
    );
    expect(created).toMatchObject({ department: 'ENG-CC', input: 'maint_cost', value: 900 });
    expect(created).not.toHaveProperty('staff');

    const dept = (await exportDocument(ds, MONTH)).departments!.find((d) => d.code === 'ENG-CC')!;
    expect(dept.inputs!.maint_cost).toBe(900);
    const cost = (await scored()).indicators.find((i) => i.code === 'MAINT_COST_VS_PLAN')!;
    expect(cost.explanation).toMatch(
      new RegExp(
        `; maint_cost: value 900 set by correction #${created.id} \\(reason: invoice booked twice\\), ` +
          'observations gave [0-9.]+ \\(department ENG-CC\\)$',
      ),
    );
  });

  it('says "observations gave no value" when nothing was observed', async () => {
    const staff = await ds.getRepository(Staff).findOneByOrFail({ code: PERSON });
    const input = await ds.getRepository(InputDefinition).findOneByOrFail({ code: 'training_hours' });
    await ds.getRepository(Observation).delete({ staffId: staff.id, inputId: input.id });
    const created = await correct(3);

    const training = (await scored()).indicators.find((i) => i.code === 'TRAINING')!;
    expect(training.value).toBe(3);
    expect(training.explanation).toContain(
      `training_hours: value 3 set by correction #${created.id} (reason: two sessions were another person’s), ` +
        'observations gave no value',
    );
  });

  it('supersedes the correction in force with a second one; both are listed', async () => {
    const first = await correct(3, 'first count');
    const second = await correct(4, 'recounted');

    expect(second).toMatchObject({ supersedes: first.id, inForce: true });
    const rows = await ds.getRepository(ValueCorrection).find({ order: { id: 'ASC' } });
    expect(rows.map((r) => [r.id, r.activeKey !== null, r.supersededBy])).toEqual([
      [first.id, false, second.id],
      [second.id, true, null],
    ]);
    const listed = await corrections.list(MONTH);
    expect(listed).toEqual([
      expect.objectContaining({ id: first.id, value: 3, inForce: false, supersededBy: second.id }),
      expect.objectContaining({ id: second.id, value: 4, inForce: true, supersededBy: null }),
    ]);
    expect((await exported()).training_hours).toBe(4);
    const training = (await scored()).indicators.find((i) => i.code === 'TRAINING')!;
    expect(training.explanation).toContain(`value 4 set by correction #${second.id} (reason: recounted)`);
    expect(training.explanation).not.toContain(`#${first.id} `);
  });

  it('names every bad field and stores nothing', async () => {
    expect(
      await refusal(
        corrections.create(MONTH, { input: 'nope', staff: 'NOBODY', value: 'three', reason: ' ' }, HR),
      ),
    ).toMatchObject([
      { row: 1, field: 'input', code: 'NOT_IN_DICTIONARY', message: '"nope" is not in the input dictionary' },
      { row: 1, field: 'staff', message: 'unknown staff code "NOBODY"' },
      { row: 1, field: 'value', message: 'must be a finite number, got "three"' },
      { row: 1, field: 'reason', code: 'REASON_REQUIRED', message: 'required: why the value is corrected' },
    ]);
    expect(
      await refusal(
        corrections.create(
          MONTH,
          { input: 'training_hours', department: 'ENG-CC', value: Infinity, reason: 'x', extra: 1 },
          HR,
        ),
      ),
    ).toMatchObject([
      { row: 1, field: 'extra', code: 'UNKNOWN_FIELD', message: 'unknown field' },
      {
        row: 1,
        field: 'department',
        message: '"training_hours" is a staff-level input: correct it for a member of staff',
      },
      { row: 1, field: 'value', message: 'must be a finite number, got Infinity' },
    ]);
    await expect(correct(3).then(() => corrections.create('2031-01', {}, HR))).rejects.toThrow(
      'period 2031-01 does not exist',
    );
    expect(await ds.getRepository(ValueCorrection).count()).toBe(1);
    expect(await ds.getRepository(IntakeBatch).countBy({ source: 'correction' })).toBe(1);
  });

  it('refuses while a run of the month is in progress, and once the month is approved', async () => {
    await scored();
    const run = await ds.getRepository(ScoringRun).findOneByOrFail({ period: MONTH });
    await ds.getRepository(ScoringRun).update({ id: run.id }, { status: 'running', activePeriod: MONTH });
    await expect(correct(3)).rejects.toMatchObject({
      status: 409,
      message: expect.stringContaining(`run ${run.id} of ${MONTH} is running`),
    });
    await ds.getRepository(ScoringRun).update({ id: run.id }, { status: 'completed', activePeriod: null });

    await new PeriodLifecycleService(ds).approve(MONTH, HR);
    await expect(correct(3)).rejects.toMatchObject({
      status: 409,
      message: expect.stringContaining(
        `Correct a closed month with an adjustment: POST /api/v1/periods/${MONTH}/adjustments`,
      ),
    });
    expect(await ds.getRepository(ValueCorrection).count()).toBe(0);
    expect(await ds.getRepository(IntakeBatch).countBy({ source: 'correction' })).toBe(0);
  });

  it('withdrawing a batch takes its corrections back and restores the ones they superseded', async () => {
    const first = await correct(3, 'first');
    const second = await correct(4, 'second');
    const third = await correct(5, 'third');
    const batches = ds.getRepository(IntakeBatch);

    // The second one's batch is withdrawn first: the third stays in force.
    await ds.transaction(async (em) => {
      expect(await withdrawBatchCorrections(em, second.batchId)).toEqual({ withdrawn: 1, restored: 0 });
      await em
        .getRepository(IntakeBatch)
        .update({ id: second.batchId }, { withdrawnAt: new Date().toISOString() });
    });
    expect((await exported()).training_hours).toBe(5);
    // Then the third's: the second was withdrawn, so the first is in force again.
    await ds.transaction(async (em) => {
      expect(await withdrawBatchCorrections(em, third.batchId)).toEqual({ withdrawn: 1, restored: 1 });
    });
    await batches.update({ id: third.batchId }, { withdrawnAt: new Date().toISOString() });
    expect((await exported()).training_hours).toBe(3);
    const inForce = await ds.getRepository(ValueCorrection).find({ where: {}, order: { id: 'ASC' } });
    expect(inForce.map((c) => [c.id, c.activeKey !== null])).toEqual([
      [first.id, true],
      [second.id, false],
      [third.id, false],
    ]);
    // A new correction supersedes the restored one as usual.
    expect(await correct(6, 'fourth')).toMatchObject({ supersedes: first.id });
    // With none left in force, the observations' value is the month's again.
    await ds.transaction(async (em) => {
      const fourth = (await em.getRepository(ValueCorrection).findOneByOrFail({ reason: 'fourth' })).batchId;
      await withdrawBatchCorrections(em, fourth);
      await em.getRepository(IntakeBatch).update({ id: fourth }, { withdrawnAt: new Date().toISOString() });
      await withdrawBatchCorrections(em, first.batchId);
    });
    expect((await exported()).training_hours).toBe(5.9);
  });
});

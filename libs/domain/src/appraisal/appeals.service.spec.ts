// Appeals on a real database: a person appeals within the window only, one open appeal per month, with
// indicators of their result; HR rejects with a reason, or accepts: on an open or scored month the corrected
// measurements become value corrections with the decision (both or neither) — they replace the month's value,
// a `sum` input included — and the month runs again; on a closed month the
// corrections become an adjustment; an approved month is refused. Managers list their departments' appeals only.
import type { DataSource } from 'typeorm';
import {
  Appeal,
  AuditEntry,
  InputDefinition,
  IntakeBatch,
  Observation,
  Period,
  ScoringRun,
  StaffResultRow,
  ValueCorrection,
} from '@app/persistence';
import { closeDatabase, testDatabases } from '../../../../test/support/database';
import {
  appealsService,
  APPEAL_WINDOW_DAYS,
  callerOf,
  drain,
  hr,
  inProcessRuns,
  manager,
  MONTH,
  resultOf,
  scoredMonth,
  staffUser,
  twoPeople,
} from '../../../../test/factories/appraisal';
import { libraryMonth } from '../../../../test/factories/month';
import { CorrectionsInvalidError } from '../documents';
import { PeriodLifecycleService } from '../periods';
import { explainedResult } from '../runs';
import type { RunsService } from '../runs';
import { AppraisalConflictError, AppraisalInvalidError, AppraisalNotFoundError } from './appraisal-errors';
import { AppealsService } from './appeals.service';

const DAY_MS = 86_400_000;

describe.each(testDatabases('appraisal_appeals'))('%s', (_name, db) => {
  let ds: DataSource;
  let runs: RunsService;
  let appeals: AppealsService;
  let x: string;
  let y: string;
  beforeEach(async () => {
    ds = await db.open();
    runs = inProcessRuns(ds);
    appeals = appealsService(ds, runs);
    await scoredMonth(ds, runs);
    [x, y] = await twoPeople(ds);
  });
  afterEach(async () => {
    await drain(runs);
    await closeDatabase(ds);
  });

  const entries = (action: string) =>
    ds.getRepository(AuditEntry).find({ where: { action }, order: { id: 'ASC' } });
  const appealBy = async (code: string, reason = 'my complaints were counted twice') => {
    const { indicators } = await resultOf(ds, code);
    return appeals.create(callerOf(await staffUser(ds, code)), MONTH, {
      indicators: [indicators[0]],
      reason,
    });
  };
  const statusOf = async (id: number) => (await ds.getRepository(Appeal).findOneByOrFail({ id })).status;
  const observations = () => ds.getRepository(Observation).count({ where: { source: 'api' } });
  const measurement = (code: string, input: string, date = `${MONTH}-20`) => ({
    input,
    staff: code,
    date,
    value: 7,
  });
  /** A staff-level input the sample month has for `code`. */
  const inputOf = (code: string) => {
    return Object.keys(libraryMonth().staff.find((s) => s.id === code)!.inputs ?? {})[0];
  };

  describe('appealing', () => {
    it('takes an appeal within the window, with its deadline, and audits it', async () => {
      const run = await ds.getRepository(ScoringRun).findOneByOrFail({ period: MONTH });

      const appeal = await appealBy(x);

      const deadline = new Date(Date.parse(run.finishedAt!) + APPEAL_WINDOW_DAYS * DAY_MS).toISOString();
      expect(appeal).toMatchObject({ period: MONTH, staffId: x, status: 'open', deadline, runId: null });
      const [entry] = await entries('appeal.create');
      expect(entry).toMatchObject({
        actor: `user:staff.${x}`,
        entity: 'appeal',
        entityKey: String(appeal.id),
      });
    });

    it('refuses an appeal after the window, naming the deadline, and stores nothing', async () => {
      const old = new Date(Date.now() - (APPEAL_WINDOW_DAYS + 1) * DAY_MS).toISOString();
      await ds.getRepository(ScoringRun).update({ period: MONTH }, { finishedAt: old });
      const deadline = new Date(Date.parse(old) + APPEAL_WINDOW_DAYS * DAY_MS).toISOString();

      await expect(appealBy(x)).rejects.toThrow(
        new AppraisalConflictError(`the appeal window of ${MONTH} closed at ${deadline}`),
      );
      expect(await ds.getRepository(Appeal).count()).toBe(0);
      expect(await entries('appeal.create')).toEqual([]);
    });

    it('allows one open appeal per person and month; after a decision, another', async () => {
      const first = await appealBy(x);
      await expect(appealBy(x, 'again')).rejects.toThrow(`you have an open appeal for ${MONTH} already`);
      await appealBy(y);

      await appeals.decide(callerOf(hr()), first.id, { decision: 'reject', reason: 'the count stands' });

      expect(await appealBy(x, 'once more')).toMatchObject({ status: 'open' });
      expect(await ds.getRepository(Appeal).count()).toBe(3);
    });

    it('refuses indicators that are not in the person’s result', async () => {
      const user = await staffUser(ds, x);
      await expect(
        appeals.create(callerOf(user), MONTH, { indicators: ['NOPE'], reason: 'x' }),
      ).rejects.toThrow(AppraisalInvalidError);
    });

    it('refuses a user linked to no staff record, and a month without their result', async () => {
      await expect(appeals.create(callerOf(hr()), MONTH, { indicators: ['A'], reason: 'x' })).rejects.toThrow(
        new AppraisalNotFoundError('your user is not linked to a staff record'),
      );
      const user = await staffUser(ds, x);
      await expect(
        appeals.create(callerOf(user), '2026-09', { indicators: ['A'], reason: 'x' }),
      ).rejects.toThrow(new AppraisalNotFoundError('no result of yours for 2026-09'));
    });
  });

  describe('listing', () => {
    it('shows HR every appeal and a manager their departments’ only', async () => {
      const ax = await appealBy(x);
      const ay = await appealBy(y);

      expect((await appeals.list(hr(), { status: 'open' })).map((a) => a.id)).toEqual([ax.id, ay.id]);
      const mine = await appeals.list(manager((await resultOf(ds, x)).department), {});
      expect(mine.map((a) => [a.id, a.staffId])).toEqual([[ax.id, x]]);
    });
  });

  describe('deciding', () => {
    it('rejects with a reason only, audits the decision, and decides once', async () => {
      const appeal = await appealBy(x);

      await expect(
        appeals.decide(callerOf(hr()), appeal.id, { decision: 'reject', reason: ' ' }),
      ).rejects.toThrow(new AppraisalInvalidError('a rejection needs a reason'));
      expect(await statusOf(appeal.id)).toBe('open');

      const rejected = await appeals.decide(callerOf(hr()), appeal.id, {
        decision: 'reject',
        reason: 'it stands',
      });

      expect(rejected).toMatchObject({
        status: 'rejected',
        decisionReason: 'it stands',
        decidedBy: 'hr.admin',
        runId: null,
      });
      const [entry] = await entries('appeal.decide');
      expect(entry).toMatchObject({ actor: 'user:hr.admin', entityKey: String(appeal.id) });
      expect(entry.after).toEqual({
        decisionReason: 'it stands',
        decidedBy: 'hr.admin',
        decidedAt: rejected.decidedAt,
        status: 'rejected',
      });
      await expect(
        appeals.decide(callerOf(hr()), appeal.id, { decision: 'reject', reason: 'x' }),
      ).rejects.toThrow(new AppraisalConflictError(`appeal ${appeal.id} was rejected already`));
      await expect(appeals.decide(callerOf(hr()), 9999, { decision: 'reject', reason: 'x' })).rejects.toThrow(
        AppraisalNotFoundError,
      );
    });

    it('accepts on a scored month: the measurements become corrections with the decision, then the month runs again', async () => {
      const appeal = await appealBy(x);
      const input = inputOf(x);

      const accepted = await appeals.decide(callerOf(hr()), appeal.id, {
        decision: 'accept',
        reason: 'the complaint log was corrected',
        measurements: [measurement(x, input)],
      });

      expect(accepted).toMatchObject({ status: 'accepted', runId: expect.any(String) });
      expect(await observations()).toBe(0);
      const [correction] = await ds.getRepository(ValueCorrection).find();
      expect(correction).toMatchObject({
        value: 7,
        reason: `appeal ${appeal.id}: the complaint log was corrected`,
        activeKey: expect.any(String),
      });
      const batch = await ds.getRepository(IntakeBatch).findOneByOrFail({ id: correction.batchId });
      expect(batch).toMatchObject({ source: 'appeal', rowCount: 1, periods: [MONTH] });
      const [recorded] = await entries('correction.create');
      expect(recorded).toMatchObject({
        entityKey: `appeal ${appeal.id}`,
        after: {
          appeal: appeal.id,
          batchId: batch.id,
          corrections: [{ id: correction.id, input, staff: x, value: 7 }],
        },
      });
      const [decided] = await entries('appeal.decide');
      expect(decided.id).toBeGreaterThan(recorded.id);
      expect((await entries('appeal.run'))[0].after).toEqual({ runId: accepted.runId });
      await drain(runs);
      const rerun = await ds.getRepository(ScoringRun).findOneByOrFail({ id: accepted.runId! });
      expect(rerun.status).toBe('completed');
    });

    it("replaces a `sum` input's value instead of adding to it, and the score follows", async () => {
      // E101's training_hours (a sum, 0 → 8 hours scores 0 → 100) was imported as 6.
      const appeal = await appealBy(x);
      const training = await ds.getRepository(InputDefinition).findOneByOrFail({ code: 'training_hours' });
      expect(training.aggregate).toBe('sum');

      const accepted = await appeals.decide(callerOf(hr()), appeal.id, {
        decision: 'accept',
        reason: 'two sessions were another person’s',
        measurements: [{ input: 'training_hours', staff: x, date: `${MONTH}-20`, value: 3 }],
      });
      await drain(runs);

      const p = await ds.getRepository(Period).findOneByOrFail({ period: MONTH });
      expect(p.currentRunId).toBe(accepted.runId);
      const result = await resultOf(ds, x);
      expect(result.indicators).toContain('TRAINING');
      const row = await ds
        .getRepository(StaffResultRow)
        .findOneByOrFail({ runId: accepted.runId!, staffCode: x });
      const scored = await explainedResult(ds.manager, row, MONTH);
      if ('error' in scored) throw new Error(scored.error);
      const ind = scored.indicators.find((i) => i.code === 'TRAINING')!;
      expect(ind).toMatchObject({ value: 3, score: 37.5 });
      const [c] = await ds.getRepository(ValueCorrection).find();
      expect(ind.explanation).toContain(
        `training_hours: value 3 set by correction #${c.id} (reason: appeal ${appeal.id}: two sessions were another person’s), observations gave 6`,
      );
    });

    it('stores neither decision nor measurements when a measurement is refused', async () => {
      const appeal = await appealBy(x);
      const input = inputOf(x);
      const hrCaller = callerOf(hr());

      const outside = appeals.decide(hrCaller, appeal.id, {
        decision: 'accept',
        reason: 'r',
        measurements: [measurement(x, input), measurement(x, input, '2026-11-02')],
      });
      await expect(outside).rejects.toThrow(
        new AppraisalInvalidError(
          `measurements for an appeal of ${MONTH} must be dated in it, not in 2026-11`,
        ),
      );
      const bad = appeals.decide(hrCaller, appeal.id, {
        decision: 'accept',
        reason: 'r',
        measurements: [measurement(x, input), { ...measurement(x, input), value: 'seven' }],
      });
      await expect(bad).rejects.toThrow(CorrectionsInvalidError);
      await expect(bad).rejects.toMatchObject({
        rows: [{ row: 2, field: 'value', message: 'must be a finite number, got "seven"' }],
      });

      await expect(
        appeals.decide(hrCaller, appeal.id, {
          decision: 'accept',
          reason: 'r',
          measurements: [{ ...measurement(x, input), date: 'last week' }],
        }),
      ).rejects.toMatchObject({
        rows: [{ row: 1, field: 'date', message: 'must be a date YYYY-MM-DD, got "last week"' }],
      });

      expect(await statusOf(appeal.id)).toBe('open');
      expect(await observations()).toBe(0);
      expect(await ds.getRepository(Period).existsBy({ period: '2026-11' })).toBe(false);
      expect(await entries('correction.create')).toEqual([]);
      expect(await ds.getRepository(ValueCorrection).count()).toBe(0);
      expect(await ds.getRepository(IntakeBatch).count({ where: { source: 'appeal' } })).toBe(0);
      expect(await entries('appeal.decide')).toEqual([]);
    });

    it('keeps an acceptance whose run cannot start, says why, and starts the run on request once', async () => {
      const appeal = await appealBy(x);
      await expect(appeals.startRun(callerOf(hr()), appeal.id)).rejects.toThrow(
        `appeal ${appeal.id} is open, not accepted`,
      );
      jest.spyOn(runs, 'start').mockRejectedValueOnce(new Error('queue unreachable'));

      const accepted = await appeals.decide(callerOf(hr()), appeal.id, {
        decision: 'accept',
        reason: 'recount',
      });

      expect(accepted).toMatchObject({ status: 'accepted', runId: null, runError: 'queue unreachable' });
      expect((await entries('appeal.run_failed'))[0].after).toEqual({ error: 'queue unreachable' });
      const started = await appeals.startRun(callerOf(hr()), appeal.id);
      expect(started.runId).toEqual(expect.any(String));
      await expect(appeals.startRun(callerOf(hr()), appeal.id)).rejects.toThrow(/has its run already/);
    });

    it('refuses to accept on an approved month', async () => {
      const appeal = await appealBy(x);
      await new PeriodLifecycleService(ds).approve(MONTH, 'user:hr');

      await expect(
        appeals.decide(callerOf(hr()), appeal.id, { decision: 'accept', reason: 'ok' }),
      ).rejects.toThrow(
        new AppraisalConflictError(
          `${MONTH} is approved (signed off): correct it with an adjustment after closing`,
        ),
      );
      expect(await statusOf(appeal.id)).toBe('open');
    });

    it('accepts on a closed month as an adjustment with the corrections', async () => {
      const appeal = await appealBy(y);
      const lifecycle = new PeriodLifecycleService(ds);
      await lifecycle.approve(MONTH, 'user:hr');
      await lifecycle.close(MONTH, 'user:hr');

      const accepted = await appeals.decide(callerOf(hr()), appeal.id, {
        decision: 'accept',
        reason: 'corrected after closing',
        corrections: [{ staff: y, input: inputOf(y), value: 0 }],
      });

      expect(accepted).toMatchObject({
        status: 'accepted',
        adjustmentId: expect.any(Number),
        runId: expect.any(String),
      });
      expect(await observations()).toBe(0);
      await drain(runs);
      const run = await ds.getRepository(ScoringRun).findOneByOrFail({ id: accepted.runId! });
      expect(run).toMatchObject({ kind: 'adjustment', adjustmentId: accepted.adjustmentId });
    });
  });
});

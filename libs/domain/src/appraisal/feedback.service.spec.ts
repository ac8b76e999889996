// Feedback on a real database: who may write and read feedback on whose month (HR everyone's, a manager their
// departments' staff, nobody else: not found, so nothing tells whether the person exists), about an indicator
// of the person's result or none, and every note audited.
import type { DataSource } from 'typeorm';
import { AuditEntry, Feedback } from '@app/persistence';
import { closeDatabase, testDatabases } from '../../../../test/support/database';
import {
  auditor,
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
import type { RunsService } from '../runs';
import { AppraisalInvalidError, AppraisalNotFoundError } from './appraisal-errors';
import { FeedbackService } from './feedback.service';

describe.each(testDatabases('appraisal_feedback'))('%s', (_name, db) => {
  let ds: DataSource;
  let runs: RunsService;
  let feedback: FeedbackService;
  let x: string;
  let y: string;
  beforeEach(async () => {
    ds = await db.open();
    runs = inProcessRuns(ds);
    feedback = new FeedbackService(ds);
    await scoredMonth(ds, runs);
    [x, y] = await twoPeople(ds);
  });
  afterEach(async () => {
    await drain(runs);
    await closeDatabase(ds);
  });

  it('lets a manager write feedback on their department’s staff, about an indicator, and audits it', async () => {
    const { department, indicators } = await resultOf(ds, x);
    const boss = manager(department);

    const note = await feedback.add(callerOf(boss), MONTH, x, { text: 'better', indicator: indicators[0] });

    expect(note).toMatchObject({
      period: MONTH,
      staffId: x,
      indicator: indicators[0],
      author: boss.username,
    });
    const [entry] = await ds.getRepository(AuditEntry).findBy({ action: 'feedback.create' });
    expect(entry).toMatchObject({ actor: `user:${boss.username}`, entityKey: String(note.id), after: note });
    expect(await feedback.list(auditor(), MONTH, x)).toEqual([note]);
  });

  it('answers not found to a manager of another department, and to another member of staff', async () => {
    const other = manager((await resultOf(ds, y)).department);

    await expect(feedback.add(callerOf(other), MONTH, x, { text: 'x' })).rejects.toThrow(
      new AppraisalNotFoundError(`no result of staff ${x} in ${MONTH}`),
    );
    await expect(feedback.list(other, MONTH, x)).rejects.toThrow(AppraisalNotFoundError);
    await expect(feedback.list(await staffUser(ds, y), MONTH, x)).rejects.toThrow(AppraisalNotFoundError);
    await expect(feedback.list(hr(), MONTH, 'NOBODY')).rejects.toThrow(AppraisalNotFoundError);
    expect(await ds.getRepository(Feedback).count()).toBe(0);
  });

  it('refuses an indicator that is not in the person’s result', async () => {
    await expect(feedback.add(callerOf(hr()), MONTH, x, { text: 'x', indicator: 'NOPE' })).rejects.toThrow(
      AppraisalInvalidError,
    );
    expect(await ds.getRepository(AuditEntry).countBy({ action: 'feedback.create' })).toBe(0);
  });
});

// A person's own months on a real database: only the signed-in user's staff record is read (a user linked to
// none is refused), a month is acknowledged once, comments are kept, and the timeline shows one's own things.
import type { DataSource } from 'typeorm';
import { AuditEntry } from '@app/persistence';
import { closeDatabase, testDatabases } from '../../../../test/support/database';
import {
  callerOf,
  drain,
  hr,
  inProcessRuns,
  MONTH,
  scoredMonth,
  staffUser,
  twoPeople,
} from '../../../../test/factories/appraisal';
import type { RunsService } from '../runs';
import { AppraisalConflictError, AppraisalNotFoundError } from './appraisal-errors';
import { MyMonthsService } from './my-months.service';

describe.each(testDatabases('appraisal_my_months'))('%s', (_name, db) => {
  let ds: DataSource;
  let runs: RunsService;
  let months: MyMonthsService;
  let x: string;
  let y: string;
  beforeEach(async () => {
    ds = await db.open();
    runs = inProcessRuns(ds);
    months = new MyMonthsService(ds);
    await scoredMonth(ds, runs);
    [x, y] = await twoPeople(ds);
  });
  afterEach(async () => {
    await drain(runs);
    await closeDatabase(ds);
  });

  it('acknowledges a month once, audited under the person and month', async () => {
    const me = callerOf(await staffUser(ds, x));

    const ack = await months.acknowledge(me, MONTH, 'seen');

    expect(ack).toMatchObject({ period: MONTH, comment: 'seen' });
    await expect(months.acknowledge(me, MONTH)).rejects.toThrow(AppraisalConflictError);
    const entries = await ds.getRepository(AuditEntry).findBy({ action: 'result.acknowledge' });
    expect(entries).toEqual([expect.objectContaining({ entityKey: `${x}:${MONTH}`, after: ack })]);
  });

  it('shows each person their own timeline only', async () => {
    const me = callerOf(await staffUser(ds, x));
    await months.comment(me, MONTH, 'the survey was before my start');
    await months.acknowledge(me, MONTH);

    const mine = await months.timeline(me.user);
    const theirs = await months.timeline(await staffUser(ds, y));

    expect(mine).toEqual([
      expect.objectContaining({
        period: MONTH,
        result: expect.objectContaining({ id: x }),
        comments: [expect.objectContaining({ text: 'the survey was before my start' })],
        acknowledgement: expect.objectContaining({ comment: null }),
      }),
    ]);
    expect(theirs).toEqual([expect.objectContaining({ comments: [], acknowledgement: null })]);
    expect((await months.result(me.user, MONTH)).result).toMatchObject({ id: x });
  });

  it('refuses a user linked to no staff record, and a month without their result', async () => {
    await expect(months.timeline(hr())).rejects.toThrow(
      new AppraisalNotFoundError('your user is not linked to a staff record'),
    );
    await expect(months.comment(callerOf(hr()), MONTH, 'x')).rejects.toThrow(AppraisalNotFoundError);
    await expect(months.result(await staffUser(ds, x), '2026-09')).rejects.toThrow(
      new AppraisalNotFoundError('no result of yours for 2026-09'),
    );
  });
});

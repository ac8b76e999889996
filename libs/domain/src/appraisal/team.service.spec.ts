// A month's people and one person's history on a real database: a manager sees the people of their departments
// with their names and where the loop stands; a person's history shows only the months the caller may see — after
// a transfer the new department's manager does not read the old department's feedback, nor the old manager the
// new department's.
import type { DataSource } from 'typeorm';
import { Staff } from '@app/persistence';
import { closeDatabase, testDatabases } from '../../../../test/support/database';
import {
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
import { importDocument } from '../documents';
import type { RunsService } from '../runs';
import { AppraisalNotFoundError } from './appraisal-errors';
import { FeedbackService } from './feedback.service';
import { MyMonthsService } from './my-months.service';
import { TeamService } from './team.service';

const NEXT = '2026-11';

describe.each(testDatabases('appraisal_team'))('%s', (_name, db) => {
  let ds: DataSource;
  let runs: RunsService;
  let team: TeamService;
  let x: string;
  let y: string;
  beforeEach(async () => {
    ds = await db.open();
    runs = inProcessRuns(ds);
    team = new TeamService(ds, { appealWindowDays: 7, currency: 'EUR' });
    await scoredMonth(ds, runs);
    [x, y] = await twoPeople(ds);
  });
  afterEach(async () => {
    await drain(runs);
    await closeDatabase(ds);
  });

  it('lists a manager’s people with names, the loop’s state and the currency', async () => {
    await ds.getRepository(Staff).update({ code: x }, { name: '王建国' });
    const { department } = await resultOf(ds, x);
    const me = await staffUser(ds, x);
    await new MyMonthsService(ds).acknowledge(callerOf(me), MONTH, 'ok');

    const view = await team.team(manager(department), MONTH);

    expect(view.currency).toBe('EUR');
    const doc = libraryMonth();
    expect(view.items.map((m) => m.staffId).sort()).toEqual(
      doc.staff
        .filter((s) => s.department === department)
        .map((s) => s.id)
        .sort(),
    );
    expect(view.items.find((m) => m.staffId === x)).toMatchObject({
      name: '王建国',
      acknowledged: true,
      comments: 0,
      openAppeal: false,
    });
    expect(view.items.find((m) => m.staffId !== x)?.acknowledged).toBe(false);
    // HR sees every department's people.
    expect((await team.team(hr(), MONTH)).items.map((m) => m.staffId)).toEqual(
      expect.arrayContaining([x, y]),
    );
    await expect(team.team(hr(), '2030-01')).rejects.toBeInstanceOf(AppraisalNotFoundError);
  });

  it('after a transfer, each manager reads only the months the person was in their department', async () => {
    const from = (await resultOf(ds, x)).department;
    const to = (await resultOf(ds, y)).department;
    const feedback = new FeedbackService(ds);
    await feedback.add(callerOf(manager(from)), MONTH, x, { text: 'said in the old department' });
    // The next month, x works in y's department.
    const doc = libraryMonth();
    await importDocument(
      ds,
      {
        ...doc,
        period: NEXT,
        staff: doc.staff.map((s) => (s.id === x ? { ...s, department: to, site: undefined } : s)),
      },
      'test',
    );
    await runs.start(NEXT, 'manual', 'test');
    await drain(runs);
    expect((await resultOf(ds, x, NEXT)).department).toBe(to);
    await feedback.add(callerOf(manager(to)), NEXT, x, { text: 'said in the new department' });

    const texts = (h: Awaited<ReturnType<TeamService['history']>>) =>
      h.months.flatMap((m) => m.feedback.map((f) => `${m.period}: ${f.text}`));
    expect(texts(await team.history(manager(to), NEXT, x))).toEqual([`${NEXT}: said in the new department`]);
    expect(texts(await team.history(manager(from), MONTH, x))).toEqual([
      `${MONTH}: said in the old department`,
    ]);
    // Asking for a month the manager may not see is not found, whatever the other months.
    await expect(team.history(manager(from), NEXT, x)).rejects.toBeInstanceOf(AppraisalNotFoundError);
    // HR reads both, newest first.
    expect(texts(await team.history(hr(), NEXT, x))).toEqual([
      `${NEXT}: said in the new department`,
      `${MONTH}: said in the old department`,
    ]);
  });
});

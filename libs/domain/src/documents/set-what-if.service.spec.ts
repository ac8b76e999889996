// The what-if preview of a draft set version on a real database: the shipped library's month imported and scored
// by a run. The version in force, previewed unchanged, gives exactly the run's totals (it reads the month as a run
// does, corrections included) and nobody moves; a draft with other weights and a stricter grade table moves people,
// biggest first, and shifts the distribution; a bad draft is refused with paths into the request; an unknown month,
// a month before the set's first version and a set with more people than the bound are refused. Nothing is stored.
import type { DataSource } from 'typeorm';
import { IndicatorSetVersion, Staff, StaffResultRow } from '@app/persistence';
import { DocumentInvalidError } from '@app/scoring';
import { closeDatabase, testDatabases } from '../../../../test/support/database';
import { drain, inProcessRuns, MONTH, scoredMonth } from '../../../../test/factories/appraisal';
import { libraryMonth } from '../../../../test/factories/month';
import { ConfigurationNotFoundError } from '../configuration';
import { PeriodNotFoundError } from '../periods';
import { RunsService } from '../runs';
import { SetWhatIfService, WhatIfTooLargeError } from './set-what-if.service';
import { ValueCorrectionsService } from './value-corrections.service';

const SET = 'MAINT';
const maint = () => libraryMonth().indicatorSets.find((s) => s.code === SET)!;
const content = () => {
  const { dimensions, indicators, grades } = maint();
  return { dimensions, indicators, grades } as {
    dimensions: unknown[];
    indicators: unknown[];
    grades?: unknown[];
  };
};

describe.each(testDatabases('documents_what_if'))('%s', (_name, db) => {
  let ds: DataSource;
  let runs: RunsService;
  let whatIf: SetWhatIfService;
  let runId: string;
  beforeEach(async () => {
    ds = await db.open();
    runs = inProcessRuns(ds);
    runId = (await scoredMonth(ds, runs)).id;
    whatIf = new SetWhatIfService(ds);
  });
  afterEach(async () => {
    await drain(runs);
    await closeDatabase(ds);
  });

  const runTotals = async () =>
    new Map(
      (await ds.getRepository(StaffResultRow).findBy({ runId, indicatorSet: SET })).map((r) => [
        r.staffCode,
        r.total === null ? null : Number(r.total),
      ]),
    );

  it('previews the version in force unchanged as the run scored it: nobody moves', async () => {
    await ds.getRepository(Staff).update({ code: 'E101' }, { name: '张伟' });
    const answer = await whatIf.whatIf(SET, { draft: content(), period: MONTH });
    const run = await runTotals();
    expect(answer).toMatchObject({ set: SET, period: MONTH, version: { version: 1, effectiveFrom: MONTH } });
    expect(answer.staff).toBe(run.size);
    expect(answer.staff).toBe(libraryMonth().staff.filter((s) => s.indicatorSet === SET).length);
    expect([answer.changed, answer.up, answer.down]).toEqual([0, 0, 0]);
    for (const m of answer.movers.items) {
      expect(m.before.total).toBe(run.get(m.id));
      expect(m.after).toEqual(m.before);
      expect(m.delta).toBe(m.before.total === null ? null : 0);
      expect(m.name).toBe(m.id === 'E101' ? '张伟' : '');
    }
    const binned = answer.distribution.bins.reduce((n, b) => n + b.before, 0);
    expect(binned).toBe([...run.values()].filter((t) => t !== null).length);
    expect(answer.distribution.bins.map((b) => b.after)).toEqual(
      answer.distribution.bins.map((b) => b.before),
    );
  });

  it('moves people by a draft with other weights and grades, biggest change first, and shifts the distribution', async () => {
    const draft = content();
    const dims = draft.dimensions as { code: string; weight: number }[];
    // Everything on internal management: a person's total becomes their internal dimension's score.
    for (const d of dims) d.weight = d.code === 'internal' ? 100 : 0;
    draft.grades = [
      { min: 99, grade: 'A', coefficient: 1.2 },
      { min: 0, grade: 'C', coefficient: 0.8 },
    ];
    const answer = await whatIf.whatIf(SET, { draft, period: MONTH, limit: 2 });
    expect(answer.changed).toBeGreaterThan(0);
    expect(answer.movers).toMatchObject({ offset: 0, limit: 2, total: answer.staff });
    expect(answer.movers.items).toHaveLength(2);
    const deltas = answer.movers.items.map((m) => Math.abs(m.delta ?? Infinity));
    expect(deltas[0]).toBeGreaterThanOrEqual(deltas[1]);
    const rest = await whatIf.whatIf(SET, { draft, period: MONTH, offset: 2, limit: 500 });
    for (const m of rest.movers.items) expect(Math.abs(m.delta ?? 0)).toBeLessThanOrEqual(deltas[1]);
    // The grade counts list the draft's grades first; everyone graded is counted once on each side.
    const grades = answer.distribution.grades;
    expect(grades.map((g) => g.grade).slice(0, 2)).toEqual(['A', 'C']);
    const graded = (side: 'before' | 'after') => grades.reduce((n, g) => n + g[side], 0);
    expect(graded('before')).toBe(answer.staff - answer.distribution.errors.before);
    expect(graded('after')).toBe(answer.staff - answer.distribution.errors.after);
    expect(grades.find((g) => g.grade === 'B')?.after ?? 0).toBe(0);
    // Nothing stored: still one version.
    expect(await ds.getRepository(IndicatorSetVersion).countBy({})).toBe(libraryMonth().indicatorSets.length);
  });

  it('reads the corrections in force, as a run does', async () => {
    // E101's TRAINING (hours, 0 → 8 as 0 → 100) from 6 hours corrected to 0: the preview before moves with it.
    const first = await whatIf.whatIf(SET, { draft: content(), period: MONTH, limit: 500 });
    await new ValueCorrectionsService(ds).create(
      MONTH,
      { input: 'training_hours', staff: 'E101', value: 0, reason: 'not attended' },
      'user:hr',
    );
    const second = await whatIf.whatIf(SET, { draft: content(), period: MONTH, limit: 500 });
    const total = (a: typeof first) => a.movers.items.find((m) => m.id === 'E101')!.before.total!;
    expect(total(second)).toBeLessThan(total(first));
  });

  it('refuses a bad draft with every problem, each with its path in the request', async () => {
    const draft = content();
    (draft.indicators[0] as { formula: string }).formula = 'effective_hours / nonsense';
    (draft.dimensions[0] as { weight: number }).weight = 26;
    const error = await whatIf.whatIf(SET, { draft, period: MONTH }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DocumentInvalidError);
    const paths = (error as DocumentInvalidError).problems.map((p) => p.path);
    expect(paths).toEqual(expect.arrayContaining(['draft.indicators[0].formula', 'draft.dimensions']));
  });

  it('refuses an unknown month, a month before the set has a version, and more people than the bound', async () => {
    await expect(whatIf.whatIf(SET, { draft: content(), period: '2026-09' })).rejects.toBeInstanceOf(
      PeriodNotFoundError,
    );
    await expect(whatIf.whatIf('NOPE', { draft: content(), period: MONTH })).rejects.toBeInstanceOf(
      ConfigurationNotFoundError,
    );
    const versionsFrom = (effectiveFrom: string) =>
      ds.createQueryBuilder().update(IndicatorSetVersion).set({ effectiveFrom }).execute();
    await versionsFrom('2026-11');
    await expect(whatIf.whatIf(SET, { draft: content(), period: MONTH })).rejects.toThrow(
      new ConfigurationNotFoundError(`indicator set "${SET}" has no version in force for ${MONTH}`),
    );
    await versionsFrom(MONTH);
    whatIf.maxStaff = 1;
    await expect(whatIf.whatIf(SET, { draft: content(), period: MONTH })).rejects.toBeInstanceOf(
      WhatIfTooLargeError,
    );
  });
});

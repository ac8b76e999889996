// A closed appraisal quarter's payroll on a real database (SQLite, and PostgreSQL with TEST_DATABASE_URL): the three
// months of test/factories/quarter.ts scored, the quarter run (in-process), approved and closed. Refused before it
// is closed; then one APPRAISAL_BONUS line per person with a bonus, in the month's columns and formats, whose sum is
// each pool's amount to the cent; the same bytes on every call; export batches as the month's, audited.
import type { DataSource } from 'typeorm';
import { AppraisalResultRow, AuditEntry, PayrollExport } from '@app/persistence';
import { closeDatabase, testDatabases } from '../../../../test/support/database';
import { QUARTER, quarterPlan } from '../../../../test/factories/quarter';
import { scoreQuarterMonths } from '../../../../test/factories/quarter-runs';
import { AppraisalResult, scoreAnyDocument } from '@app/scoring';
import { RefusedError } from '../model';
import { renderPayroll } from '../pay';
import { DEFAULT_RUNS_OPTIONS, RunsService } from '../runs';
import { AppraisalPeriodInvalidError } from './appraisal-period-errors';
import {
  AppraisalNotClosedError,
  type AppraisalPayrollLine,
  appraisalPayrollLines,
  AppraisalPayrollService,
  openAppraisalPayroll,
} from './appraisal-payroll';
import { AppraisalPeriodsService } from './appraisal-periods.service';
import { AppraisalRunHooks } from './appraisal-runs';
import { AppraisalRunsService } from './appraisal-runs.service';
import { appraisalDocument } from './period-document';

const CURRENCY = 'CNY';

/** Every chunk of a generator, joined, and its return value. */
async function drain(chunks: AsyncGenerator<string, { lineCount: number; total: string }>) {
  let text = '';
  let step = await chunks.next();
  while (!step.done) {
    text += step.value;
    step = await chunks.next();
  }
  return { text, summary: step.value };
}

describe.each(testDatabases('appraisal_payroll'))('%s', (_name, db) => {
  let ds: DataSource;
  let runs: RunsService;
  let service: AppraisalRunsService;
  let payroll: AppraisalPayrollService;

  beforeAll(async () => {
    ds = await db.open();
    await scoreQuarterMonths(ds);
    runs = new RunsService(ds, { ...DEFAULT_RUNS_OPTIONS, backoffMs: 1 }, [new AppraisalRunHooks()]);
    service = new AppraisalRunsService(ds, runs);
    payroll = new AppraisalPayrollService(ds);
    // The quarter's pools, and one whose amount does not split evenly (10,000.01 over CLEAN-SY's three people).
    const plan = quarterPlan();
    plan.incentive.pools.push({ department: 'CLEAN-SY', amount: '10000.01' });
    await new AppraisalPeriodsService(ds).putPlan('user:hr', QUARTER, plan);
  }, 180000);
  afterAll(() => closeDatabase(ds));

  it('refuses the payroll of a period that is not closed, and a period that is not one', async () => {
    await expect(payroll.open(QUARTER, 'csv', CURRENCY)).rejects.toBeInstanceOf(AppraisalNotClosedError);
    await expect(payroll.open('2026-07', 'csv', CURRENCY)).rejects.toBeInstanceOf(
      AppraisalPeriodInvalidError,
    );
    await service.start('user:hr', QUARTER);
    await runs.settle();
    const scored = await payroll.open(QUARTER, 'json', CURRENCY).catch((e: RefusedError) => e);
    expect(scored).toMatchObject({ status: 409, code: 'APPRAISAL_NOT_CLOSED' });
    expect((scored as Error).message).toMatch(/scored/);
    await service.approve('user:hr', QUARTER);
    await expect(payroll.openWorkbook(QUARTER, CURRENCY)).rejects.toBeInstanceOf(AppraisalNotClosedError);
    await expect(
      payroll.recordExport(QUARTER, 'csv', CURRENCY, undefined, 'api-key:x'),
    ).rejects.toBeInstanceOf(AppraisalNotClosedError);
    await service.close('user:hr', QUARTER);
  });

  it("pays each person's bonus once closed: the pools' amounts to the cent, in the month's columns", async () => {
    const src = await openAppraisalPayroll(ds, QUARTER, CURRENCY);
    const rows = await ds.getRepository(AppraisalResultRow).findBy({ runId: src.runId });
    const lines: AppraisalPayrollLine[] = [];
    for await (const page of appraisalPayrollLines(ds, src)) lines.push(...page);
    // One line per person with a bonus, none for a person without one (an error, no pool), staff code order.
    const paid = rows.filter((r) => r.incentive !== null).map((r) => r.staffCode);
    expect(lines.map((l) => l.staffId)).toEqual(paid.sort());
    expect(rows.some((r) => r.incentive === null)).toBe(true);
    // Each pool's lines add up to what the engine allocates of it, to the cent: all of ENG-CC's and CLEAN-SY's,
    // none of ENG-SY's (both its people are graded 不合格, coefficient 0: a "0.00" line each, as in the month).
    const cents = (dept: string) =>
      lines
        .filter((l) => rows.find((r) => r.staffCode === l.staffId)!.department === dept)
        .reduce((n, l) => n + BigInt(l.amount.replace('.', '')), 0n);
    const preview = scoreAnyDocument(
      (await appraisalDocument(ds.manager, QUARTER)).document,
    ) as AppraisalResult;
    const allocated = (dept: string) =>
      BigInt(preview.departments.find((d) => d.code === dept)!.allocated!.replace('.', ''));
    expect([cents('ENG-CC'), cents('CLEAN-SY'), cents('ENG-SY')]).toEqual([3000000n, 1000001n, 0n]);
    for (const dept of ['ENG-CC', 'CLEAN-SY', 'ENG-SY']) expect(cents(dept)).toBe(allocated(dept));
    expect(lines.filter((l) => l.amount === '0.00').map((l) => l.staffId)).toEqual(
      expect.arrayContaining(['E201', 'E202']),
    );
    for (const l of lines) expect(l.amount).toMatch(/^\d+\.\d{2}$/);
    expect(lines[0]).toEqual({
      lineId: `${QUARTER}-${lines[0].staffId}-APPRAISAL_BONUS`,
      period: QUARTER,
      staffId: lines[0].staffId,
      employeeNo: expect.any(String),
      component: 'APPRAISAL_BONUS',
      amount: expect.any(String),
      currency: CURRENCY,
      sourcePeriod: QUARTER,
      runId: src.runId,
    });

    // CSV: the month's header exactly (pay's own renderer writes it before reading anything), the same bytes twice.
    const monthHeader = (
      await renderPayroll(ds, { period: '2026-07', runId: 'x', currency: CURRENCY }, 'csv').next()
    ).value;
    const csv = await drain(await payroll.open(QUARTER, 'csv', CURRENCY));
    const [header, first] = csv.text.split('\r\n');
    expect(`${header}\r\n`).toBe(monthHeader);
    expect(first).toBe(
      [
        lines[0].lineId,
        QUARTER,
        lines[0].staffId,
        lines[0].employeeNo,
        'APPRAISAL_BONUS',
        lines[0].amount,
        CURRENCY,
        QUARTER,
        src.runId,
      ].join(','),
    );
    expect(csv.summary).toEqual({ lineCount: lines.length, total: '40000.01' });
    expect((await drain(await payroll.open(QUARTER, 'csv', CURRENCY))).text).toBe(csv.text);

    // JSON: {period, runId, currency, lines, total}, the total last.
    const json = JSON.parse((await drain(await payroll.open(QUARTER, 'json', CURRENCY))).text);
    expect(Object.keys(json)).toEqual(['period', 'runId', 'currency', 'lines', 'total']);
    expect([json.period, json.lines.length, json.total]).toEqual([QUARTER, lines.length, '40000.01']);
  });

  it('records export batches of exactly those bytes, audited, found again by their Idempotency-Key', async () => {
    const first = await payroll.recordExport(QUARTER, 'csv', CURRENCY, 'q3-csv-1', 'api-key:k1');
    expect(first.created).toBe(true);
    expect(first.batch).toMatchObject({ period: QUARTER, format: 'csv', total: '40000.01' });
    const again = await payroll.recordExport(QUARTER, 'csv', CURRENCY, 'q3-csv-1', 'api-key:k1');
    expect([again.created, again.batch.id]).toEqual([false, first.batch.id]);
    await expect(
      payroll.recordExport(QUARTER, 'json', CURRENCY, 'q3-csv-1', 'api-key:k1'),
    ).rejects.toMatchObject({ status: 422 });
    expect((await payroll.listExports(QUARTER)).map((b) => b.id)).toEqual([first.batch.id]);
    expect(await ds.getRepository(PayrollExport).countBy({ period: QUARTER })).toBe(1);
    expect(
      await ds
        .getRepository(AuditEntry)
        .countBy({ action: 'payroll.export', entity: 'appraisal_period', entityKey: QUARTER }),
    ).toBe(1);
  });
});

// Payroll on a real database: only a closed month with a completed run has payroll, its lines are the same bytes
// on every call (bonuses in staff order, then adjustments booked into it), and an export batch is recorded once
// per Idempotency-Key, audited, with the checksum of exactly those bytes.
import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { AuditEntry, PayrollExport } from '@app/persistence';
import { closeDatabase, testDatabases } from '../../../../test/support/database';
import { scoredPeriod } from '../../../../test/factories/periods';
import { closedMonth } from '../../../../test/factories/pay';
import { PeriodNotFoundError, PeriodStatusError } from '../periods';
import { RefusedError } from '../model';
import { PayrollService } from './payroll.service';
import type { PayrollFormat } from './payroll';

describe.each(testDatabases('payroll'))('%s', (_name, db) => {
  let ds: DataSource;
  let payroll: PayrollService;
  beforeEach(async () => {
    ds = await db.open();
    payroll = new PayrollService(ds);
  });
  afterEach(() => closeDatabase(ds));

  async function text(period: string, format: PayrollFormat): Promise<string> {
    let out = '';
    for await (const chunk of await payroll.open(period, format, 'CNY')) out += chunk;
    return out;
  }

  it('gives a closed month’s lines, the same bytes every time', async () => {
    const { posted } = await closedMonth(ds);

    const json = await text('2026-10', 'json');

    expect(await text('2026-10', 'json')).toBe(json);
    expect(JSON.parse(json)).toEqual({
      period: '2026-10',
      runId: posted.id,
      currency: 'CNY',
      lines: [
        expect.objectContaining({
          staffId: 'A',
          employeeNo: 'E-A',
          component: 'PERF_BONUS',
          amount: '100.00',
        }),
        expect.objectContaining({ staffId: 'B', component: 'PERF_BONUS', amount: '50.00' }),
      ],
      total: '150.00',
    });
    expect((await text('2026-10', 'csv')).split('\r\n')[0]).toBe(
      'lineId,period,staffId,employeeNo,component,amount,currency,sourcePeriod,runId',
    );
  });

  it('refuses a month that is not closed, or unknown, before the first byte', async () => {
    await scoredPeriod(ds, '2026-09');

    await expect(payroll.open('2026-09', 'json', 'CNY')).rejects.toThrow(PeriodStatusError);
    await expect(payroll.open('2026-09', 'json', 'CNY')).rejects.toThrow(
      'period 2026-09 is scored: payroll is exported only for a closed period (approve it, then close it)',
    );
    await expect(payroll.open('2031-01', 'json', 'CNY')).rejects.toThrow(PeriodNotFoundError);
    await expect(payroll.recordExport('2026-09', 'csv', 'CNY', undefined, 'k')).rejects.toThrow(
      PeriodStatusError,
    );
    expect(await ds.getRepository(PayrollExport).count()).toBe(0);
  });

  it('records an export batch once per key, audited, with the checksum of the bytes; another request with the key is 422', async () => {
    await closedMonth(ds);

    const first = await payroll.recordExport('2026-10', 'csv', 'CNY', 'key-1', 'api-key:k');
    const again = await payroll.recordExport('2026-10', 'csv', 'CNY', 'key-1', 'api-key:k');
    const other = payroll.recordExport('2026-10', 'json', 'CNY', 'key-1', 'api-key:k');

    expect(first.created).toBe(true);
    expect(first.batch).toMatchObject({ period: '2026-10', format: 'csv', lineCount: 2, total: '150.00' });
    expect(first.batch.checksum).toBe(
      createHash('sha256')
        .update(await text('2026-10', 'csv'))
        .digest('hex'),
    );
    expect(again).toEqual({ batch: first.batch, created: false });
    await expect(other).rejects.toThrow(RefusedError);
    expect(((await other.catch((e: unknown) => e)) as RefusedError).status).toBe(422);
    expect(await payroll.listExports('2026-10')).toEqual([first.batch]);
    expect(await ds.getRepository(AuditEntry).findBy({ action: 'payroll.export' })).toEqual([
      expect.objectContaining({ actor: 'api-key:k', entity: 'period', entityKey: '2026-10' }),
    ]);
  });
});

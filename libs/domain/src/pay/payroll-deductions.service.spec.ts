// A negative incentive (an incentive declaring `deductions: true`) is paid as its own PERF_DEDUCTION line, never
// netted into a PERF_BONUS line; the total is the exact sum of both (docs/INCENTIVE.md "Deductions").
import type { DataSource } from 'typeorm';
import { closeDatabase, testDatabases } from '../../../../test/support/database';
import { closedMonth } from '../../../../test/factories/pay';
import { PayrollService } from './payroll.service';

describe.each(testDatabases('payroll_deductions'))('%s', (_name, db) => {
  let ds: DataSource;
  beforeEach(async () => {
    ds = await db.open();
  });
  afterEach(() => closeDatabase(ds));

  it('books a negative amount as PERF_DEDUCTION, in staff order, in JSON and CSV', async () => {
    await closedMonth(ds, '2026-10', [
      { staffCode: 'A', incentive: '100.00', employeeNo: 'E-A' },
      { staffCode: 'B', incentive: '-5000.00', employeeNo: 'E-B' },
    ]);
    const payroll = new PayrollService(ds);
    const read = async (format: 'json' | 'csv') => {
      let out = '';
      for await (const chunk of await payroll.open('2026-10', format, 'CNY')) out += chunk;
      return out;
    };

    const json = JSON.parse(await read('json'));
    expect(json.lines).toEqual([
      expect.objectContaining({ lineId: '2026-10-A-PERF_BONUS', component: 'PERF_BONUS', amount: '100.00' }),
      expect.objectContaining({
        lineId: '2026-10-B-PERF_DEDUCTION',
        staffId: 'B',
        component: 'PERF_DEDUCTION',
        amount: '-5000.00',
      }),
    ]);
    expect(json.total).toBe('-4900.00');
    const csv = (await read('csv')).split('\r\n');
    expect(csv[2]).toMatch(/^2026-10-B-PERF_DEDUCTION,2026-10,B,E-B,PERF_DEDUCTION,-5000\.00,CNY,2026-10,/);
  });
});

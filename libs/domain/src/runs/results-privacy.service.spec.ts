// Privacy of department results (issue 13, item 11): a department manager sees their own departments' figures in
// full and the hospital ranking (code, site, score, rank, staff count) of every department, but not the money of
// the departments they do not manage (a small department's pool reveals its staff's pay). HR and auditors: all.
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import type { DataSource } from 'typeorm';
import { DepartmentResultRow } from '@app/persistence';
import { closeDatabase, testDatabases } from '../../../../test/support/database';
import { scoredPeriod } from '../../../../test/factories/periods';
import { ResultsService } from './results.service';

describe.each(testDatabases('results_privacy'))('%s', (_name, db) => {
  let ds: DataSource;
  let service: ResultsService;
  beforeEach(async () => {
    ds = await db.open();
    service = new ResultsService(ds);
    const { run } = await scoredPeriod(ds, '2026-10', [
      { staffCode: 'A', incentive: '900.00', department: 'ENG-CC' },
      { staffCode: 'B', incentive: '1200.00', department: 'CLEAN-CC' },
    ]);
    const dept = (department: string, rank: number, score: number, pool: string, allocated: string) => ({
      runId: run.id,
      department,
      site: 'CC',
      mainSet: 'S',
      score,
      rank,
      staffCount: 1,
      pool,
      allocated,
      unallocated: '0.00',
    });
    await ds
      .getRepository(DepartmentResultRow)
      .insert([dept('CLEAN-CC', 1, 90, '1200.00', '1200.00'), dept('ENG-CC', 2, 80, '900.00', '900.00')]);
  });
  afterEach(() => closeDatabase(ds));

  const manager = { role: 'dept_manager' as const, departments: ['ENG-CC'] };

  it('a manager reads every department’s ranking but only their own departments’ money', async () => {
    const view = await service.departments('2026-10', undefined, manager);

    expect(view.items).toEqual([
      {
        code: 'CLEAN-CC',
        site: 'CC',
        kind: 'S',
        score: 90,
        rank: 1,
        staffCount: 1,
        pool: null,
        allocated: null,
        unallocated: null,
      },
      {
        code: 'ENG-CC',
        site: 'CC',
        kind: 'S',
        score: 80,
        rank: 2,
        staffCount: 1,
        pool: '900.00',
        allocated: '900.00',
        unallocated: '0.00',
      },
    ]);
    // Nowhere else either (the run's id is random: left out, it could hold the digits by chance).
    expect(JSON.stringify({ ...view, runId: null })).not.toContain('1200');
  });

  it('HR and auditors read every figure', async () => {
    for (const role of ['hr_admin', 'auditor'] as const) {
      const view = await service.departments('2026-10', undefined, { role, departments: [] });
      expect(view.items.map((d) => d.pool)).toEqual(['1200.00', '900.00']);
    }
    expect((await service.departments('2026-10')).items.map((d) => d.pool)).toEqual(['1200.00', '900.00']);
  });

  it('the manager’s spreadsheet leaves the other departments’ money cells empty', async () => {
    const rows = async (reader?: Parameters<ResultsService['departments']>[2]) => {
      const out = new PassThrough();
      const chunks: Buffer[] = [];
      out.on('data', (c: Buffer) => chunks.push(c));
      await (
        await service.departmentsWorkbook('2026-10', undefined, reader)
      )(out);
      out.end();
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
      const ws = wb.worksheets[0];
      const list: unknown[][] = [];
      ws.eachRow((r, i) => {
        if (i > 1) list.push((r.values as unknown[]).slice(1));
      });
      return list;
    };
    const mine = await rows(manager);
    // Rank, department, site, kind, score, staff, pool, allocated, unallocated.
    expect(mine[0].slice(0, 6)).toEqual([1, 'CLEAN-CC', 'CC', 'S', 90, 1]);
    expect(mine[0].slice(6).filter((v) => v !== undefined && v !== null)).toEqual([]);
    expect(mine[1]).toEqual([2, 'ENG-CC', 'CC', 'S', 80, 1, 900, 900, 0]);
    expect((await rows())[0]).toEqual([1, 'CLEAN-CC', 'CC', 'S', 90, 1, 1200, 1200, 0]);
  });
});

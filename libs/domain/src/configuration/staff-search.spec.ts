// StaffService's search (`q`) on a real database: code and employee number by prefix, name anywhere, any case,
// LIKE wildcards taken literally, combined with the cursor, the department filter and the month filter.
import { DataSource } from 'typeorm';
import { StaffService } from './staff.service';
import { closeDatabase, testDatabases } from '../../../../test/support/database';
import { department, staff } from '../../../../test/factories/configuration';

describe.each(testDatabases('cfg_staff_q'))('StaffService search on %s', (_name, db) => {
  let ds: DataSource;
  let service: StaffService;
  const codes = (page: { items: { code: string }[] }) => page.items.map((s) => s.code);

  beforeEach(async () => {
    ds = await db.open();
    service = new StaffService(ds);
    const a = await department(ds, 'A');
    const b = await department(ds, 'B');
    await staff(ds, 'ENG01', a.id, { name: '王小明', employeeNo: 'E9001' });
    await staff(ds, 'ENG02', a.id, { name: 'Li Wei', employeeNo: 'E9002' });
    await staff(ds, 'CL_01', b.id, { name: 'Zhang Wei', employeeNo: 'X100' });
    await staff(ds, 'CLX01', b.id, { name: 'Old Hand', employeeNo: 'X200', activeTo: '2026-02-28' });
  });
  afterEach(() => closeDatabase(ds));

  it('finds by code or employee number prefix and by a part of the name, in any case', async () => {
    expect(codes(await service.list({ q: 'eng' }))).toEqual(['ENG01', 'ENG02']);
    expect(codes(await service.list({ q: 'x1' }))).toEqual(['CL_01']);
    expect(codes(await service.list({ q: 'WEI' }))).toEqual(['CL_01', 'ENG02']);
    expect(codes(await service.list({ q: '小明' }))).toEqual(['ENG01']);
    expect(codes(await service.list({ q: '  ' }))).toHaveLength(4);
    expect(codes(await service.list({ q: 'nobody' }))).toEqual([]);
  });

  it('takes LIKE wildcards literally', async () => {
    expect(codes(await service.list({ q: 'CL_' }))).toEqual(['CL_01']);
    expect(codes(await service.list({ q: '%' }))).toEqual([]);
  });

  it('pages a search with the cursor and combines it with the department and month filters', async () => {
    const first = await service.list({ q: 'eng', limit: 1 });
    expect(codes(first)).toEqual(['ENG01']);
    expect(codes(await service.list({ q: 'eng', limit: 1, cursor: first.nextCursor! }))).toEqual(['ENG02']);
    expect(codes(await service.list({ q: 'wei', department: 'B' }))).toEqual(['CL_01']);
    expect(codes(await service.list({ q: 'cl', active: '2026-03' }))).toEqual(['CL_01']);
    expect(codes(await service.list({ q: 'cl', active: '2026-02' }))).toEqual(['CLX01', 'CL_01']);
  });
});

// Small factories for the configuration services' tests: each seeds rows straight through the DataSource (no
// service, no audit entry), so a test's own service call is the only change it observes.
import { DataSource } from 'typeorm';
import {
  AuditEntry,
  Department,
  IndicatorSet,
  IndicatorSetContent,
  IndicatorSetVersion,
  InputDefinition,
  Observation,
  Period,
  PeriodStatus,
  Site,
  Staff,
  WorkloadCatalogueVersion,
} from '@app/persistence';
import type { WorkloadDef } from '@app/scoring';

/** A valid set content: one dimension, one indicator whose formula is `formula` (over declared inputs). */
export function setContent(formula = 'x', weight = 100): IndicatorSetContent {
  return {
    dimensions: [{ code: 'd1', name: 'D1', weight: 100 }],
    indicators: [{ code: 'I1', name: 'I1', dimension: 'd1', weight, formula, scoring: { method: 'direct' } }],
  } as unknown as IndicatorSetContent;
}

/** A valid workload catalogue: one component, one task taking `time` of it. */
export function workloadContent(time = 1): WorkloadDef {
  return { components: ['time'], tasks: [{ code: 'T1', name: 'Task', rvu: { time } }] };
}

export function site(ds: DataSource, code = 'S1'): Promise<Site> {
  return ds.getRepository(Site).save({ code, name: `Site ${code}` });
}

export function department(ds: DataSource, code = 'DEP', siteId: number | null = null): Promise<Department> {
  return ds.getRepository(Department).save({ code, name: `Department ${code}`, siteId, parentId: null });
}

/** A member of staff of `departmentId`, active from `activeFrom` (the first of January 2026 by default). */
export function staff(
  ds: DataSource,
  code: string,
  departmentId: number,
  overrides: Partial<Staff> = {},
): Promise<Staff> {
  return ds.getRepository(Staff).save({
    code,
    employeeNo: `E-${code}`,
    name: code,
    departmentId,
    siteId: null,
    postTypeId: null,
    employmentType: 'in_house',
    activeFrom: '2026-01-01',
    activeTo: null,
    ...overrides,
  });
}

export function input(ds: DataSource, code = 'x', level: 'staff' | 'department' = 'staff') {
  return ds.getRepository(InputDefinition).save({ code, name: code, unit: 'n', level, aggregate: 'sum' });
}

export function period(ds: DataSource, month: string, status: PeriodStatus = 'open'): Promise<Period> {
  return ds.getRepository(Period).save({ period: month, status, currentRunId: null });
}

/** One observation of `inputId` for a member of staff in a month. */
export function observation(ds: DataSource, p: Period, inputId: number, staffId: number, value = 1) {
  return ds.getRepository(Observation).save({
    periodId: p.id,
    inputId,
    taskCode: null,
    staffId,
    departmentId: null,
    observedOn: `${p.period}-01`,
    value,
    source: 'manual',
    mode: 'monthly',
    enteredBy: 'test',
    createdAt: new Date().toISOString(),
  });
}

/** A set with the given versions, numbered 1, 2, … in the order given. */
export async function indicatorSet(
  ds: DataSource,
  code: string,
  versions: { effectiveFrom: string; frozen?: boolean; content?: IndicatorSetContent }[] = [],
): Promise<IndicatorSet> {
  const set = await ds.getRepository(IndicatorSet).save({ code, name: `Set ${code}` });
  for (const [i, v] of versions.entries())
    await ds.getRepository(IndicatorSetVersion).save({
      setId: set.id,
      version: i + 1,
      effectiveFrom: v.effectiveFrom,
      frozen: v.frozen ?? false,
      content: v.content ?? setContent(),
    });
  return set;
}

/** Workload catalogue versions, numbered 1, 2, … in the order given. */
export async function workloadVersions(
  ds: DataSource,
  versions: { effectiveFrom: string; frozen?: boolean; content?: WorkloadDef }[],
): Promise<void> {
  for (const [i, v] of versions.entries())
    await ds.getRepository(WorkloadCatalogueVersion).save({
      version: i + 1,
      effectiveFrom: v.effectiveFrom,
      frozen: v.frozen ?? false,
      content: v.content ?? workloadContent(),
    });
}

/** The audit log, oldest first. */
export function auditLog(ds: DataSource): Promise<AuditEntry[]> {
  return ds.getRepository(AuditEntry).find({ order: { id: 'ASC' } });
}

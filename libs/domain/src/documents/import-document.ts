// Imports a scorecard document into the database, all in one transaction: the input dictionary, indicator sets
// and the workload catalogue (as new versions effective from the document's period when their content
// changed), sites, departments, staff with an explicit assignment to their set, the period with its incentive
// section, and the month's values as observations. Nothing is stored unless everything is.
//
// The month's values replace, per subject: every observation of the period for a member of staff in the
// document (or for a department that lists `inputs`) is replaced by the document's values, one monthly
// observation each. A document states the month's value; adding it to earlier entries would count it twice.
//
// A closed month is held to the same rules as the HR routes (closed-months.ts): an import that would change what
// a closed month was scored with — a staff member's scored fields or active days in it, the set their new rule
// gives them in it, an input's level or aggregate it uses, the site of a department it is made of — is refused
// (409) and stores nothing. Each import leaves one audit entry, `document.import`, in its own transaction.
//
// An import is an intake batch (source `document`, SHA-256 of the document's canonical JSON): its observations
// belong to it, the month is locked first and must take data (not approved or closed, no run queued or running:
// 409 naming the run), and the import raises the month's data version. The same document for the same month
// again, its batch not withdrawn, answers that batch with `duplicate: true` and changes nothing. Withdrawing a
// document's batch removes its observations; the ones it replaced stay replaced.
import { DataSource, EntityManager, In } from 'typeorm';
import {
  AGGREGATES,
  AssignmentRule,
  Department,
  EMPLOYMENT_TYPES,
  EmploymentType,
  GradeOverride,
  IndicatorSet,
  IndicatorSetVersion,
  InputDefinition,
  IntakeBatch,
  Observation,
  Period,
  PostType,
  Site,
  Staff,
  WorkloadCatalogueVersion,
} from '@app/persistence';
import { audit } from '../audit';
import {
  DocumentInvalidError,
  Problem,
  problem,
  ScorecardDocument,
  storedName,
  validateDocument,
  withoutUnknownKeys,
} from '@app/scoring';
import {
  AssignmentRules,
  RuleFields,
  canonicalJson,
  loadEarlier,
  placementOf,
  saveEarlier,
  samePlacement,
  StaffTimeline,
  inForce,
  writeVersion,
  ConflictError,
} from '../model';
import { BatchView, batchView, duplicateBatch, openBatch, sha256OfJson } from './intake-batches';
import {
  activeInAny,
  allRules,
  assertDepartmentChangeAllowed,
  assertInputChangeAllowed,
  assertSetsKept,
  assertStaffChangeAllowed,
  closedFrom,
  closedPeriods,
  staffFields,
  savePlan,
  periodBounds,
  lockMonthsForChange,
  bumpDataVersion,
  configurationChanged,
} from '../periods';
import { copyRows, insertRows, OBSERVATION_COLUMNS } from '@app/persistence/bulk-insert';
import type { StaffFields } from '../model';
import { codeIssue, intakeWindowIssue } from './row-problems';

export interface ImportCounts {
  inputs: number;
  indicatorSets: number;
  departments: number;
  staff: number;
  observations: number;
}

/** A document that is valid on its own but conflicts with what is stored (409). */
export class ImportConflictError extends ConflictError {
  constructor(message: string) {
    super(message);
  }
}

const INSERT_CHUNK = 500;

export interface ImportedDocument {
  period: string;
  counts: ImportCounts;
  /** The import's batch: this one, or the earlier import of the same document it repeats. */
  batch: BatchView;
  /** True when the same document was imported for the month before (batch not withdrawn): nothing changed. */
  duplicate: boolean;
}

/** Told how long each step of an import took (ms): `validate`, `hash`, `staff`, `observations`, … */
export type ImportStepTimer = (step: string, ms: number) => void;

export async function importDocument(
  ds: DataSource,
  raw: unknown,
  enteredBy: string,
  timer?: ImportStepTimer,
): Promise<ImportedDocument> {
  let t = performance.now();
  // The benchmark's split of the time (docs/BENCHMARKS.md, "Importing a month"); nothing when no timer.
  const step = (name: string) => {
    const now = performance.now();
    timer?.(name, now - t);
    t = now;
  };
  const report = validateDocument(raw);
  if (report.problems.length) throw new DocumentInvalidError(report.problems);
  // Unknown keys were warnings of the validation: nothing of them is stored (docs/FORMAT.md "Validation").
  const doc = (report.warnings.length ? withoutUnknownKeys(raw) : raw) as ScorecardDocument;
  const extra = checkServiceFields(doc);
  if (extra.length) throw new DocumentInvalidError(extra);
  step('validate');
  const sha256 = sha256OfJson(raw);
  step('hash');
  const imported = await ds.transaction(async (em): Promise<ImportedDocument> => {
    const month = await lockMonth(em, doc);
    step('lock');
    const earlier = await duplicateBatch(em, 'document', sha256, [doc.period]);
    if (earlier) {
      const counts: ImportCounts = {
        inputs: doc.inputs.length,
        indicatorSets: doc.indicatorSets.length,
        departments: new Set([
          ...(doc.departments ?? []).map((d) => d.code),
          ...doc.staff.map((s) => s.department),
        ]).size,
        staff: doc.staff.length,
        observations: 0,
      };
      return { period: doc.period, counts, batch: batchView(earlier), duplicate: true };
    }
    // The closed months the import must leave as they are (none: every closed-month check is skipped).
    const closed = await closedPeriods(em);
    const { period, planChanged } = await upsertPeriod(em, doc, month);
    const inputs = await upsertInputs(em, doc, closed);
    const sets = await upsertSets(em, doc);
    await upsertWorkload(em, doc);
    const sites = await upsertSites(em, doc);
    const departments = await upsertDepartments(em, doc, sites, closed);
    step('configuration');
    const staffBefore = new Map<string, StaffTimeline>();
    const staff = await upsertStaff(em, doc, departments, sites, closed, staffBefore);
    step('staff');
    await assignSets(em, doc, staff, sets, closed, staffBefore);
    await replaceOverrides(em, doc, staff, enteredBy);
    step('rules');
    const batch = await openBatch(em, enteredBy, { source: 'document', sha256 }, [period], 0);
    const observations = await replaceObservations(
      em,
      doc,
      period,
      inputs,
      staff,
      departments,
      enteredBy,
      batch.id,
    );
    step('observations');
    batch.rowCount = observations;
    await em.update(IntakeBatch, { id: batch.id }, { rowCount: observations });
    await bumpDataVersion(em, [period.id]);
    const counts: ImportCounts = {
      inputs: doc.inputs.length,
      indicatorSets: doc.indicatorSets.length,
      departments: departments.size,
      staff: doc.staff.length,
      observations,
    };
    await audit(em, {
      actor: enteredBy,
      action: 'document.import',
      entity: 'period',
      entityKey: doc.period,
      after: { ...counts, planChanged },
    });
    return { period: doc.period, counts, batch: batchView(batch), duplicate: false };
  });
  step('commit');
  // A big month changes the tables' statistics: without fresh ones PostgreSQL may plan a run's reads of a chunk's
  // staff as scans of whole tables (a few staff's observations as one of the month; a chunk's assignment rules as
  // one of every person's rule, 8.4 ms a chunk of 500 against 1.5 ms along the index once analysed: 1.4 s of
  // PostgreSQL's CPU in a run of 100,000 staff, docs/BENCHMARKS.md). Autovacuum would, a minute or more later.
  const stale = [
    ...(imported.counts.observations >= ANALYZE_AFTER ? ['observations'] : []),
    ...(imported.counts.staff >= ANALYZE_STAFF_AFTER ? ['staff', 'assignment_rules'] : []),
  ];
  if (stale.length && ds.options.type === 'postgres') {
    await ds.query(`ANALYZE ${stale.join(', ')}`);
    step('analyze');
  }
  return imported;
}

const ANALYZE_AFTER = 50_000;
/** Staff in a document from which its import analyses the staff and their rules (one rule a person). */
const ANALYZE_STAFF_AFTER = 2_000;

/** The optional staff fields the service understands beyond the scoring format. */
function checkServiceFields(doc: ScorecardDocument): Problem[] {
  const problems: Problem[] = [];
  doc.inputs.forEach((inp, i) => {
    const agg = (inp as { aggregate?: unknown }).aggregate;
    if (agg !== undefined && !(AGGREGATES as readonly unknown[]).includes(agg)) {
      problems.push(
        problem(`inputs[${i}].aggregate`, 'ONE_OF_GOT', {
          values: AGGREGATES.join(', '),
          got: JSON.stringify(agg),
        }),
      );
    }
  });
  doc.staff.forEach((s, i) => {
    const x = s as unknown as Record<string, unknown>;
    for (const key of ['employeeNo', 'name', 'postType'] as const) {
      if (x[key] !== undefined && (typeof x[key] !== 'string' || x[key] === '')) {
        problems.push(problem(`staff[${i}].${key}`, 'NOT_A_STRING', { got: JSON.stringify(x[key]) }));
      }
    }
    if (
      x.employmentType !== undefined &&
      !(EMPLOYMENT_TYPES as readonly unknown[]).includes(x.employmentType)
    ) {
      problems.push(problem(`staff[${i}].employmentType`, 'ONE_OF', { values: EMPLOYMENT_TYPES.join(', ') }));
    }
  });
  return [...problems, ...checkCodes(doc)];
}

/**
 * The service's rules on what a valid document may still carry: its period inside the intake window, and every
 * code and employee number in the service's character set (CODE_RE, EMPLOYEE_NO_RE: no CR/LF, nothing a
 * spreadsheet reads as a formula). The engine and the CLI accept any staff id; the service does not.
 */
function checkCodes(doc: ScorecardDocument): Problem[] {
  const problems: Problem[] = [];
  const outside = intakeWindowIssue(doc.period);
  if (outside) problems.push({ path: 'period', ...outside });
  const code = (path: string, value: unknown, employeeNo = false) => {
    // Types are checked already (the format's validation, checkServiceFields): the character set is left.
    if (typeof value !== 'string') return;
    const bad = codeIssue(value, employeeNo);
    if (bad) problems.push({ path, ...bad });
  };
  doc.indicatorSets.forEach((set, i) => code(`indicatorSets[${i}].code`, set.code));
  doc.workload?.tasks.forEach((t, i) => code(`workload.tasks[${i}].code`, t.code));
  doc.workload?.adjustments?.forEach((a, i) => code(`workload.adjustments[${i}].site`, a.site));
  doc.departments?.forEach((d, i) => {
    code(`departments[${i}].code`, d.code);
    code(`departments[${i}].site`, d.site);
  });
  doc.staff.forEach((s, i) => {
    const x = s as unknown as Record<string, unknown>;
    code(`staff[${i}].id`, s.id);
    code(`staff[${i}].department`, s.department);
    code(`staff[${i}].site`, s.site);
    code(`staff[${i}].indicatorSet`, s.indicatorSet);
    code(`staff[${i}].postType`, x.postType);
    code(`staff[${i}].employeeNo`, x.employeeNo, true);
  });
  doc.incentive?.pools?.forEach((p, i) => code(`incentive.pools[${i}].department`, p.department));
  return problems;
}

/**
 * The document's month, locked, when it exists: a closed month refuses the import as before; an approved one, or
 * one with a run queued or running, refuses it too (409 naming the run), so a run never scores half an import.
 */
async function lockMonth(em: EntityManager, doc: ScorecardDocument): Promise<Period | null> {
  const period = await em.findOne(Period, { where: { period: doc.period } });
  if (!period) return null;
  if (period.status === 'closed')
    throw new ImportConflictError(`period ${doc.period} is closed: its data can no longer change`);
  await lockMonthsForChange(em, [period.id]);
  return period;
}

async function upsertPeriod(
  em: EntityManager,
  doc: ScorecardDocument,
  existing: Period | null,
): Promise<{ period: Period; planChanged: boolean }> {
  const period = existing ?? (await em.save(em.create(Period, { period: doc.period, status: 'open' })));
  // The document's incentive section is the month's plan: a new plan version when it differs.
  const { added } = await savePlan(em, period, doc.incentive ?? null, 'import', 'import');
  return { period, planChanged: added };
}

async function upsertInputs(
  em: EntityManager,
  doc: ScorecardDocument,
  closed: readonly Period[],
): Promise<Map<string, InputDefinition>> {
  const existing = new Map((await em.find(InputDefinition)).map((i) => [i.code, i]));
  for (const inp of doc.inputs) {
    const agg = (inp as { aggregate?: InputDefinition['aggregate'] }).aggregate;
    const stored = existing.get(inp.code);
    if (stored && closed.length)
      await assertInputChangeAllowed(em, stored, { level: inp.level, aggregate: agg });
    const row = stored ?? em.create(InputDefinition, { code: inp.code, aggregate: 'sum' });
    Object.assign(row, { ...storedName(inp.name), unit: inp.unit, level: inp.level });
    if (agg) row.aggregate = agg;
    existing.set(inp.code, await em.save(row));
  }
  return existing;
}

/**
 * A versioned definition: unchanged content keeps its version; a change makes a new version effective from
 * this period, except that a version already starting in this period and not frozen is edited in place.
 */
async function upsertSets(em: EntityManager, doc: ScorecardDocument): Promise<Map<string, IndicatorSet>> {
  const sets = new Map((await em.find(IndicatorSet)).map((s) => [s.code, s]));
  for (const def of doc.indicatorSets) {
    const set = sets.get(def.code) ?? em.create(IndicatorSet, { code: def.code });
    Object.assign(set, storedName(def.name));
    const saved = await em.save(set);
    sets.set(def.code, saved);
    const content = {
      dimensions: def.dimensions,
      indicators: def.indicators,
      ...(def.grades ? { grades: def.grades } : {}),
      ...(def.plans ? { plans: def.plans } : {}),
      ...(def.quotas ? { quotas: def.quotas } : {}),
    };
    const versions = await em.find(IndicatorSetVersion, {
      where: { setId: saved.id },
      order: { version: 'ASC' },
    });
    const effective = inForce(versions, doc.period);
    if (effective && canonicalJson(effective.content) === canonicalJson(content)) continue;
    await refuseIfClosedFrom(em, doc.period, `indicator set ${def.code}`);
    await writeVersion(em, IndicatorSetVersion, {
      versions,
      scope: { setId: saved.id },
      period: doc.period,
      content,
      conflict: (later) =>
        new ImportConflictError(
          `indicator set ${def.code} has a version effective from ${later.effectiveFrom}, after ${doc.period}: import the later periods again instead`,
        ),
    });
    await configurationChanged(em, doc.period);
  }
  return sets;
}

async function upsertWorkload(em: EntityManager, doc: ScorecardDocument): Promise<void> {
  if (!doc.workload) return;
  const versions = await em.find(WorkloadCatalogueVersion, { order: { version: 'ASC' } });
  const effective = inForce(versions, doc.period);
  if (effective && canonicalJson(effective.content) === canonicalJson(doc.workload)) return;
  await refuseIfClosedFrom(em, doc.period, 'the workload catalogue');
  await writeVersion(em, WorkloadCatalogueVersion, {
    versions,
    period: doc.period,
    content: doc.workload,
    conflict: () =>
      new ImportConflictError(
        `the workload catalogue has a version effective after ${doc.period}: import the later periods again instead`,
      ),
  });
  await configurationChanged(em, doc.period);
}

/** A changed definition must not take effect in a closed month (from `period` on): it was scored with the old. */
async function refuseIfClosedFrom(em: EntityManager, period: string, what: string): Promise<void> {
  const closed = await closedFrom(em, period);
  if (closed) {
    throw new ImportConflictError(
      `${what} differs from the version in force, but period ${closed.period} is closed: a new version effective ` +
        `from ${period} would change the configuration it was scored with`,
    );
  }
}

/** Sites are only added (a stored site's code and name never change here): nothing a closed month reads. */
async function upsertSites(em: EntityManager, doc: ScorecardDocument): Promise<Map<string, Site>> {
  const codes = new Set<string>();
  for (const d of doc.departments ?? []) if (d.site) codes.add(d.site);
  for (const s of doc.staff) if (s.site) codes.add(s.site);
  const sites = new Map((await em.find(Site)).map((s) => [s.code, s]));
  for (const code of codes)
    if (!sites.has(code)) sites.set(code, await em.save(em.create(Site, { code, name: code })));
  return sites;
}

async function upsertDepartments(
  em: EntityManager,
  doc: ScorecardDocument,
  sites: Map<string, Site>,
  closed: readonly Period[],
): Promise<Map<string, Department>> {
  const departments = new Map((await em.find(Department)).map((d) => [d.code, d]));
  const listed = new Map((doc.departments ?? []).map((d) => [d.code, d]));
  const codes = new Set([...listed.keys(), ...doc.staff.map((s) => s.department)]);
  for (const code of codes) {
    const def = listed.get(code);
    const stored = departments.get(code);
    const siteId = def?.site ? sites.get(def.site)!.id : undefined;
    // A site move of a department a closed month is made of (its code is the key here: it never changes).
    if (stored && closed.length && siteId !== undefined)
      await assertDepartmentChangeAllowed(em, stored, { siteId });
    const row = stored ?? em.create(Department, { code, name: code, siteId: null, parentId: null });
    if (def?.name) Object.assign(row, storedName(def.name));
    if (siteId !== undefined) row.siteId = siteId;
    departments.set(code, await em.save(row));
  }
  return departments;
}

async function upsertStaff(
  em: EntityManager,
  doc: ScorecardDocument,
  departments: Map<string, Department>,
  sites: Map<string, Site>,
  closed: readonly Period[],
  /** Filled with the stored timelines of the document's existing staff, by code, when a month is closed. */
  before: Map<string, StaffTimeline>,
): Promise<Map<string, StaffId>> {
  const codes = doc.staff.map((s) => s.id);
  const existing = new Map<string, Staff>();
  for (let i = 0; i < codes.length; i += INSERT_CHUNK) {
    for (const s of await em.find(Staff, { where: { code: In(codes.slice(i, i + INSERT_CHUNK)) } }))
      existing.set(s.code, s);
  }
  const earlier = await loadEarlier(
    em,
    [...existing.values()].map((s) => s.id),
  );
  // The document says where each person is placed in its month: from that month up to their next transfer.
  const timelines = new Map<string, { was: StaffTimeline; now: StaffTimeline }>();
  const postTypes = new Map((await em.find(PostType)).map((p) => [p.code, p]));
  const { first } = periodBounds(doc.period);
  const rows: Staff[] = [];
  for (const s of doc.staff) {
    const x = s as unknown as {
      employeeNo?: string;
      name?: string;
      postType?: string;
      employmentType?: EmploymentType;
    };
    const dept = departments.get(s.department)!;
    const stored = existing.get(s.id);
    const was = stored && new StaffTimeline(staffFields(stored), earlier.get(stored.id));
    if (was && closed.length) before.set(s.id, was);
    const row =
      stored ??
      em.create(Staff, {
        code: s.id,
        employeeNo: x.employeeNo ?? s.id,
        name: '',
        activeFrom: first,
        activeTo: null,
      });
    if (x.employeeNo) row.employeeNo = x.employeeNo;
    if (x.name) row.name = x.name;
    if (x.employmentType) row.employmentType = x.employmentType;
    row.employmentType ??= 'in_house';
    row.departmentId = dept.id;
    // The staff member's own site only where it differs from the department's.
    const site = s.site ? sites.get(s.site)! : null;
    row.siteId = site && site.id !== dept.siteId ? site.id : null;
    if (x.postType) {
      let pt = postTypes.get(x.postType);
      if (!pt)
        postTypes.set(
          x.postType,
          (pt = await em.save(em.create(PostType, { code: x.postType, name: x.postType }))),
        );
      row.postTypeId = pt.id;
    } else row.postTypeId ??= null;
    if (row.activeFrom > first) row.activeFrom = first;
    if (was) {
      // What the document says: department and site always, post and employment type when it gives them.
      const { departmentId, siteId, postTypeId, employmentType } = placementOf(row);
      const changes = {
        departmentId,
        siteId,
        ...(x.postType ? { postTypeId } : {}),
        ...(x.employmentType ? { employmentType } : {}),
      };
      const now = was.place(changes, doc.period, 'next', staffFields(row));
      Object.assign(row, placementOf(now.staff));
      timelines.set(row.code, { was, now });
    }
    rows.push(row);
  }
  // Employee numbers are unique: say which staff member already holds one rather than fail on the index.
  const numbers = rows.map((r) => r.employeeNo);
  const holders = new Map<string, Staff>();
  for (let i = 0; i < numbers.length; i += INSERT_CHUNK) {
    for (const h of await em.find(Staff, { where: { employeeNo: In(numbers.slice(i, i + INSERT_CHUNK)) } }))
      holders.set(h.employeeNo, h);
  }
  const seen = new Map<string, string>();
  rows.forEach((r, i) => {
    const holder = holders.get(r.employeeNo);
    if (holder && holder.code !== r.code)
      throw new ImportConflictError(
        `staff[${i}].employeeNo: "${r.employeeNo}" already belongs to staff ${holder.code}`,
      );
    const twin = seen.get(r.employeeNo);
    if (twin)
      throw new ImportConflictError(
        `staff[${i}].employeeNo: "${r.employeeNo}" is also given to staff ${twin}`,
      );
    seen.set(r.employeeNo, r.code);
  });
  // The same closed-month rules as the HR routes, for whoever was or would be active in a closed month and
  // changes. Their set is judged with their new rule in assignSets (so not by post type here).
  for (const row of closed.length ? rows : []) {
    const { was, now } = timelines.get(row.code) ?? { was: null, now: new StaffTimeline(staffFields(row)) };
    if (!activeInAny(now.staff, closed) && !(was && activeInAny(was.staff, closed))) continue;
    if (was && sameTimeline(was, now)) continue;
    await assertStaffChangeAllowed(em, was, now, { closed, postType: false, importOf: doc.period });
  }
  // One upsert statement per chunk, bound straight to SQL: TypeORM's save would read each row back first, and
  // its insert builder's parameter bookkeeping cost seconds for 100,000 staff.
  const columns = [
    'code',
    'employee_no',
    'name',
    'department_id',
    'site_id',
    'post_type_id',
    'employment_type',
    'active_from',
    'active_to',
  ];
  await insertRows(
    em,
    'staff',
    columns,
    rows.map((r) => [
      r.code,
      r.employeeNo,
      r.name,
      r.departmentId,
      r.siteId,
      r.postTypeId,
      r.employmentType,
      r.activeFrom,
      r.activeTo,
    ]),
    { keys: ['code'], update: columns.slice(1) },
  );
  const moved = [...timelines.values()].filter(({ was, now }) => !sameEarlier(was, now));
  await saveEarlier(
    em,
    moved.map(({ now }) => now),
  );
  // Only their ids are needed from here on (rules and observations name them).
  const saved = new Map<string, StaffId>();
  for (let i = 0; i < codes.length; i += INSERT_CHUNK) {
    const chunk = await em.find(Staff, {
      select: { id: true, code: true },
      where: { code: In(codes.slice(i, i + INSERT_CHUNK)) },
    });
    for (const s of chunk) saved.set(s.code, s);
  }
  return saved;
}

/**
 * The document's grade overrides are the month's for the staff it lists (docs/CALIBRATION.md): theirs are
 * replaced, a listed person without `gradeOverride` has none; the month's other overrides stay.
 */
async function replaceOverrides(
  em: EntityManager,
  doc: ScorecardDocument,
  staff: Map<string, StaffId>,
  author: string,
): Promise<void> {
  const ids = doc.staff.map((s) => staff.get(s.id)!.id);
  const given = doc.staff.filter((s) => s.gradeOverride);
  // Most months have none: then one cheap check instead of deleting by every listed id.
  if (!given.length && !(await em.existsBy(GradeOverride, { period: doc.period }))) return;
  for (let i = 0; i < ids.length; i += INSERT_CHUNK)
    await em.delete(GradeOverride, { period: doc.period, staffId: In(ids.slice(i, i + INSERT_CHUNK)) });
  if (!given.length) return;
  const createdAt = new Date().toISOString();
  await em.insert(
    GradeOverride,
    given.map((s) => ({
      staffId: staff.get(s.id)!.id,
      period: doc.period,
      grade: s.gradeOverride!.grade,
      reason: s.gradeOverride!.reason.trim(),
      author,
      createdAt,
    })),
  );
}

/** A stored member of staff as the rest of the import needs them: by code, their id. */
type StaffId = Pick<Staff, 'id' | 'code'>;

const STAFF_KEYS = [
  'employeeNo',
  'departmentId',
  'siteId',
  'postTypeId',
  'employmentType',
  'activeFrom',
  'activeTo',
] as const satisfies readonly (keyof StaffFields)[];

function sameEarlier(a: StaffTimeline, b: StaffTimeline): boolean {
  return (
    a.earlier.length === b.earlier.length &&
    a.earlier.every((e, i) => e.until === b.earlier[i].until && samePlacement(e, b.earlier[i]))
  );
}

function sameTimeline(a: StaffTimeline, b: StaffTimeline): boolean {
  return STAFF_KEYS.every((k) => a.staff[k] === b.staff[k]) && sameEarlier(a, b);
}

/**
 * The document names each staff member's set: that becomes the staff member's explicit assignment, replacing
 * their own rules. Refused when that gives someone of a closed month (`before`: the stored staff) another set
 * in it, as a rule change on the HR routes is.
 */
async function assignSets(
  em: EntityManager,
  doc: ScorecardDocument,
  staff: Map<string, StaffId>,
  sets: Map<string, IndicatorSet>,
  closed: readonly Period[],
  before: Map<string, StaffTimeline>,
): Promise<void> {
  // One explicit rule per member of staff of the document: their set, whatever their post or department.
  const explicit = doc.staff.map((s) => ({
    setId: sets.get(s.indicatorSet)!.id,
    staffId: staff.get(s.id)!.id,
    postTypeId: null,
    departmentId: null,
    employmentType: null,
    priority: 0,
  }));
  const ofClosed = [...before.values()].filter((t) => activeInAny(t.staff, closed));
  if (ofClosed.length) {
    const stored = await allRules(em);
    const replaced = new Set([...before.values()].map((t) => t.staff.id));
    // The new explicit rules: ids after every stored one (an explicit rule wins whatever its id).
    const added: RuleFields[] = explicit.map((r, i) => ({
      ...r,
      id: Number.MAX_SAFE_INTEGER - explicit.length + i,
    }));
    const kept = stored.filter((r) => r.staffId === null || !replaced.has(r.staffId));
    await assertSetsKept(
      em,
      closed,
      ofClosed,
      new AssignmentRules(stored),
      new AssignmentRules([...kept, ...added]),
      'this import',
    );
  }
  const ids = [...staff.values()].map((s) => s.id);
  for (let i = 0; i < ids.length; i += INSERT_CHUNK)
    await em.delete(AssignmentRule, { staffId: In(ids.slice(i, i + INSERT_CHUNK)) });
  await copyRows(
    em,
    'assignment_rules',
    ['set_id', 'staff_id', 'post_type_id', 'department_id', 'employment_type', 'priority'],
    explicit.map((r) => [r.setId, r.staffId, r.postTypeId, r.departmentId, r.employmentType, r.priority]),
  );
}

async function replaceObservations(
  em: EntityManager,
  doc: ScorecardDocument,
  period: Period,
  inputs: Map<string, InputDefinition>,
  staff: Map<string, StaffId>,
  departments: Map<string, Department>,
  enteredBy: string,
  batchId: number,
): Promise<number> {
  const staffIds = doc.staff.map((s) => staff.get(s.id)!.id);
  const deptIds = (doc.departments ?? []).filter((d) => d.inputs).map((d) => departments.get(d.code)!.id);
  for (let i = 0; i < staffIds.length; i += INSERT_CHUNK) {
    await em.delete(Observation, { periodId: period.id, staffId: In(staffIds.slice(i, i + INSERT_CHUNK)) });
  }
  if (deptIds.length) await em.delete(Observation, { periodId: period.id, departmentId: In(deptIds) });
  const { first } = periodBounds(doc.period);
  const createdAt = new Date().toISOString();
  // period_id, input_id, task_code, staff_id, department_id, observed_on, value, source, mode, entered_by,
  // created_at, batch_id
  const row = (
    inputId: number | null,
    task: string | null,
    staffId: number | null,
    deptId: number | null,
    value: number,
  ) => [
    period.id,
    inputId,
    task,
    staffId,
    deptId,
    first,
    value,
    'import',
    'monthly',
    enteredBy,
    createdAt,
    batchId,
  ];
  const rows: unknown[][] = [];
  for (const d of doc.departments ?? []) {
    for (const [code, value] of Object.entries(d.inputs ?? {})) {
      if (value !== null)
        rows.push(row(inputs.get(code)!.id, null, null, departments.get(d.code)!.id, value));
    }
  }
  for (const s of doc.staff) {
    const staffId = staff.get(s.id)!.id;
    for (const [code, value] of Object.entries(s.inputs ?? {})) {
      if (value !== null) rows.push(row(inputs.get(code)!.id, null, staffId, null, value));
    }
    for (const [task, count] of Object.entries(s.tasks ?? {}))
      rows.push(row(null, task, staffId, null, count));
  }
  // COPY on PostgreSQL (in this transaction), multi-row INSERTs on SQLite.
  await copyRows(em, 'observations', [...OBSERVATION_COLUMNS, 'batch_id'], rows);
  return rows.length;
}

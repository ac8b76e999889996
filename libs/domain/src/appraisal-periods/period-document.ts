// The appraisal document of a period above the month (docs/FORMAT.md, "Appraisal periods above the month"), built
// from the database: the rule from the period's latest plan, and each person's months as they were posted — the
// results of each month's current run, for the months scored, approved or closed. A pure read: a preview scores
// it whole, and a run's chunk will build the same document for its department alone (`departments`).
import { EntityManager, In, SelectQueryBuilder } from 'typeorm';
import { Department, GradeOverride, Period, PeriodStatus, Staff, StaffResultRow } from '@app/persistence';
import type { PackedStaffResult } from '@app/persistence';
import {
  AppraisalDocument,
  AppraisalStaffDef,
  daysInPeriod as monthDays,
  DepartmentDef,
  GradeOverrideDef,
  IncentiveDef,
  InputValues,
  MonthResultDef,
  periodMonths,
} from '@app/scoring';
import { activeDays } from '../periods';
import { appraisalInputValues, staffLevelInputs } from './appraisal-inputs';
import { appraisalPeriod, findAppraisalPlan } from './appraisal-plans';

/** A month's results count once HR has them: scored by a completed run, and kept through approval and close. */
export const POSTED: readonly PeriodStatus[] = ['scored', 'approved', 'closed'];

/** A month of the period as the document read it: its status, its current run, whether its results are in. */
export interface AppraisalMonthSummary {
  period: string;
  /** null: the month was never opened. */
  status: PeriodStatus | null;
  runId: string | null;
  /** Whether the month's results are in the document (a current run, the month scored, approved or closed). */
  included: boolean;
  /** The people of the document with a result in the month. */
  staff: number;
}

export interface BuiltAppraisal {
  document: AppraisalDocument;
  /** The plan version the rule came from. */
  planVersion: number;
  months: AppraisalMonthSummary[];
  /** The internal staff id of each person of the document, by their code (as the document's `id`). */
  staffIds: Map<string, number>;
}

/** The columns a month's row gives, the packed result's grade and veto read from it. */
interface MonthRow {
  runId: string;
  code: string;
  staffId: number | null;
  department: string;
  site: string | null;
  indicatorSet: string;
  total: number | null;
  error: string | null;
  result: string;
}

/**
 * Builds the appraisal document of `period` ("YYYY", "YYYY-Qn" or "YYYY-Hn"): `appraisal`, `inputs` and
 * `incentive` from the latest plan; one person for each member of staff with a result in a month of the period
 * whose results are in, ordered by code, with `months` (the month's rounded total, grade and veto as posted, an
 * error as a month's error, the days the person was active of the days of the month), and the department, site
 * and set of their last month, HR's values of the period's own inputs (`inputs`, appraisal-inputs.ts) and HR's
 * grade override of the period (`gradeOverride`, appraisal-overrides.ts), both by the internal staff id behind the
 * person; the departments of those people with their site. A month with no results is
 * absent from every person and listed in `months` with its status. With `departments`, only the people whose
 * last month is in one of them (with all their months, wherever they were), and the pools of those departments.
 * @throws AppraisalPeriodInvalidError; AppraisalPlanNotFoundError when the period has no plan
 */
export async function appraisalDocument(
  em: EntityManager,
  period: string,
  // planVersion: a run's chunks build with the plan version the run was planned with, whatever HR puts meanwhile.
  opts: { departments?: string[]; planVersion?: number } = {},
): Promise<BuiltAppraisal> {
  const plan = await findAppraisalPlan(em, appraisalPeriod(period), opts.planVersion);
  const posted = await postedMonths(em, period);
  const { runOf } = posted;

  const rows = runOf.size ? await monthRows(em, [...runOf.keys()], opts.departments) : [];
  const activity = await staffActivity(em, rows);
  const own = await periodOwnData(em, period, staffLevelInputs(plan.definition.inputs));
  // One person per internal id (a code may have been given to someone else since).
  const people = new Map<string, { month: string; row: MonthRow }[]>();
  for (const row of rows) {
    const key = personKey(row);
    const list = people.get(key) ?? [];
    list.push({ month: runOf.get(row.runId)!, row });
    people.set(key, list);
  }
  const wanted = opts.departments ? new Set(opts.departments) : null;

  const staff: AppraisalStaffDef[] = [];
  const staffIds = new Map<string, number>();
  const perMonth = new Map<string, number>();
  for (const list of people.values()) {
    list.sort((a, b) => a.month.localeCompare(b.month));
    const last = list[list.length - 1].row;
    if (wanted && !wanted.has(last.department)) continue;
    const active = activity.get(personKey(last));
    const months = list.map(({ month, row }) => {
      perMonth.set(month, (perMonth.get(month) ?? 0) + 1);
      return monthResult(month, row, active);
    });
    staff.push({
      id: last.code,
      department: last.department,
      ...(last.site !== null ? { site: last.site } : {}),
      indicatorSet: last.indicatorSet,
      ...own.of(last.staffId),
      months,
    });
    if (last.staffId !== null) staffIds.set(last.code, last.staffId);
  }
  staff.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  const definition = plan.definition;
  const document: AppraisalDocument = {
    formatVersion: 1,
    period,
    appraisal: definition.appraisal,
    inputs: definition.inputs ?? [],
    departments: await departmentsOf(em, staff),
    staff,
    ...(definition.incentive !== undefined ? { incentive: poolsOf(definition.incentive, wanted) } : {}),
  };
  const months = posted.summaries((month) => perMonth.get(month) ?? 0);
  return { document, planVersion: plan.version, months, staffIds };
}

/**
 * The months of `period` and the current run of each whose results are in (`runOf`: run id → month, in month
 * order); `summaries` lists every month as the document's summary does, with `staff` counted by the caller.
 */
async function postedMonths(em: EntityManager, period: string) {
  const monthsOfPeriod = periodMonths(period);
  const periods = new Map(
    (await em.find(Period, { where: { period: In(monthsOfPeriod) } })).map((p) => [p.period, p]),
  );
  const runOf = new Map<string, string>();
  for (const month of monthsOfPeriod) {
    const p = periods.get(month);
    if (p?.currentRunId && POSTED.includes(p.status)) runOf.set(p.currentRunId, month);
  }
  const summaries = (staff: (month: string, runId: string) => number): AppraisalMonthSummary[] =>
    monthsOfPeriod.map((month) => {
      const p = periods.get(month);
      const runId = p?.currentRunId ?? null;
      const included = runId !== null && runOf.has(runId);
      return {
        period: month,
        status: p?.status ?? null,
        runId,
        included,
        staff: included ? staff(month, runId) : 0,
      };
    });
  return { runOf, summaries };
}

/** Which months of a period its document holds, without the document. */
export interface AppraisalMonths {
  period: string;
  planVersion: number;
  months: AppraisalMonthSummary[];
}

/**
 * The months as `appraisalDocument` would list them (which are in, their run, their staff), with one aggregate read
 * (rows per run) instead of reading every row: what the period's page shows.
 * @throws AppraisalPeriodInvalidError; AppraisalPlanNotFoundError
 */
export async function appraisalMonths(
  em: EntityManager,
  period: string,
  planVersion?: number,
): Promise<AppraisalMonths> {
  const p = appraisalPeriod(period);
  const plan = await findAppraisalPlan(em, p, planVersion);
  const posted = await postedMonths(em, p);
  const perRun = await rowsPerRun(em, [...posted.runOf.keys()]);
  return {
    period: p,
    planVersion: plan.version,
    months: posted.summaries((_, runId) => perRun.get(runId) ?? 0),
  };
}

/** The result rows of each of `runs`. */
async function rowsPerRun(em: EntityManager, runs: string[]): Promise<Map<string, number>> {
  if (!runs.length) return new Map();
  const counts = await em
    .getRepository(StaffResultRow)
    .createQueryBuilder('r')
    .select('r.runId', 'runId')
    .addSelect('COUNT(*)', 'n')
    .where('r.runId IN (:...runs)', { runs })
    .groupBy('r.runId')
    .getRawMany<{ runId: string; n: number | string }>();
  return new Map(counts.map((c) => [c.runId, Number(c.n)]));
}

/** The people of the period's document per department (of their last month), without building it: a run's plan. */
export interface AppraisalCensus {
  planVersion: number;
  months: AppraisalMonthSummary[];
  /** People per department, by department code. */
  departments: Map<string, number>;
  total: number;
}

/**
 * Counts the people `appraisalDocument` would hold, per department of their last month, and the months as it would
 * list them (`appraisalMonths`), with two aggregate reads instead of reading every row (a year of 100,000 staff is 1.2 million rows):
 * what a run's plan needs. A person is their internal staff id, else their code (a row from before results named
 * the person: the document joins it to the staff record holding the code, so such a person may be counted under a
 * department the document gives nobody — a chunk with no one — never the other way round).
 * @throws AppraisalPeriodInvalidError; AppraisalPlanNotFoundError
 */
export async function appraisalCensus(
  em: EntityManager,
  period: string,
  planVersion?: number,
): Promise<AppraisalCensus> {
  const { planVersion: version, months } = await appraisalMonths(em, period, planVersion);
  const runs = months.flatMap((m) => (m.included ? [m.runId!] : [])); // in month order
  const departments = new Map<string, number>();
  if (runs.length) {
    const pg = em.connection.options.type === 'postgres';
    const at = (i: number) => (pg ? `$${i + 1}` : '?');
    const list = runs.map((_, i) => at(runs.length + i)).join(', ');
    // Each row's person and month (its place in the period), then each person's last month's department.
    const sql =
      `WITH m AS (SELECT CASE WHEN r.staff_id IS NULL THEN 'c:' || r.staff_code ` +
      `ELSE 'i:' || CAST(r.staff_id AS VARCHAR(20)) END AS person, r.department AS department, ` +
      `CASE r.run_id ${runs.map((_, i) => `WHEN ${at(i)} THEN ${i}`).join(' ')} END AS k ` +
      `FROM staff_results r WHERE r.run_id IN (${list})) ` +
      `SELECT m.department AS department, COUNT(*) AS n FROM m ` +
      `JOIN (SELECT person, MAX(k) AS k FROM m GROUP BY person) l ON l.person = m.person AND l.k = m.k ` +
      `GROUP BY m.department`;
    for (const r of await em.query<{ department: string; n: number | string }[]>(sql, [...runs, ...runs]))
      departments.set(r.department, Number(r.n));
  }
  const total = [...departments.values()].reduce((n, c) => n + c, 0);
  return { planVersion: version, months, departments, total };
}

/**
 * The incentive for the document's departments: with `wanted`, only their pools (a pool of a department with
 * nobody in the document is a problem of the format; pools split within their department, so each department's
 * split is the same in its own document as in the whole period's).
 */
function poolsOf(incentive: IncentiveDef, wanted: Set<string> | null): IncentiveDef {
  if (!wanted || !Array.isArray(incentive.pools)) return incentive;
  return { ...incentive, pools: incentive.pools.filter((p) => wanted.has(p.department)) };
}

/**
 * HR's own data of the period, by internal staff id: the values of the plan's staff-level inputs and the grade
 * overrides. `of(id)` gives a person's `inputs` and `gradeOverride` keys (none without an id or a value).
 */
async function periodOwnData(em: EntityManager, period: string, inputs: string[]) {
  const values = await appraisalInputValues(em, period, inputs);
  const overrides = new Map<number, GradeOverrideDef>(
    (
      await em.find(GradeOverride, {
        select: { staffId: true, grade: true, reason: true },
        where: { period },
      })
    ).map((o) => [o.staffId, { grade: o.grade, reason: o.reason }]),
  );
  return {
    of(id: number | null): { inputs?: InputValues; gradeOverride?: GradeOverrideDef } {
      if (id === null) return {};
      const v = values.get(id);
      const o = overrides.get(id);
      return { ...(v ? { inputs: v } : {}), ...(o ? { gradeOverride: o } : {}) };
    },
  };
}

/** The rows of `runs`; with `departments`, only of the people with a row in one of them in any of the runs. */
async function monthRows(em: EntityManager, runs: string[], departments?: string[]): Promise<MonthRow[]> {
  if (departments && !departments.length) return [];
  const select = (): SelectQueryBuilder<StaffResultRow> =>
    em
      .getRepository(StaffResultRow)
      .createQueryBuilder('r')
      .select('r.runId', 'runId')
      .addSelect('r.staffCode', 'code')
      .addSelect('r.staffId', 'staffId')
      .addSelect('r.department', 'department')
      .addSelect('r.site', 'site')
      .addSelect('r.indicatorSet', 'indicatorSet')
      .addSelect('r.total', 'total')
      .addSelect('r.error', 'error')
      .addSelect('r.result', 'result')
      .where('r.runId IN (:...runs)', { runs });
  type Raw = MonthRow & { staffId: number | string | null; total: number | string | null };
  let raw: Raw[];
  if (!departments) raw = await select().getRawMany<Raw>();
  else {
    // Everyone who was in one of the departments in a month of the period (whose last month is, is decided
    // after), then all their months. Two reads rather than one with a subquery: each one walks an index
    // ((run, department, code), then (run, code)), where the subquery's estimate made PostgreSQL read every
    // month's every row for each department (docs/BENCHMARKS.md, "The annual appraisal").
    const codes = (
      await em
        .getRepository(StaffResultRow)
        .createQueryBuilder('d')
        .select('DISTINCT d.staffCode', 'code')
        .where('d.runId IN (:...runs)', { runs })
        .andWhere('d.department IN (:...departments)', { departments })
        .getRawMany<{ code: string }>()
    ).map((r) => r.code);
    raw = [];
    for (let i = 0; i < codes.length; i += 500)
      raw.push(
        ...(await select()
          .andWhere('r.staffCode IN (:...codes)', { codes: codes.slice(i, i + 500) })
          .getRawMany<Raw>()),
      );
  }
  return raw.map((r) => ({
    ...r,
    staffId: r.staffId === null ? null : Number(r.staffId),
    total: r.total === null ? null : Number(r.total),
  }));
}

type Active = Pick<Staff, 'activeFrom' | 'activeTo'>;

/** Whose a row is: their internal id, else (a row from before results named it, a record gone) their code. */
function personKey(row: MonthRow): string {
  return row.staffId !== null ? `#${row.staffId}` : `code:${row.code}`;
}

/**
 * The active dates of the people of `rows`, by personKey. A row without an internal id is given the id of the
 * staff record holding its code, so that it joins that person's other months.
 */
async function staffActivity(em: EntityManager, rows: MonthRow[]): Promise<Map<string, Active>> {
  const idSet = new Set(rows.flatMap((r) => (r.staffId !== null ? [r.staffId] : [])));
  const codes = [...new Set(rows.flatMap((r) => (r.staffId === null ? [r.code] : [])))];
  const out = new Map<string, Active>();
  const select = { id: true, code: true, activeFrom: true, activeTo: true } as const;
  for (let i = 0; i < codes.length; i += 500) {
    const found = await em.find(Staff, { where: { code: In(codes.slice(i, i + 500)) }, select });
    const byCode = new Map(found.map((s) => [s.code, s.id]));
    for (const r of rows) if (r.staffId === null) r.staffId = byCode.get(r.code) ?? null;
    for (const s of found) idSet.add(s.id);
  }
  const ids = [...idSet];
  for (let i = 0; i < ids.length; i += 500)
    for (const s of await em.find(Staff, { where: { id: In(ids.slice(i, i + 500)) }, select }))
      out.set(`#${s.id}`, s);
  return out;
}

/** A month of a person as posted: the days they were active in it (all of it when their record is gone). */
function monthResult(month: string, row: MonthRow, active: Active | undefined): MonthResultDef {
  const { grade, vetoed } = gradeAndVeto(row.result);
  const daysInPeriod = monthDays(month);
  const span = active ? activeDays(active, month) : `${month}-01..${month}-${daysInPeriod}`;
  return {
    period: month,
    total: row.error !== null ? null : row.total,
    grade,
    vetoed,
    days: span === null ? 0 : spanDays(span),
    daysInPeriod,
    ...(row.error !== null ? { error: row.error } : {}),
  };
}

/**
 * The grade and the veto of a packed result (libs/persistence/src/staff-result-codec.ts): `s[5]` and `s[7]` in
 * both versions; a result with an error (`e`) has neither. Read without unpacking the rest.
 */
export function gradeAndVeto(result: string | PackedStaffResult): { grade: string | null; vetoed: boolean } {
  const packed = (typeof result === 'string' ? JSON.parse(result) : result) as PackedStaffResult;
  if (!('s' in packed)) return { grade: null, vetoed: false };
  return { grade: packed.s[5], vetoed: packed.s[7] === 1 };
}

/** The days of "first..last" (ISO dates, both included). */
function spanDays(span: string): number {
  const [from, to] = span.split('..').map((d) => Date.parse(`${d}T00:00:00Z`));
  return Math.round((to - from) / 86_400_000) + 1;
}

/** The departments of the document's people, by code, with their site (the department's own, else the person's). */
async function departmentsOf(em: EntityManager, staff: AppraisalStaffDef[]): Promise<DepartmentDef[]> {
  const codes = [...new Set(staff.map((s) => s.department))].sort();
  if (!codes.length) return [];
  const rows = await em.find(Department, { where: { code: In(codes) }, relations: { site: true } });
  const siteOf = new Map(rows.map((d) => [d.code, d.site?.code ?? null]));
  return codes.map((code) => {
    const site = siteOf.get(code) ?? staff.find((s) => s.department === code)?.site ?? null;
    return site !== null ? { code, site } : { code };
  });
}

// The month's calibration (等级校准, docs/CALIBRATION.md): from the month's current run, who holds another grade
// than their total gives and why (a grade quota, HR's override), the month's overrides that run did not apply yet
// (a new run is due), and per quota group the count of each grade before and after. It reads only the few result
// rows with a calibration, and the packed results of the groups where a quota moved someone (their grades). HR and
// auditors see every department, a manager their own (the department of the result; for an override not scored,
// the person's department today).
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In, IsNull, Not } from 'typeorm';
import {
  GradeOverride,
  parseCalibration,
  Period,
  Role,
  ScoringRun,
  Staff,
  StaffResultRow,
} from '@app/persistence';
import type { Calibration, QuotaMove } from '@app/scoring';
import { csvField } from '../model';
import { PeriodNotFoundError } from '../periods';
import { overrideViews } from './overrides.service';

/** Who reads: HR and auditors see everything, a manager their departments (the API's principal has this shape). */
export interface CalibrationViewer {
  role: Role;
  departments: string[];
}

/** One person whose grade the current run calibrated. */
export interface CalibrationItem {
  staffCode: string;
  name: string;
  employeeNo: string | null;
  department: string;
  set: string;
  total: number | null;
  /** The grade the total gives. */
  from: string | null;
  /** The grade held. */
  to: string | null;
  quota: QuotaMove | null;
  override: { grade: string; reason: string } | null;
  /** Whether the grade held is HR's override. */
  overridden: boolean;
}

/** An override the current run has not applied: saved after it (or there is no run yet), or removed since. */
export interface PendingOverride {
  staffCode: string;
  name: string;
  department: string | null;
  /** null: the override the run applied was removed since. */
  grade: string | null;
  reason: string | null;
  author: string | null;
  createdAt: string | null;
}

export interface GradeCounts {
  grade: string | null;
  /** Staff the total gives this grade. */
  natural: number;
  /** Staff holding it after the quotas and overrides. */
  final: number;
}

/** A quota group in which the current run moved someone. */
export interface QuotaGroupCounts {
  set: string;
  scope: QuotaMove['scope'];
  /** The group's department; null for a hospital-wide group. */
  department: string | null;
  staff: number;
  grades: GradeCounts[];
}

export interface MonthCalibration {
  period: string;
  status: Period['status'];
  /** The current run (null: not scored yet). */
  runId: string | null;
  runAt: string | null;
  /** The month's data changed since the run (an override, an intake…): a new run is due before approval. */
  stale: boolean;
  items: CalibrationItem[];
  pending: PendingOverride[];
  groups: QuotaGroupCounts[];
}

/** The grade in the packed result (the scored tuple `s`, index 5; see runs/month-distribution.ts). */
function gradeSql(em: EntityManager): string {
  return em.connection.options.type === 'postgres'
    ? `(CAST(r.result AS json) -> 's' ->> 5)`
    : `json_extract(r.result, '$.s[5]')`;
}

function fromSql(em: EntityManager): string {
  return em.connection.options.type === 'postgres'
    ? `(CAST(r.calibration AS json) ->> 'from')`
    : `json_extract(r.calibration, '$.from')`;
}

const byCode = <T extends { staffCode: string }>(a: T, b: T) =>
  a.staffCode < b.staffCode ? -1 : a.staffCode > b.staffCode ? 1 : 0;

@Injectable()
export class CalibrationService {
  constructor(private readonly ds: DataSource) {}

  /**
   * The month's calibration as `viewer` may see it, limited to `department` when given.
   * @throws PeriodNotFoundError
   */
  async month(viewer: CalibrationViewer, period: string, department?: string): Promise<MonthCalibration> {
    const em = this.ds.manager;
    const p = await em.getRepository(Period).findOneBy({ period });
    if (!p) throw new PeriodNotFoundError(period);
    const all = viewer.role === 'hr_admin' || viewer.role === 'auditor';
    const within = (d: string | null) =>
      d !== null && (all || viewer.departments.includes(d)) && (department === undefined || d === department);
    const run = p.currentRunId ? await em.getRepository(ScoringRun).findOneBy({ id: p.currentRunId }) : null;

    const rows = run
      ? await em.getRepository(StaffResultRow).find({
          select: {
            staffId: true,
            staffCode: true,
            employeeNo: true,
            department: true,
            indicatorSet: true,
            total: true,
            calibration: true,
          },
          where: { runId: run.id, calibration: Not(IsNull()) },
          order: { staffCode: 'ASC' },
        })
      : [];
    const calibrated = rows.map((r) => ({ row: r, c: parseCalibration(r.calibration) as Calibration }));
    const overrides = await overrideViews(em, await em.getRepository(GradeOverride).findBy({ period }));
    const names = await this.names(em, [
      ...calibrated.map((x) => x.row.staffId).filter((id): id is number => id !== null),
    ]);

    const items: CalibrationItem[] = calibrated
      .filter((x) => within(x.row.department))
      .map(({ row, c }) => ({
        staffCode: row.staffCode,
        name: row.staffId === null ? '' : (names.get(row.staffId) ?? ''),
        employeeNo: row.employeeNo,
        department: row.department,
        set: row.indicatorSet,
        total: row.total,
        from: c.from,
        to: c.to,
        quota: c.quota,
        override: c.override,
        overridden: c.override !== null,
      }));

    // What the run applied, by staff code, against what is saved now.
    const applied = new Map(calibrated.filter((x) => x.c.override).map((x) => [x.row.staffCode, x]));
    const resultDepartment = new Map(calibrated.map((x) => [x.row.staffCode, x.row.department]));
    const pending: PendingOverride[] = [];
    const saved = new Set<string>();
    for (const o of overrides) {
      saved.add(o.staffCode);
      const a = applied.get(o.staffCode)?.c.override;
      const scored = a && a.grade === o.grade && a.reason === o.reason;
      // Saved after the run was created: no run can start while an override is written and the other way round
      // (both lock the month), so the run never saw it. Saved before and not applied: the person had no result.
      if (scored || (run && o.createdAt < run.createdAt)) continue;
      const d = resultDepartment.get(o.staffCode) ?? o.department;
      if (within(d))
        pending.push({
          staffCode: o.staffCode,
          name: o.name,
          department: d,
          grade: o.grade,
          reason: o.reason,
          author: o.author,
          createdAt: o.createdAt,
        });
    }
    for (const [code, x] of applied)
      if (!saved.has(code) && within(x.row.department))
        pending.push({
          staffCode: code,
          name: x.row.staffId === null ? '' : (names.get(x.row.staffId) ?? ''),
          department: x.row.department,
          grade: null,
          reason: null,
          author: null,
          createdAt: null,
        });

    return {
      period,
      status: p.status,
      runId: run?.id ?? null,
      runAt: run?.finishedAt ?? run?.createdAt ?? null,
      stale: run !== null && run.dataVersion !== null && p.dataVersion > run.dataVersion,
      items,
      pending: pending.sort(byCode),
      groups: run ? await this.groups(em, run.id, calibrated, all, within) : [],
    };
  }

  /** The calibration as CSV (UTF-8 with a BOM, for Excel; Chinese and English headers), pending overrides last. */
  async csv(viewer: CalibrationViewer, period: string, department?: string): Promise<string> {
    const m = await this.month(viewer, period, department);
    const header = [
      '工号 Staff',
      '姓名 Name',
      '员工号 Employee no.',
      '科室 Department',
      '考核组 Set',
      '总分 Total',
      '原等级 From',
      '校准后等级 To',
      '配额规则 Quota rule',
      '配额范围 Quota group',
      '组内排名 Rank',
      '允许人数 Allowed',
      '组人数 Group staff',
      '人工调整 Override',
      '调整理由 Reason',
      '状态 State',
    ];
    const n = (x: number | null | undefined) => (x === null || x === undefined ? null : String(x));
    const lines: (string | null)[][] = m.items.map((i) => [
      i.staffCode,
      i.name,
      i.employeeNo,
      i.department,
      i.set,
      n(i.total),
      i.from,
      i.to,
      i.quota ? ruleText(i.quota.rule) : null,
      i.quota ? (i.quota.department ?? '全院 hospital') : null,
      n(i.quota?.rank),
      n(i.quota?.allowed),
      n(i.quota?.staff),
      i.override?.grade ?? null,
      i.override?.reason ?? null,
      '已生效 scored',
    ]);
    for (const o of m.pending)
      lines.push([
        o.staffCode,
        o.name,
        null,
        o.department,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        o.grade,
        o.reason,
        o.grade === null
          ? '已撤销，待重新核算 removed: a new run is due'
          : '待重新核算 pending: a new run is due',
      ]);
    const row = (cells: (string | null)[]) => cells.map((c) => csvField(c)).join(',');
    return `\ufeff${[row(header), ...lines.map(row)].join('\r\n')}\r\n`;
  }

  private async names(em: EntityManager, ids: number[]): Promise<Map<number, string>> {
    const names = new Map<number, string>();
    for (let i = 0; i < ids.length; i += 500)
      for (const s of await em
        .getRepository(Staff)
        .find({ select: { id: true, name: true }, where: { id: In(ids.slice(i, i + 500)) } }))
        names.set(s.id, s.name);
    return names;
  }

  /**
   * Per quota group where the run moved someone, the count of each grade before (the total's) and after. The
   * grades are read from the packed results by the database, for those groups' sets only.
   */
  private async groups(
    em: EntityManager,
    runId: string,
    calibrated: { row: StaffResultRow; c: Calibration }[],
    all: boolean,
    within: (d: string | null) => boolean,
  ): Promise<QuotaGroupCounts[]> {
    const moved = new Map<string, { set: string; scope: QuotaMove['scope']; department: string | null }>();
    for (const { row, c } of calibrated) {
      if (!c.quota) continue;
      // A manager sees the counts of their departments' groups; a hospital-wide group spans the others' staff.
      if (c.quota.scope === 'hospital' ? !all : !within(c.quota.department)) continue;
      const key = `${row.indicatorSet}\u0000${c.quota.department ?? ''}`;
      if (!moved.has(key))
        moved.set(key, { set: row.indicatorSet, scope: c.quota.scope, department: c.quota.department });
    }
    if (!moved.size) return [];
    const sets = [...new Set([...moved.values()].map((g) => g.set))];
    const counted = await em
      .getRepository(StaffResultRow)
      .createQueryBuilder('r')
      .select('r.indicator_set', 'set')
      .addSelect('r.department', 'department')
      .addSelect(gradeSql(em), 'grade')
      .addSelect('CASE WHEN r.calibration IS NULL THEN 0 ELSE 1 END', 'calibrated')
      .addSelect(fromSql(em), 'from')
      .addSelect('COUNT(*)', 'n')
      .where('r.run_id = :runId', { runId })
      .andWhere('r.total IS NOT NULL')
      .andWhere('r.indicator_set IN (:...sets)', { sets })
      .groupBy('r.indicator_set')
      .addGroupBy('r.department')
      .addGroupBy(gradeSql(em))
      .addGroupBy('CASE WHEN r.calibration IS NULL THEN 0 ELSE 1 END')
      .addGroupBy(fromSql(em))
      .getRawMany<{
        set: string;
        department: string;
        grade: string | null;
        calibrated: number | string;
        from: string | null;
        n: number | string;
      }>();
    const out = new Map<string, QuotaGroupCounts>();
    for (const [key, g] of moved) out.set(key, { ...g, staff: 0, grades: [] });
    const bump = (group: QuotaGroupCounts, grade: string | null, k: 'natural' | 'final', n: number) => {
      let entry = group.grades.find((x) => x.grade === grade);
      if (!entry) group.grades.push((entry = { grade, natural: 0, final: 0 }));
      entry[k] += n;
    };
    for (const r of counted) {
      const hospital = out.get(`${r.set}\u0000`);
      const group = hospital?.scope === 'hospital' ? hospital : out.get(`${r.set}\u0000${r.department}`);
      if (!group) continue;
      const n = Number(r.n);
      group.staff += n;
      bump(group, r.grade, 'final', n);
      bump(group, Number(r.calibrated) ? r.from : r.grade, 'natural', n);
    }
    // Grades by name, "no grade" last (the set's order is not known here; grades are letters or words).
    for (const g of out.values())
      g.grades.sort((a, b) =>
        a.grade === b.grade ? 0 : a.grade === null ? 1 : b.grade === null ? -1 : a.grade < b.grade ? -1 : 1,
      );
    return [...out.values()].sort((a, b) =>
      a.set === b.set ? ((a.department ?? '') < (b.department ?? '') ? -1 : 1) : a.set < b.set ? -1 : 1,
    );
  }
}

/** A quota rule as the CSV says it: "A ≤ 20%" or "C ≥ 1 (≥ 10 staff)". */
export function ruleText(rule: QuotaMove['rule']): string {
  if ('maxShare' in rule) return `${rule.grade} ≤ ${rule.maxShare}%`;
  return `${rule.grade} ≥ ${rule.minCount}${rule.minStaff && rule.minStaff > 1 ? ` (n ≥ ${rule.minStaff})` : ''}`;
}

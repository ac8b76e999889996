// Exports a period as a scorecard document: the dictionary, the set and workload versions in force for the
// period, departments, the staff active in it with the set their assignment rules give them, their month's
// values (observations aggregated as each input says) and task counts, and the period's incentive section.
import { DataSource } from 'typeorm';
import {
  AssignmentRule,
  Department,
  IndicatorSet,
  IndicatorSetVersion,
  InputDefinition,
  Observation,
  Period,
  Site,
  Staff,
  WorkloadCatalogueVersion,
} from '@app/persistence';
import type { DepartmentDef, IndicatorSetDef, InputValues, ScorecardDocument, StaffDef } from '@app/scoring';
import { aggregate, ObservedValue } from './aggregate';
import { resolveSetId } from './assignment';
import { periodBounds } from './period-dates';

interface ObservationRow {
  id: number;
  staffId: number | null;
  departmentId: number | null;
  inputId: number | null;
  taskCode: string | null;
  observedOn: string;
  value: number;
}

export class PeriodNotFoundError extends Error {
  constructor(readonly period: string) {
    super(`period ${period} does not exist`);
    this.name = 'PeriodNotFoundError';
  }
}

export async function exportDocument(ds: DataSource, period: string): Promise<ScorecardDocument> {
  const p = await ds.getRepository(Period).findOne({ where: { period } });
  if (!p) throw new PeriodNotFoundError(period);
  const [inputs, sets, setVersions, workloads, sites, departments, allStaff, rules, observations] =
    await Promise.all([
      ds.getRepository(InputDefinition).find({ order: { id: 'ASC' } }),
      ds.getRepository(IndicatorSet).find({ order: { id: 'ASC' } }),
      ds.getRepository(IndicatorSetVersion).find({ order: { version: 'ASC' } }),
      ds.getRepository(WorkloadCatalogueVersion).find({ order: { version: 'ASC' } }),
      ds.getRepository(Site).find(),
      ds.getRepository(Department).find({ order: { code: 'ASC' } }),
      ds.getRepository(Staff).find({ order: { id: 'ASC' } }),
      ds.getRepository(AssignmentRule).find(),
      // Raw rows: hydrating a month of observations as entities costs seconds.
      ds
        .getRepository(Observation)
        .createQueryBuilder('o')
        .select([
          'o.id AS id',
          'o.staff_id AS "staffId"',
          'o.department_id AS "departmentId"',
          'o.input_id AS "inputId"',
        ])
        .addSelect(['o.task_code AS "taskCode"', 'o.observed_on AS "observedOn"', 'o.value AS value'])
        .where('o.period_id = :id', { id: p.id })
        .getRawMany<ObservationRow>(),
    ]);
  const siteCode = new Map(sites.map((s) => [s.id, s.code]));
  const deptById = new Map(departments.map((d) => [d.id, d]));
  const inputById = new Map(inputs.map((i) => [i.id, i]));

  // The version of each set in force for the period: the latest one effective from it or before.
  const indicatorSets: IndicatorSetDef[] = [];
  const setCode = new Map<number, string>();
  for (const set of sets) {
    const v = setVersions.filter((x) => x.setId === set.id && x.effectiveFrom <= period).at(-1);
    if (!v) continue;
    setCode.set(set.id, set.code);
    indicatorSets.push({ code: set.code, name: set.name, ...v.content });
  }
  const workload = workloads.filter((w) => w.effectiveFrom <= period).at(-1)?.content;

  // Observations grouped by subject ("s<id>" / "d<id>"), then by input id or task code.
  const bySubject = new Map<string, { inputs: Map<number, ObservedValue[]>; tasks: Map<string, number> }>();
  for (const o of observations) {
    const subject = o.staffId !== null ? `s${o.staffId}` : `d${o.departmentId}`;
    let g = bySubject.get(subject);
    if (!g) bySubject.set(subject, (g = { inputs: new Map(), tasks: new Map() }));
    if (o.inputId !== null) {
      const list = g.inputs.get(o.inputId) ?? [];
      list.push({ value: o.value, observedOn: o.observedOn, id: o.id });
      g.inputs.set(o.inputId, list);
    } else g.tasks.set(o.taskCode!, (g.tasks.get(o.taskCode!) ?? 0) + o.value);
  }
  const valuesOf = (subject: string): { inputs: InputValues; tasks: Record<string, number> } => {
    const g = bySubject.get(subject);
    const inputsOut: InputValues = {};
    for (const [inputId, values] of g?.inputs ?? []) {
      const def = inputById.get(inputId)!;
      const v = aggregate(def.aggregate, values);
      if (v !== null) inputsOut[def.code] = v;
    }
    return { inputs: inputsOut, tasks: Object.fromEntries(g?.tasks ?? []) };
  };

  const { first, last } = periodBounds(period);
  const staff: StaffDef[] = [];
  const usedDepartments = new Set<number>();
  for (const s of allStaff) {
    if (s.activeFrom > last || (s.activeTo !== null && s.activeTo < first)) continue;
    const setId = resolveSetId(s, rules);
    const code = setId === null ? undefined : setCode.get(setId);
    if (code === undefined) continue; // no set in force for this staff member in this period
    const dept = deptById.get(s.departmentId)!;
    usedDepartments.add(dept.id);
    const { inputs: own, tasks } = valuesOf(`s${s.id}`);
    const def: StaffDef = { id: s.code, department: dept.code, indicatorSet: code, inputs: own };
    if (s.siteId !== null) def.site = siteCode.get(s.siteId);
    if (Object.keys(tasks).length) def.tasks = tasks;
    const extra = def as StaffDef & Record<string, unknown>;
    extra.employeeNo = s.employeeNo;
    extra.employmentType = s.employmentType;
    staff.push(def);
  }

  // Departments with staff in the period, or with values of their own this month.
  const departmentsObserved = new Set(
    observations.filter((o) => o.departmentId !== null).map((o) => o.departmentId),
  );
  const departmentsOut: DepartmentDef[] = departments
    .filter((d) => usedDepartments.has(d.id) || departmentsObserved.has(d.id))
    .map((d) => {
      const out: DepartmentDef = { code: d.code, name: d.name };
      if (d.siteId !== null) out.site = siteCode.get(d.siteId);
      const { inputs: deptInputs } = valuesOf(`d${d.id}`);
      if (Object.keys(deptInputs).length) out.inputs = deptInputs;
      return out;
    });

  const doc: ScorecardDocument = {
    formatVersion: 1,
    period,
    inputs: inputs.map((i) => ({
      code: i.code,
      name: i.name,
      unit: i.unit,
      level: i.level,
      aggregate: i.aggregate,
    })),
    indicatorSets,
    departments: departmentsOut,
    staff,
  };
  if (workload) doc.workload = workload;
  if (p.incentive) doc.incentive = p.incentive;
  return doc;
}

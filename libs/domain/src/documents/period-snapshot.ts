// What scoring a period reads from the database, in pieces: the configuration in force for the period, the
// staff it scores (active, with a set), and their month's values: what the observations aggregate to, except
// where a value correction in force sets the value instead. `exportDocument` puts the whole month together; a
// scoring run's chunk job builds the same document for just its staff, so both score alike.
import { EntityManager, IsNull, Not } from 'typeorm';
import {
  Aggregate,
  AssignmentRule,
  Department,
  GradeOverride,
  IncentivePlan,
  IndicatorSet,
  IndicatorSetVersion,
  InputDefinition,
  Observation,
  Period,
  Site,
  streamRows,
  ValueCorrection,
  WorkloadCatalogueVersion,
} from '@app/persistence';
import {
  INPUT_ROW,
  type DepartmentDef,
  type GradeOverrideDef,
  type IncentiveDef,
  type IndicatorSetDef,
  type InputValues,
  type ScorecardDocument,
  type StaffDef,
  type WorkloadDef,
} from '@app/scoring';
import { ObservationFold } from './observation-fold';
import { StaffFields, AssignmentRules, RuleFields, inForce } from '../model';
import { latestPlan, PeriodNotFoundError, periodBounds } from '../periods';

/** The configuration in force for a period. */
export interface PeriodConfig {
  period: Period;
  inputs: InputDefinition[];
  indicatorSets: IndicatorSetDef[];
  /** Set code by set id, for the sets that have a version in force. */
  setCode: Map<number, string>;
  /** Version ids in force, by set code (recorded by runs, frozen when the period closes). */
  setVersionIds: Map<string, number>;
  workload: WorkloadDef | undefined;
  siteCode: Map<number, string>;
  departments: Department[];
  rules: AssignmentRules;
  /** The incentive plan version scoring pays with (null: the month never had a plan; a null definition: removed). */
  plan: { version: number; definition: IncentiveDef | null } | null;
  /** HR's grade overrides of the month, by staff id (docs/CALIBRATION.md): a run applies them when it finishes. */
  overrides: Map<number, GradeOverrideDef>;
}

/**
 * @param staffIds when given, only the assignment rules of these staff (an import makes one rule per person:
 *                 a chunk should not read the whole hospital's)
 * @param planVersion the incentive plan version to pay with (a run's); by default the newest; null: none
 */
export async function loadPeriodConfig(
  em: EntityManager,
  period: string,
  staffIds?: readonly number[],
  planVersion?: number | null,
): Promise<PeriodConfig> {
  const p = await em.getRepository(Period).findOne({ where: { period } });
  if (!p) throw new PeriodNotFoundError(period);
  // Raw rows: an import makes one rule per person, and a run plans over all of them.
  const rulesQuery = em
    .getRepository(AssignmentRule)
    .createQueryBuilder('r')
    .select([
      'r.id AS id',
      'r.set_id AS "setId"',
      'r.staff_id AS "staffId"',
      'r.post_type_id AS "postTypeId"',
    ])
    .addSelect([
      'r.department_id AS "departmentId"',
      'r.employment_type AS "employmentType"',
      'r.priority AS priority',
    ]);
  if (staffIds) {
    rulesQuery.where('r.staff_id IS NULL');
    if (staffIds.length) rulesQuery.orWhere('r.staff_id IN (:...ids)', { ids: staffIds });
  }
  const planRow =
    planVersion === null
      ? null
      : planVersion === undefined
        ? await latestPlan(em, p.id)
        : await em.findOne(IncentivePlan, { where: { periodId: p.id, version: planVersion } });
  if (planVersion !== undefined && planVersion !== null && !planRow)
    throw new Error(`period ${period} has no incentive plan version ${planVersion}`);
  const reads = [
    () => em.getRepository(InputDefinition).find({ order: { id: 'ASC' } }),
    () => em.getRepository(IndicatorSet).find({ order: { id: 'ASC' } }),
    () => em.getRepository(IndicatorSetVersion).find({ order: { version: 'ASC' } }),
    () => em.getRepository(WorkloadCatalogueVersion).find({ order: { version: 'ASC' } }),
    () => em.getRepository(Site).find(),
    () => em.getRepository(Department).find({ order: { code: 'ASC' } }),
    () => rulesQuery.getRawMany<RuleFields>(),
    () =>
      em.getRepository(GradeOverride).find({
        select: { staffId: true, grade: true, reason: true },
        where: { period },
      }),
  ] as const;
  // In parallel on the pool; one after another inside a transaction, whose single connection cannot run two
  // queries at once (pg queues them and warns).
  const [inputs, sets, setVersions, workloads, sites, departments, rules, overrides] = (
    em.queryRunner?.isTransactionActive
      ? await reads.reduce<Promise<unknown[]>>(
          async (acc, read) => [...(await acc), await read()],
          Promise.resolve([]),
        )
      : await Promise.all(reads.map((read) => read()))
  ) as [
    InputDefinition[],
    IndicatorSet[],
    IndicatorSetVersion[],
    WorkloadCatalogueVersion[],
    Site[],
    Department[],
    RuleFields[],
    GradeOverride[],
  ];
  // The version of each set in force for the period: the latest one effective from it or before.
  const indicatorSets: IndicatorSetDef[] = [];
  const setCode = new Map<number, string>();
  const setVersionIds = new Map<string, number>();
  for (const set of sets) {
    const v = inForce(
      setVersions.filter((x) => x.setId === set.id),
      period,
    );
    if (!v) continue;
    setCode.set(set.id, set.code);
    setVersionIds.set(set.code, v.id);
    // A name given per language travels as it was given (docs/FORMAT.md, "Names").
    indicatorSets.push({ code: set.code, name: set.names ?? set.name, ...v.content });
  }
  return {
    period: p,
    inputs,
    indicatorSets,
    setCode,
    setVersionIds,
    workload: inForce(workloads, period)?.content,
    siteCode: new Map(sites.map((s) => [s.id, s.code])),
    departments,
    rules: new AssignmentRules(rules),
    plan: planRow ? { version: planRow.version, definition: planRow.definition } : null,
    overrides: new Map(overrides.map((o) => [o.staffId, { grade: o.grade, reason: o.reason }])),
  };
}

/** A member of staff the period scores, with the set their rules give them. */
export interface PeriodMember {
  staff: StaffFields;
  setCode: string;
}

/** Staff active in the period with a set in force, in the order given. */
export function periodMembers(config: PeriodConfig, staff: readonly StaffFields[]): PeriodMember[] {
  const { first, last } = periodBounds(config.period.period);
  const members: PeriodMember[] = [];
  for (const s of staff) {
    if (s.activeFrom > last || (s.activeTo !== null && s.activeTo < first)) continue;
    const setId = config.rules.setIdFor(s);
    const code = setId === null ? undefined : config.setCode.get(setId);
    if (code !== undefined) members.push({ staff: s, setCode: code });
  }
  return members;
}

export interface ObservationRow {
  id: number;
  staffId: number | null;
  departmentId: number | null;
  inputId: number | null;
  taskCode: string | null;
  observedOn: string;
  value: number;
}

/**
 * The query of a period's observations, an ObservationRow's columns in its order (a streamed read takes them as
 * arrays), limited to some staff or departments when `only` is given.
 */
export function observationsQuery(
  em: EntityManager,
  periodId: number,
  only?: { column: 'staff_id' | 'department_id'; ids: readonly number[] },
) {
  const q = em
    .getRepository(Observation)
    .createQueryBuilder('o')
    .select(['o.id AS id', 'o.staff_id AS "staffId"', 'o.department_id AS "departmentId"'])
    .addSelect(['o.input_id AS "inputId"', 'o.task_code AS "taskCode"'])
    .addSelect(['o.observed_on AS "observedOn"', 'o.value AS value'])
    .where('o.period_id = :periodId', { periodId });
  return only ? q.andWhere(`o.${only.column} IN (:...ids)`, { ids: only.ids }) : q;
}

/** The staff and department parts of `only` that have ids: each a query of its own, answered from its index. */
export function observationParts(only: {
  staffIds: readonly number[];
  departmentIds: readonly number[];
}): { column: 'staff_id' | 'department_id'; ids: readonly number[] }[] {
  return [
    { column: 'staff_id' as const, ids: only.staffIds },
    { column: 'department_id' as const, ids: only.departmentIds },
  ].filter((p) => p.ids.length > 0);
}

/**
 * A period's observations as raw rows (hydrating a month of them as entities costs seconds). `only` limits them
 * to some staff and departments: two queries, so each is answered from its own index.
 */
export async function loadObservations(
  em: EntityManager,
  periodId: number,
  only?: { staffIds: readonly number[]; departmentIds: readonly number[] },
): Promise<ObservationRow[]> {
  if (!only) return observationsQuery(em, periodId).getRawMany<ObservationRow>();
  const parts = await Promise.all(
    observationParts(only).map((part) => observationsQuery(em, periodId, part).getRawMany<ObservationRow>()),
  );
  return parts.flat();
}

/**
 * A period's observations folded (ObservationFold), those of `only`'s staff and departments: two queries, each
 * answered from its own index. On PostgreSQL the rows are streamed into the fold as they arrive (never a list of
 * them); elsewhere read, then folded.
 */
export async function foldObservations(
  em: EntityManager,
  periodId: number,
  inputs: readonly { id: number; code: string; aggregate: Aggregate }[],
  only: { staffIds: readonly number[]; departmentIds: readonly number[] },
): Promise<ObservationFold> {
  if (em.connection.options.type !== 'postgres')
    return ObservationFold.of(inputs, await loadObservations(em, periodId, only));
  const fold = new ObservationFold(inputs);
  // Both queries at once, each on a connection of its own (a subject's rows all come from one of them, in the
  // order that query gives: the fold sees each subject's rows as a list read by that query would hold them).
  await Promise.all(
    observationParts(only).map((part) => {
      const [text, values] = observationsQuery(em, periodId, part).getQueryAndParameters();
      // The columns in ObservationRow's order: id, staffId, departmentId, inputId, taskCode, observedOn, value.
      return streamRows(em, { text, values, rowMode: 'array' }, (r) =>
        fold.add(
          r[0] as number,
          r[1] as number | null,
          r[2] as number | null,
          r[3] as number | null,
          r[4] as string | null,
          r[5] as string,
          r[6] as number,
        ),
      );
    }),
  );
  return fold;
}

/** A value correction in force: the month's value of one input for one member of staff or one department. */
export interface CorrectionRow {
  id: number;
  staffId: number | null;
  departmentId: number | null;
  inputId: number;
  value: number;
  reason: string;
}

/**
 * The value corrections in force in a period (superseded and withdrawn ones are not). A month has few of them:
 * a run's chunk reads them all and uses those of its staff and departments.
 */
export async function loadCorrections(em: EntityManager, periodId: number): Promise<CorrectionRow[]> {
  const rows = await em.getRepository(ValueCorrection).find({
    select: { id: true, staffId: true, departmentId: true, inputId: true, value: true, reason: true },
    where: { periodId, activeKey: Not(IsNull()) },
    order: { id: 'ASC' },
  });
  return rows.map(({ id, staffId, departmentId, inputId, value, reason }) => ({
    id,
    staffId,
    departmentId,
    inputId,
    value,
    reason,
  }));
}

/**
 * The scorecard document for `members` with their observations; a correction in force replaces the aggregate of
 * its subject's observations of its input (they stay in the database, and the explanation names both).
 * Departments are those of the members; for the `wholeMonth` (an export) also every department with values of
 * its own this month (observed or corrected).
 *
 * With `inputRows` (a run's chunk, scored and never shown), each member's own values are a row of numbers in the
 * dictionary's order (INPUT_ROW, NaN for no value) instead of an `inputs` object: the chunk's rows are one
 * array, and the engine copies them into its columns (an object of forty keys a person, checked and read back
 * key by key, was a fifth of a chunk's scoring: docs/BENCHMARKS.md).
 */
export function buildDocument(
  config: PeriodConfig,
  members: readonly PeriodMember[],
  observations: readonly ObservationRow[] | ObservationFold,
  wholeMonth = false,
  corrections: readonly CorrectionRow[] = [],
  { inputRows = false }: { inputRows?: boolean } = {},
): ScorecardDocument {
  const period = config.period.period;
  const deptById = new Map(config.departments.map((d) => [d.id, d]));

  // The observations folded by subject (a member of staff by their id, a department by minus its id) and input:
  // a run's chunk folds them as it reads them; a caller holding the rows folds them here.
  const fold =
    observations instanceof ObservationFold ? observations : ObservationFold.of(config.inputs, observations);
  const subjectOf = (o: { staffId: number | null; departmentId: number | null }) =>
    o.staffId !== null ? Number(o.staffId) : -Number(o.departmentId);
  const corrected = new Map<number, CorrectionRow[]>();
  for (const c of corrections) {
    const subject = subjectOf(c);
    corrected.set(subject, [...(corrected.get(subject) ?? []), c]);
  }
  // A subject's values, each told by its place in the dictionary (corrections last: they replace), and its tasks.
  const slotOf = new Map(config.inputs.map((i, k) => [i.id, k]));
  const folded = (subject: number, put: (k: number, v: number) => void): Record<string, number> => {
    const g = fold.get(subject);
    const tasks: Record<string, number> = {};
    if (g) {
      for (let k = 0; k < config.inputs.length; k++) {
        const v = fold.valueAt(g, k);
        if (v !== null) put(k, v);
      }
      g.tasks?.forEach((count, task) => (tasks[task] = count));
    }
    for (const c of corrected.get(subject) ?? []) put(slotOf.get(c.inputId)!, c.value);
    return tasks;
  };
  // In the dictionary's order, so every member's inputs have the same shape (the engine reads them faster).
  const valuesOf = (subject: number): { inputs: InputValues; tasks: Record<string, number> } => {
    const inputs: InputValues = {};
    const tasks = folded(subject, (k, v) => (inputs[config.inputs[k].code] = v));
    return { inputs, tasks };
  };
  // A run's chunk: every member's values in one array, a row each (INPUT_ROW).
  const width = config.inputs.length;
  const rows = inputRows ? new Float64Array(members.length * width).fill(NaN) : null;
  const rowOf = (subject: number, m: number): { row: Float64Array; tasks: Record<string, number> } => {
    const row = rows!.subarray(m * width, (m + 1) * width);
    return { row, tasks: folded(subject, (k, v) => (row[k] = v)) };
  };

  const usedDepartments = new Set<number>();
  const staff: StaffDef[] = members.map(({ staff: s, setCode }, m) => {
    const dept = deptById.get(s.departmentId)!;
    usedDepartments.add(dept.id);
    const def: StaffDef = { id: s.code, department: dept.code, indicatorSet: setCode };
    let tasks: Record<string, number>;
    if (rows) {
      const own = rowOf(s.id, m);
      def[INPUT_ROW] = own.row;
      tasks = own.tasks;
    } else {
      const own = valuesOf(s.id);
      def.inputs = own.inputs;
      tasks = own.tasks;
    }
    if (s.siteId !== null) def.site = config.siteCode.get(s.siteId);
    if (Object.keys(tasks).length) def.tasks = tasks;
    const override = config.overrides.get(s.id);
    if (override) def.gradeOverride = { ...override };
    const extra = def as StaffDef & Record<string, unknown>;
    extra.employeeNo = s.employeeNo;
    extra.employmentType = s.employmentType;
    return def;
  });

  if (wholeMonth) {
    for (const id of fold.departmentIds()) usedDepartments.add(id);
    for (const c of corrections) if (c.departmentId !== null) usedDepartments.add(c.departmentId);
  }
  const departments: DepartmentDef[] = config.departments
    .filter((d) => usedDepartments.has(d.id))
    .map((d) => {
      const out: DepartmentDef = { code: d.code, name: d.names ?? d.name };
      if (d.siteId !== null) out.site = config.siteCode.get(d.siteId);
      const { inputs } = valuesOf(-d.id);
      if (Object.keys(inputs).length) out.inputs = inputs;
      return out;
    });

  const doc: ScorecardDocument = {
    formatVersion: 1,
    period,
    inputs: config.inputs.map((i) => ({
      code: i.code,
      name: i.names ?? i.name,
      unit: i.unit,
      level: i.level,
      aggregate: i.aggregate,
    })),
    indicatorSets: config.indicatorSets,
    departments,
    staff,
  };
  if (config.workload) doc.workload = config.workload;
  const incentive = config.plan?.definition;
  if (incentive) {
    // A part of the month (a run's chunk) carries only the pools of its own departments: the others' staff are
    // elsewhere, and a pool without staff does not validate.
    const present = new Set(departments.map((d) => d.code));
    doc.incentive =
      wholeMonth || !incentive.pools
        ? incentive
        : { ...incentive, pools: incentive.pools.filter((p) => present.has(p.department)) };
  }
  return doc;
}

// What HR needs to decide an appeal without typing codes: the person (name, employee number), the month's state,
// the evidence the appeal cites and the person's other evidence of the month, and per appealed indicator its
// name, formula, current value and score, and every input its formula reads with the input's aggregate and the
// person's current value of it — the corrected one when a correction is in force, else what the observations
// aggregate to (the person's own, else their department's for a department-level input: the engine's rule). After
// a decision: the re-run's state, or on a closed month the adjustment's.
import { EntityManager, In } from 'typeorm';
import {
  Adjustment,
  Appeal,
  Evidence,
  InputDefinition,
  Period,
  ScoringRun,
  Staff,
  StaffResultRow,
  type LocalNames,
} from '@app/persistence';
import { DEFAULT_LANG, parseFormula, symbolsOf, type Lang } from '@app/scoring';
import { aggregate, loadCorrections, loadObservations, loadPeriodConfig } from '../documents';
import { explainedResult } from '../runs';
import { AppraisalNotFoundError } from './appraisal-errors';
import { appealView, AppealView, namesOf, nameTextOf } from './appraisal-views';
import type { Viewer } from './staff-month';

export interface AppealInputValue {
  code: string;
  name: string;
  names: LocalNames | null;
  unit: string;
  level: string;
  /** How the month's observations make the value (sum, mean, last, …). */
  aggregate: string;
  /** The value a run reads now (null: none). */
  value: number | null;
  /** Where it comes from: a correction in force, the person's observations, their department's, or none. */
  source: 'correction' | 'observations' | 'department' | 'none';
  /** How many observations of the month stand behind it (the person's, or the department's). */
  observations: number;
}

export interface AppealIndicator {
  code: string;
  name: string;
  names: LocalNames | null;
  dimension: string;
  formula: string | null;
  unit: string | null;
  /** The indicator's value and score in the month's current run (null: missing). */
  value: number | null;
  score: number | null;
  explanation: string | null;
  inputs: AppealInputValue[];
}

export interface AppealEvidence {
  id: number;
  input: string | null;
  note: string | null;
  fileName: string | null;
  contentType: string | null;
  createdBy: string;
  createdAt: string;
  /** Cited by the appeal (the others are the person's evidence of the month). */
  cited: boolean;
}

export type AppealDetail = AppealView & {
  staffName: string;
  employeeNo: string;
  periodStatus: string | null;
  /** The appealed indicators (`indicators` holds their codes). */
  details: AppealIndicator[];
  evidenceItems: AppealEvidence[];
  run: { id: string; status: string; finishedAt: string | null; error: string | null } | null;
  adjustment: { id: number; status: string; targetPeriod: string | null; error: string | null } | null;
};

/** The appeal with everything its decision form shows; not found for a manager outside their departments. */
export async function appealDetail(
  em: EntityManager,
  user: Viewer,
  id: number,
  lang: Lang = DEFAULT_LANG,
): Promise<AppealDetail> {
  const appeal = await em.getRepository(Appeal).findOneBy({ id });
  // The deciders' view (HR, auditors, the department's manager): a person reads their appeals in their timeline.
  const office = user.role === 'hr_admin' || user.role === 'auditor';
  const theirManager = user.role === 'dept_manager' && user.departments.includes(appeal?.department ?? '');
  if (!appeal || !(office || theirManager)) throw new AppraisalNotFoundError(`no appeal ${id}`);
  const staff = await em.getRepository(Staff).findOneByOrFail({ id: appeal.staffId });
  const period = await em.getRepository(Period).findOneBy({ period: appeal.period });
  const [run, adjustment] = await Promise.all([
    appeal.runId ? em.getRepository(ScoringRun).findOneBy({ id: appeal.runId }) : null,
    appeal.adjustmentId ? em.getRepository(Adjustment).findOneBy({ id: appeal.adjustmentId }) : null,
  ]);
  return {
    ...appealView(appeal, staff.code),
    staffName: staff.name,
    employeeNo: staff.employeeNo,
    periodStatus: period?.status ?? null,
    details: period ? await indicatorsOf(em, appeal, staff, period, lang) : [],
    evidenceItems: period ? await evidenceOf(em, appeal, period) : [],
    run: run ? { id: run.id, status: run.status, finishedAt: run.finishedAt, error: run.error } : null,
    adjustment: adjustment
      ? {
          id: adjustment.id,
          status: adjustment.status,
          targetPeriod: adjustment.targetPeriod,
          error: adjustment.error,
        }
      : null,
  };
}

async function indicatorsOf(
  em: EntityManager,
  appeal: Appeal,
  staff: Staff,
  period: Period,
  lang: Lang,
): Promise<AppealIndicator[]> {
  const row = period.currentRunId
    ? await em.getRepository(StaffResultRow).findOneBy({ runId: period.currentRunId, staffId: staff.id })
    : null;
  const result = row ? await explainedResult(em, row, period.period, lang) : null;
  const scored = result && !('error' in result) ? result.indicators : [];
  const config = await loadPeriodConfig(em, appeal.period, [staff.id]);
  const set = config.indicatorSets.find((s) => s.code === (row?.indicatorSet ?? ''));
  const inputByCode = new Map(config.inputs.map((i) => [i.code, i]));
  // The department of the month's result (where the person was scored), else today's.
  const dept =
    config.departments.find((d) => d.code === (row?.department ?? appeal.department)) ??
    config.departments.find((d) => d.id === staff.departmentId);
  const observations = await loadObservations(em, period.id, {
    staffIds: [staff.id],
    departmentIds: dept ? [dept.id] : [],
  });
  const corrections = await loadCorrections(em, period.id);
  const valueOf = (input: InputDefinition): Omit<AppealInputValue, 'code' | 'name' | 'names' | 'unit'> => {
    const base = { level: input.level, aggregate: input.aggregate };
    const own = corrections.filter((c) => c.inputId === input.id);
    const mine = own.find((c) => c.staffId === staff.id);
    if (mine) return { ...base, value: mine.value, source: 'correction', observations: 0 };
    const of = (pick: (o: (typeof observations)[number]) => boolean) =>
      observations
        .filter((o) => o.inputId === input.id && pick(o))
        .map((o) => ({ value: Number(o.value), observedOn: o.observedOn, id: o.id }));
    const personal = of((o) => o.staffId === staff.id);
    if (personal.length)
      return {
        ...base,
        value: aggregate(input.aggregate, personal),
        source: 'observations',
        observations: personal.length,
      };
    if (dept) {
      const deptCorrection = own.find((c) => c.departmentId === dept.id);
      if (deptCorrection)
        return { ...base, value: deptCorrection.value, source: 'correction', observations: 0 };
      const departmental = of((o) => o.staffId === null && o.departmentId === dept.id);
      if (departmental.length)
        return {
          ...base,
          value: aggregate(input.aggregate, departmental),
          source: 'department',
          observations: departmental.length,
        };
    }
    return { ...base, value: null, source: 'none', observations: 0 };
  };
  return appeal.indicators.map((code) => {
    const def = set?.indicators.find((i) => i.code === code);
    const res = scored.find((i) => i.code === code);
    let symbols: string[] = [];
    try {
      symbols = def ? [...new Set(symbolsOf(parseFormula(def.formula, (s) => inputByCode.has(s))))] : [];
    } catch {
      // A set in force validated when it was saved; an unreadable formula names no inputs here.
    }
    return {
      code,
      name: def ? nameTextOf(def.name) || code : code,
      names: namesOf(def),
      dimension: def?.dimension ?? res?.dimension ?? '',
      formula: def?.formula ?? null,
      unit: def?.unit ?? null,
      value: res?.value ?? null,
      score: res?.score ?? null,
      explanation: res?.explanation ?? null,
      inputs: symbols
        .filter((s) => inputByCode.has(s))
        .map((s) => {
          const input = inputByCode.get(s)!;
          return {
            code: s,
            name: nameTextOf(input.name),
            names: namesOf(input),
            unit: input.unit,
            ...valueOf(input),
          };
        }),
    };
  });
}

async function evidenceOf(em: EntityManager, appeal: Appeal, period: Period): Promise<AppealEvidence[]> {
  const cited = appeal.evidence ?? [];
  const rows = await em.getRepository(Evidence).find({
    where: [{ periodId: period.id, staffId: appeal.staffId }, ...(cited.length ? [{ id: In(cited) }] : [])],
    order: { id: 'ASC' },
  });
  const inputIds = [...new Set(rows.map((r) => r.inputId).filter((x): x is number => x !== null))];
  const inputs = inputIds.length
    ? new Map(
        (await em.getRepository(InputDefinition).findBy({ id: In(inputIds) })).map((i) => [i.id, i.code]),
      )
    : new Map<number, string>();
  return rows.map((r) => ({
    id: r.id,
    input: r.inputId !== null ? (inputs.get(r.inputId) ?? null) : null,
    note: r.note,
    fileName: r.fileName,
    contentType: r.contentType,
    createdBy: r.createdBy,
    createdAt: r.createdAt,
    cited: cited.includes(r.id),
  }));
}

// How complete a month's data is before (and when) it is scored: per indicator set, per input its formulas use,
// per department, how many of the staff scored with the set have a value, who has none, and what each gap does
// under the missing policy of the indicators that read the input. It is built from the period snapshot the runs
// read (loadPeriodConfig, periodMembers, the month's observations as loadObservations reads them) plus the value
// corrections in force, so "has a value" means what a run will see: the person's own value, else their
// department's (the engine's inputValue rule). A subject has a value of an input exactly when it has at least one
// observation of it (every aggregate of a non-empty list is a number), so only the distinct (subject, input)
// pairs are read: a month of millions of observations is counted without loading them all.
import { EntityManager, In } from 'typeorm';
import { Staff } from '@app/persistence';
import { LocalNames, MissingPolicy, nameLangs, nameText, parseFormula, symbolsOf } from '@app/scoring';
import { loadStaff } from '../model';
import { Observation } from '@app/persistence';
import {
  loadCorrections,
  loadPeriodConfig,
  ObservationRow,
  PeriodConfig,
  PeriodMember,
  periodMembers,
} from './period-snapshot';

/** One indicator reading an input, and its missing policy. */
export interface InputUse {
  indicator: string;
  policy: MissingPolicy;
}

export interface DepartmentGaps {
  department: string;
  /** Staff of the department scored with the set. */
  staff: number;
  withValue: number;
  /** Codes of those without a value (at most the cap when one is given; `more` counts the rest). */
  missing: string[];
  more?: number;
}

export interface InputCompleteness {
  input: string;
  name: string;
  /** The name in each language, when it was given per language. */
  names: LocalNames | null;
  level: string;
  usedBy: InputUse[];
  /** What a gap in this input does to a person, in words, per policy of the indicators reading it. */
  effect: string;
  staff: number;
  withValue: number;
  missing: number;
  /** Every department with staff of the set, in code order. */
  departments: DepartmentGaps[];
}

export interface SetCompleteness {
  set: string;
  name: string;
  /** The name in each language, when it was given per language. */
  names: LocalNames | null;
  staff: number;
  /** Staff with a value for every input the set reads. */
  complete: number;
  /** Staff who would get an error and no result (a "fail" indicator missing, or nothing left to score). */
  failing: number;
  inputs: InputCompleteness[];
}

export interface MonthCompleteness {
  period: string;
  dataVersion: number;
  /** Staff the month scores (active with a set). */
  staff: number;
  complete: number;
  failing: number;
  sets: SetCompleteness[];
  /** Names of the staff listed as missing somewhere (in the lists as capped), by code. */
  names: Record<string, string>;
}

const EFFECTS: Record<MissingPolicy, (indicators: string) => string> = {
  renormalize: (i) => `${i} left out, its weight goes to the others`,
  zero: (i) => `${i} scores 0`,
  fail: (i) => `${i} fails the person: an error and no result`,
};

/** The month's completeness as a run planned now would see it, in the caller's transaction or not. */
export async function monthCompleteness(
  em: EntityManager,
  period: string,
  options: {
    maxMissing?: number;
    config?: PeriodConfig;
    members?: readonly PeriodMember[];
    /** Only the staff of these departments (by code): a department manager's view. */
    departments?: readonly string[];
  } = {},
): Promise<MonthCompleteness> {
  const config = options.config ?? (await loadPeriodConfig(em, period));
  let members =
    options.members ?? periodMembers(config, await loadStaff(em, undefined, config.period.period));
  if (options.departments) {
    const within = new Set(
      config.departments.filter((d) => options.departments!.includes(d.code)).map((d) => d.id),
    );
    members = members.filter((m) => within.has(m.staff.departmentId));
  }
  const observations = await loadValuePresence(em, config.period.id);
  // The corrections in force, read as the runs read them.
  const corrections = await loadCorrections(em, config.period.id);
  const gaps = completenessOf(config, members, observations, corrections, options.maxMissing);
  return withStaffNames(em, { ...gaps.result, names: {} });
}

type Subject = Pick<ObservationRow, 'staffId' | 'departmentId' | 'inputId'>;

/** A subject (staff or department) and the ids of the inputs it has a value of, comma-separated. */
export type PresenceRow = Pick<ObservationRow, 'staffId' | 'departmentId'> & { inputIds: string };

/** Who has a value of which input, told pair by pair: a run's chunk counts what it folded (ObservationFold). */
export interface PresenceSource {
  eachPresent(f: (staffId: number | null, departmentId: number | null, inputId: number) => void): void;
}

/**
 * Which inputs each subject (staff or department) has observations of in the month: the rows loadObservations
 * reads (those of the period), reduced to what presence needs, one row per subject. Grouped by subject along the
 * (period, staff) index rather than SELECT DISTINCT over the pairs: a month of 100,000 staff has 4 million pairs,
 * which PostgreSQL's default work_mem turns into minutes of spilled hashing, and which would be 4 million objects
 * here. Task counts are not inputs.
 */
export function loadValuePresence(em: EntityManager, periodId: number): Promise<PresenceRow[]> {
  const list =
    em.connection.options.type === 'postgres'
      ? `string_agg(DISTINCT o.input_id::text, ',')`
      : `group_concat(DISTINCT o.input_id)`;
  return em
    .getRepository(Observation)
    .createQueryBuilder('o')
    .select(['o.staff_id AS "staffId"', 'o.department_id AS "departmentId"', `${list} AS "inputIds"`])
    .where('o.period_id = :periodId', { periodId })
    .andWhere('o.input_id IS NOT NULL')
    .groupBy('o.staff_id')
    .addGroupBy('o.department_id')
    .getRawMany<PresenceRow>();
}

/**
 * The counting itself, in one pass over the observations and one over the members: pure, so that a test can
 * check it by hand. `maxMissing` caps each list of missing codes (a run stores the summary with itself).
 */
export function completenessOf(
  config: PeriodConfig,
  members: readonly PeriodMember[],
  observations: readonly (Subject | PresenceRow)[] | PresenceSource,
  corrections: readonly Subject[],
  maxMissing = Infinity,
): { result: Omit<MonthCompleteness, 'names'>; missingStaffIds: Set<number> } {
  // missingStaffIds: the staff listed as missing somewhere, whose names the caller looks up.
  // Who has a value of which input: a bit per (subject, input) for the subjects counted — the members and their
  // departments —, found by a slot per subject (a month has millions of pairs; a chunk tens of thousands, where a
  // set of numeric keys was a twentieth of its CPU with its rehashing).
  const width = Math.max(0, ...config.inputs.map((i) => i.id)) + 1;
  const staffSlot = new Map<number, number>();
  const deptSlot = new Map<number, number>();
  for (const m of members) {
    if (!staffSlot.has(m.staff.id)) staffSlot.set(m.staff.id, staffSlot.size + deptSlot.size);
    if (!deptSlot.has(m.staff.departmentId))
      deptSlot.set(m.staff.departmentId, staffSlot.size + deptSlot.size);
  }
  const has = new Uint8Array((staffSlot.size + deptSlot.size) * width);
  const add = (staffId: number | null, departmentId: number | null, inputId: number) => {
    const slot = staffId !== null ? staffSlot.get(Number(staffId)) : deptSlot.get(Number(departmentId));
    // Not a subject counted here (someone not scored this month, an input outside the dictionary): no bit.
    if (slot !== undefined && inputId >= 0 && inputId < width) has[slot * width + inputId] = 1;
  };
  // No array per row: a run's chunk counts tens of thousands of observations (docs/BENCHMARKS.md).
  // A fold (a run's chunk) says which inputs it holds values of; rows are read one by one.
  const folded = 'eachPresent' in observations;
  if (folded) observations.eachPresent(add);
  for (const list of folded ? [corrections] : [observations, corrections])
    for (const o of list) {
      if ('inputIds' in o)
        for (const raw of o.inputIds.split(',')) add(o.staffId, o.departmentId, Number(raw));
      else if (o.inputId !== null) add(o.staffId, o.departmentId, Number(o.inputId)); // null: a task count
    }
  const inputByCode = new Map(config.inputs.map((i) => [i.code, i]));
  const dictionary = config.inputs.map((i) => i.code).join(',');
  const deptCode = new Map(config.departments.map((d) => [d.id, d.code]));
  const bySet = new Map<string, PeriodMember[]>();
  // In staff code order, so that a capped list of missing codes holds the first codes, whoever counts (the
  // whole month here, or a run's chunks added up by mergeCompleteness).
  const ordered = [...members].sort((a, b) =>
    a.staff.code < b.staff.code ? -1 : a.staff.code > b.staff.code ? 1 : 0,
  );
  for (const m of ordered) {
    const list = bySet.get(m.setCode) ?? [];
    list.push(m);
    bySet.set(m.setCode, list);
  }
  const missingStaffIds = new Set<number>();
  const sets: SetCompleteness[] = [];
  let complete = 0;
  let failing = 0;
  for (const def of config.indicatorSets) {
    const setMembers = bySet.get(def.code) ?? [];
    // The inputs each indicator reads, in the order the set first uses them.
    const indicators = def.indicators.map((ind) => ({
      code: ind.code,
      policy: ind.missing ?? 'renormalize',
      symbols: formulaInputs(ind.formula, inputByCode, dictionary),
    }));
    const codes = [...new Set(indicators.flatMap((i) => i.symbols))];
    const inputs = codes.map((code) => {
      const usedBy = indicators
        .filter((i) => i.symbols.includes(code))
        .map((i): InputUse => ({ indicator: i.code, policy: i.policy }));
      const def = inputByCode.get(code)!;
      return {
        def,
        usedBy,
        departments: new Map<string, DepartmentGaps>(),
        withValue: 0,
      };
    });
    let setComplete = 0;
    let setFailing = 0;
    // Per department, its gaps of each input (in the inputs' order): no lookup per person and input.
    const gapsOf = new Map<string, DepartmentGaps[]>();
    for (const m of setMembers) {
      const dept = deptCode.get(m.staff.departmentId) ?? String(m.staff.departmentId);
      let gaps = gapsOf.get(dept);
      if (!gaps) {
        gaps = inputs.map((input) => {
          const d: DepartmentGaps = { department: dept, staff: 0, withValue: 0, missing: [] };
          input.departments.set(dept, d);
          return d;
        });
        gapsOf.set(dept, gaps);
      }
      // The person's bits and their department's (the engine's rule: their own value, else the department's).
      const own = staffSlot.get(m.staff.id)! * width;
      const theirs = deptSlot.get(m.staff.departmentId)! * width;
      let absent: Set<string> | null = null; // made for the few with a gap
      for (let k = 0; k < inputs.length; k++) {
        const input = inputs[k];
        const d = gaps[k];
        d.staff++;
        const id = input.def.id;
        if (has[own + id] === 1 || has[theirs + id] === 1) {
          d.withValue++;
          input.withValue++;
          continue;
        }
        (absent ??= new Set<string>()).add(input.def.code);
        if (d.missing.length < maxMissing) {
          d.missing.push(m.staff.code);
          missingStaffIds.add(m.staff.id);
        } else d.more = (d.more ?? 0) + 1;
      }
      if (!absent) {
        setComplete++;
        continue;
      }
      const lacking = absent;
      // As the engine decides: a missing "fail" indicator, or no indicator left that counts (missing ones under
      // "zero" still count, scoring 0).
      const missingInds = indicators.filter((i) => i.symbols.some((c) => lacking.has(c)));
      const fails =
        missingInds.some((i) => i.policy === 'fail') ||
        (missingInds.length === indicators.length && missingInds.every((i) => i.policy === 'renormalize'));
      if (fails) setFailing++;
    }
    complete += setComplete;
    failing += setFailing;
    sets.push({
      set: def.code,
      name: nameText(def.name),
      names: nameLangs(def.name),
      staff: setMembers.length,
      complete: setComplete,
      failing: setFailing,
      inputs: inputs.map((i) => ({
        input: i.def.code,
        name: nameText(i.def.name),
        names: nameLangs(i.def.name),
        level: i.def.level,
        usedBy: i.usedBy,
        effect: describeEffect(i.usedBy),
        staff: setMembers.length,
        withValue: i.withValue,
        missing: setMembers.length - i.withValue,
        departments: [...i.departments.values()].sort((a, b) =>
          a.department < b.department ? -1 : a.department > b.department ? 1 : 0,
        ),
      })),
    });
  }
  return {
    result: {
      period: config.period.period,
      dataVersion: config.period.dataVersion,
      staff: members.length,
      complete,
      failing,
      sets,
    },
    missingStaffIds,
  };
}

/**
 * The inputs a formula reads. Remembered per formula and dictionary: a run's every chunk counts its completeness
 * with the same few dozen formulas (parsing them again each time was a tenth of a chunk's counting).
 */
function formulaInputs(formula: string, inputs: ReadonlyMap<string, unknown>, dictionary: string): string[] {
  const key = `${dictionary}\n${formula}`;
  let symbols = FORMULA_INPUTS.get(key);
  if (symbols) return symbols;
  try {
    symbols = [...new Set(symbolsOf(parseFormula(formula, (s) => inputs.has(s))))];
  } catch {
    // A set in force validated when it was saved; an unreadable formula reads nothing here.
    symbols = [];
  }
  if (FORMULA_INPUTS.size >= 1000) FORMULA_INPUTS.clear();
  FORMULA_INPUTS.set(key, symbols);
  return symbols;
}

const FORMULA_INPUTS = new Map<string, string[]>();

function describeEffect(uses: readonly InputUse[]): string {
  const parts: string[] = [];
  for (const policy of ['fail', 'zero', 'renormalize'] as const) {
    const inds = uses.filter((u) => u.policy === policy).map((u) => u.indicator);
    if (inds.length)
      parts.push(EFFECTS[policy](`${inds.length > 1 ? 'indicators' : 'indicator'} ${inds.join(', ')}`));
  }
  return parts.join('; ');
}

/** The summary a run stores with itself: the counts, with each list of missing codes capped. */
export const RUN_COMPLETENESS_MAX_MISSING = 20;

/**
 * The completeness of a chunk's staff as the chunk read them (its observations, the month's corrections): what
 * a run records instead of counting the month again when it is planned. Without names (see staffNames).
 */
export function chunkCompleteness(
  config: PeriodConfig,
  members: readonly PeriodMember[],
  observations: readonly (Subject | PresenceRow)[] | PresenceSource,
  corrections: readonly Subject[],
): MonthCompleteness {
  return {
    ...completenessOf(config, members, observations, corrections, RUN_COMPLETENESS_MAX_MISSING).result,
    names: {},
  };
}

/** The names of the staff listed as missing in a completeness, by code, read in batches. */
export async function withStaffNames(em: EntityManager, c: MonthCompleteness): Promise<MonthCompleteness> {
  const codes = new Set<string>();
  for (const set of c.sets)
    for (const input of set.inputs)
      for (const d of input.departments) for (const code of d.missing) codes.add(code);
  const list = [...codes].sort();
  const names: Record<string, string> = {};
  for (let i = 0; i < list.length; i += 500) {
    const rows = await em
      .getRepository(Staff)
      .find({ select: { code: true, name: true }, where: { code: In(list.slice(i, i + 500)) } });
    for (const r of rows) names[r.code] = r.name;
  }
  return { ...c, names };
}

/**
 * The chunks' completeness added up into the run's (the month's as the run read it): counts summed, each
 * department's list of missing codes concatenated in chunk order (a department's chunks are in staff code order)
 * and capped again. `base`: the month with no staff (every set and input of the configuration, in its order).
 */
export function mergeCompleteness(
  base: MonthCompleteness,
  parts: readonly MonthCompleteness[],
  maxMissing = RUN_COMPLETENESS_MAX_MISSING,
): MonthCompleteness {
  const copy = (set: SetCompleteness): SetCompleteness => ({
    ...set,
    inputs: set.inputs.map((i) => ({
      ...i,
      departments: i.departments.map((d) => ({ ...d, missing: [...d.missing] })),
    })),
  });
  const out: MonthCompleteness = { ...base, sets: base.sets.map(copy), names: {} };
  const sets = new Map(out.sets.map((set) => [set.set, set]));
  for (const part of parts) {
    out.staff += part.staff;
    out.complete += part.complete;
    out.failing += part.failing;
    for (const ps of part.sets) {
      let set = sets.get(ps.set);
      if (!set) {
        // A set the base does not know (changed while the run went): taken as the chunk saw it.
        set = { ...copy(ps), staff: 0, complete: 0, failing: 0, inputs: [] };
        sets.set(set.set, set);
        out.sets.push(set);
      }
      set.staff += ps.staff;
      set.complete += ps.complete;
      set.failing += ps.failing;
      for (const pi of ps.inputs) {
        let input = set.inputs.find((i) => i.input === pi.input);
        if (!input) set.inputs.push((input = { ...pi, staff: 0, withValue: 0, missing: 0, departments: [] }));
        input.staff += pi.staff;
        input.withValue += pi.withValue;
        input.missing += pi.missing;
        for (const pd of pi.departments) {
          const d = input.departments.find((x) => x.department === pd.department);
          if (!d) input.departments.push({ ...pd, missing: [...pd.missing] });
          else {
            d.staff += pd.staff;
            d.withValue += pd.withValue;
            d.missing.push(...pd.missing);
            if (pd.more) d.more = (d.more ?? 0) + pd.more;
          }
        }
      }
    }
  }
  for (const set of out.sets)
    for (const input of set.inputs) {
      input.departments.sort((a, b) =>
        a.department < b.department ? -1 : a.department > b.department ? 1 : 0,
      );
      for (const d of input.departments) {
        if (d.missing.length > maxMissing) {
          d.more = (d.more ?? 0) + d.missing.length - maxMissing;
          d.missing = d.missing.slice(0, maxMissing);
        }
      }
    }
  return out;
}

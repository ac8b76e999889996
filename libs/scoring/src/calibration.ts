// Grade quotas and overrides (docs/FORMAT.md, "Grade quotas and overrides"): each quota group is ranked by
// rounded total, caps move whole tie groups down grade by grade, minimums then pull the lowest-ranked tie groups
// down to their grade, and HR's overrides come last and move nobody else. Pure, and linear but for one sort per
// group: the batch runs it over a whole month (100,000 staff) in its finish job.
import { isDeepStrictEqual } from 'node:util';
import type { Calibration, GradeDef, GradeOverrideDef, QuotaMove, QuotaRuleDef, QuotasDef } from './document';
import { Dec } from './money';

/**
 * What a slice of a document's staff can calibrate on its own: `all` (the whole document), `department` (every
 * member of the departments it holds: groups of department-scope quotas, and overrides of staff without quotas), or
 * `person` (part of a department: only overrides of staff whose set has no quotas). A run's chunk calibrates what
 * its reach allows; the finish job calibrates the rest (a month's runs, an appraisal period's).
 */
export type CalibrationReach = 'all' | 'department' | 'person';

/** One scored member of staff as calibration needs them. */
export interface GradeEntry {
  id: string;
  department: string;
  set: string;
  /** The rounded total (what the result shows); null for a member of staff with an error (takes no part). */
  total: number | null;
  override?: GradeOverrideDef;
  /**
   * The grade held before the quotas when it is not the one the total gives: an appraisal period's caps
   * (appraisal.ts) hold some people below their total's grade. Absent (months): the total's grade.
   */
  start?: string | null;
}

/** What calibration reads of an indicator set. */
export interface GradeScale {
  grades?: readonly GradeDef[];
  quotas?: QuotasDef;
}

/** A run of staff with the same rounded total in a group: they always end with the same grade. */
interface Tie {
  total: number;
  /** Where the tie starts in the group's members (sorted by total, then starting grade). */
  start: number;
  /** The members' competition rank in the group by rounded total. */
  rank: number;
  size: number;
  /** The grade held, as an index into `grades`; grades.length = no grade. */
  grade: number;
  /** The last rule that moved the tie, and what it allowed. */
  rule: QuotaRuleDef | null;
  allowed: number;
}

/** The calibration of each person whose grade is not the one their total gives, or who has an override. */
export function calibrate(
  entries: readonly GradeEntry[],
  scale: (set: string) => GradeScale | undefined,
): Map<string, Calibration> {
  const out = new Map<string, Calibration>();
  const scales = new Map<string, GradeScale | undefined>();
  const scaleOf = (set: string) => {
    if (!scales.has(set)) scales.set(set, scale(set));
    return scales.get(set);
  };
  // The quota groups: members with a result of a set with quotas, by set (and department).
  const groups = new Map<string, GradeEntry[]>();
  for (const e of entries) {
    if (e.total === null) continue;
    const s = scaleOf(e.set);
    if (s?.quotas && s.grades?.length) {
      const key = s.quotas.scope === 'hospital' ? e.set : `${e.set}\u0000${e.department}`;
      const g = groups.get(key);
      if (g) g.push(e);
      else groups.set(key, [e]);
    } else if (e.override) {
      const from = e.start !== undefined ? e.start : naturalGrade(s?.grades, e.total);
      out.set(e.id, { from, to: e.override.grade, quota: null, override: copyOverride(e.override) });
    }
  }
  for (const members of groups.values()) calibrateGroup(members, scaleOf(members[0].set)!, out);
  return out;
}

function calibrateGroup(members: GradeEntry[], scale: GradeScale, out: Map<string, Calibration>): void {
  const grades = scale.grades!;
  const quotas = scale.quotas!;
  const G = grades.length;
  const n = members.length;
  const startOf = (e: GradeEntry) => (e.start !== undefined ? gradeNamedIndex(grades, e.start) : -1);
  const starts = new Map(members.map((e) => [e, startOf(e)]));
  // By total; equal totals by the grade held before the quotas (better first), so each tie is one grade.
  members.sort((a, b) => b.total! - a.total! || starts.get(a)! - starts.get(b)!);
  const ties: Tie[] = [];
  const count = new Array<number>(G + 1).fill(0);
  let rankStart = 0;
  for (let i = 0; i < n; i++) {
    const t = members[i].total!;
    const k = starts.get(members[i])!;
    const grade = k >= 0 ? k : gradeIndex(grades, t);
    const last = ties[ties.length - 1];
    if (!last || last.total !== t) rankStart = i;
    if (last && last.total === t && last.grade === grade) last.size++;
    else ties.push({ total: t, start: i, rank: rankStart + 1, size: 1, grade, rule: null, allowed: 0 });
  }
  for (const t of ties) count[t.grade] += t.size;
  // Grades only ever move down, lowest-ranked first. Without starting grades the holders of a grade are one
  // contiguous run of ties below the holders of every better grade; with them (an appraisal's caps) a held-down
  // tie may rank above better grades, so each step scans the whole ranking up from the bottom.
  const byGrade = (kind: 'maxShare' | 'minCount') =>
    grades.flatMap((g, k) => {
      const rule = quotas.rules.find((r) => r.grade === g.grade && kind in r);
      return rule ? [[k, rule] as const] : [];
    });
  // 2. Caps, in the order of grades; those moved count for the next grade's cap.
  for (const [k, rule] of byGrade('maxShare')) {
    if (k === G - 1) continue; // validation refuses it: there is no grade below to move to
    const allowed = capCount((rule as { maxShare: number }).maxShare, n);
    for (let t = ties.length - 1; t >= 0 && count[k] > allowed; t--)
      if (ties[t].grade === k) move(ties[t], k + 1, rule, allowed, count);
  }
  // 3. Minimums, after every cap: the lowest-ranked tie holding a better grade moves down to the rule's grade.
  for (const [k, rule] of byGrade('minCount')) {
    const r = rule as { minCount: number; minStaff?: number };
    if (n < (r.minStaff ?? 1)) continue;
    let atOrBelow = 0;
    for (let j = k; j <= G; j++) atOrBelow += count[j];
    for (let t = ties.length - 1; t >= 0 && atOrBelow < r.minCount; t--) {
      if (ties[t].grade >= k) continue;
      atOrBelow += ties[t].size;
      move(ties[t], k, rule, r.minCount, count);
    }
  }
  // The scope and department of the group, from any member (they all share them).
  const hospital = quotas.scope === 'hospital';
  const department = hospital ? null : members[0].department;
  const name = (k: number) => (k < G ? grades[k].grade : null);
  for (const tie of ties) {
    const k = starts.get(members[tie.start])!;
    const from = k >= 0 ? k : gradeIndex(grades, tie.total);
    for (let i = tie.start; i < tie.start + tie.size; i++) {
      const e = members[i];
      if (!tie.rule && !e.override) continue;
      const quota: QuotaMove | null = tie.rule
        ? {
            grade: name(tie.grade),
            rule: tie.rule,
            allowed: tie.allowed,
            scope: hospital ? 'hospital' : 'department',
            department,
            staff: n,
            rank: tie.rank,
          }
        : null;
      // 4. An override gives its grade after the quotas and moves nobody else.
      out.set(e.id, {
        from: name(from),
        to: e.override ? e.override.grade : name(tie.grade),
        quota,
        override: e.override ? copyOverride(e.override) : null,
      });
    }
  }
}

function move(tie: Tie, to: number, rule: QuotaRuleDef, allowed: number, count: number[]): void {
  count[tie.grade] -= tie.size;
  count[to] += tie.size;
  tie.grade = to;
  tie.rule = normalRule(rule);
  tie.allowed = allowed;
}

/** floor(maxShare × n / 100), exactly: maxShare is read as the decimal it is written as (20 % of 12 is 2). */
export function capCount(maxShare: number, n: number): number {
  return new Dec(String(maxShare)).times(n).div(100).floor().toNumber();
}

/** The rule as a calibration states it: a minimum always with its minStaff (1 by default). */
function normalRule(r: QuotaRuleDef): QuotaRuleDef {
  return 'maxShare' in r
    ? { grade: r.grade, maxShare: r.maxShare }
    : { grade: r.grade, minCount: r.minCount, minStaff: r.minStaff ?? 1 };
}

function copyOverride(o: GradeOverrideDef): GradeOverrideDef {
  return { grade: o.grade, reason: o.reason };
}

/** The index of the first grade the total reaches; grades.length when none does. */
function gradeIndex(grades: readonly GradeDef[], total: number): number {
  for (let k = 0; k < grades.length; k++) if (total >= grades[k].min) return k;
  return grades.length;
}

/** The index of the grade named `grade`; grades.length for none (null, or a name the scale lacks). */
function gradeNamedIndex(grades: readonly GradeDef[], grade: string | null): number {
  const k = grade === null ? -1 : grades.findIndex((g) => g.grade === grade);
  return k < 0 ? grades.length : k;
}

function naturalGrade(grades: readonly GradeDef[] | undefined, total: number): string | null {
  return grades?.find((g) => total >= g.min)?.grade ?? null;
}

/**
 * Whether a calibration stored as JSON (a run's result row) is `computed` (none: null). A run's finish job compares
 * what its chunks stored with the calibration of the whole period, and scores again only the people who differ.
 */
export function sameCalibration(stored: string | null, computed: Calibration | undefined): boolean {
  if (stored === null || computed === undefined) return stored === null && computed === undefined;
  return isDeepStrictEqual(JSON.parse(stored), JSON.parse(JSON.stringify(computed)));
}

// A period's appraisal plan, versioned like a month's incentive plan: every change adds a version (the newest is
// the plan), an unchanged plan (key order aside) adds none. The plan is the rule of the period's appraisal
// document — its `appraisal`, `inputs` and `incentive` sections — and is checked by the engine's own validator
// inside a synthetic document, so that the service stores exactly what the format accepts.
import { EntityManager } from 'typeorm';
import { AppraisalPlan, AppraisalPlanDefinition, Department } from '@app/persistence';
import {
  APPRAISAL_PERIOD_RE,
  DocumentInvalidError,
  periodMonths,
  problem,
  Problem,
  validateAnyDocument,
} from '@app/scoring';
import { canonicalJson } from '../model';
import { AppraisalPeriodInvalidError, AppraisalPlanNotFoundError } from './appraisal-period-errors';

/** The sections of the document a plan holds, the only keys of a plan's body. */
export const PLAN_SECTIONS = ['appraisal', 'inputs', 'incentive'] as const;

export interface AppraisalPlanView {
  period: string;
  version: number;
  definition: AppraisalPlanDefinition;
  createdBy: string;
  createdAt: string;
}

export function appraisalPlanView(p: AppraisalPlan): AppraisalPlanView {
  const { period, version, definition, createdBy, createdAt } = p;
  return { period, version, definition, createdBy, createdAt };
}

/** `period` when it is "YYYY", "YYYY-Qn" or "YYYY-Hn". @throws AppraisalPeriodInvalidError */
export function appraisalPeriod(period: unknown): string {
  if (typeof period !== 'string' || !APPRAISAL_PERIOD_RE.test(period))
    throw new AppraisalPeriodInvalidError(period);
  return period;
}

/**
 * The plan's newest version, or `version` when given.
 * @throws AppraisalPlanNotFoundError when the period has no plan (or not that version)
 */
export async function findAppraisalPlan(
  em: EntityManager,
  period: string,
  version?: number,
): Promise<AppraisalPlan> {
  const row =
    version === undefined
      ? await em.findOne(AppraisalPlan, { where: { period }, order: { version: 'DESC' } })
      : await em.findOne(AppraisalPlan, { where: { period, version } });
  if (!row) throw new AppraisalPlanNotFoundError(period, version);
  return row;
}

/**
 * Throws DocumentInvalidError with every problem of the plan, as the engine reports them in an appraisal document
 * of `period` holding the plan's sections, their paths the body's (`appraisal.grades[0].min`). The scaffolding
 * is one person with one month; a pool's department gets a person of its own when it is one of the hospital's
 * (a pool nobody can be paid from is a problem of the format, and so is a pool naming no department we have).
 * Unknown keys, only warnings in a document, are refused: nothing unchecked is stored.
 */
export async function checkAppraisalPlan(
  em: EntityManager,
  period: string,
  body: AppraisalPlanDefinition,
): Promise<void> {
  const pools = (body.incentive as { pools?: unknown } | undefined)?.pools;
  const named = Array.isArray(pools)
    ? pools.flatMap((p) =>
        p && typeof p === 'object' && typeof (p as { department?: unknown }).department === 'string'
          ? [(p as { department: string }).department]
          : [],
      )
    : [];
  // Every department's code (a few hundred at most), rather than as many query parameters as the body has pools.
  const ours = named.length
    ? new Set((await em.find(Department, { select: { code: true } })).map((d) => d.code))
    : new Set<string>();
  const known = [...new Set(named)].filter((code) => ours.has(code));
  const departments = known.length ? known : ['-'];
  const month = periodMonths(period)[0];
  const doc = {
    formatVersion: 1,
    period,
    // Present even when the body leaves it out, so that the document is read as an appraisal document.
    appraisal: body.appraisal ?? null,
    inputs: body.inputs ?? [],
    departments: departments.map((code) => ({ code })),
    staff: departments.map((department, i) => ({
      id: `P${i}`,
      department,
      indicatorSet: '-',
      months: [{ period: month, total: 80, grade: null }],
    })),
    ...(body.incentive !== undefined ? { incentive: body.incentive } : {}),
  };
  const report = validateAnyDocument(doc);
  const found: Problem[] = [
    ...report.problems,
    ...report.warnings.map((w) => problem(w.path, 'UNKNOWN_KEY_REFUSED')),
  ];
  const ofBody = found.filter((p) =>
    PLAN_SECTIONS.some((s) => p.path === s || p.path.startsWith(`${s}.`) || p.path.startsWith(`${s}[`)),
  );
  // A problem of the scaffolding alone would be a bug of this check: say it rather than store the plan.
  const problems = ofBody.length ? ofBody : found;
  if (problems.length) throw new DocumentInvalidError(problems);
}

/** The advisory lock key of "add a plan version" (a constant of this product's own). */
const PLAN_LOCK = 0x61707072; // "appr"

/**
 * Makes `definition` the period's plan: a new version when it differs from the newest (key order aside).
 * @returns the plan now in force, whether a version was added, and the version before
 */
export async function saveAppraisalPlan(
  em: EntityManager,
  period: string,
  definition: AppraisalPlanDefinition,
  actor: string,
): Promise<{ plan: AppraisalPlan; added: boolean; previous: AppraisalPlan | null }> {
  // Two HR writes at once number their versions one after the other (SQLite writes one transaction at a time).
  if (em.connection.options.type === 'postgres')
    await em.query('SELECT pg_advisory_xact_lock($1)', [PLAN_LOCK]);
  const previous = await em.findOne(AppraisalPlan, { where: { period }, order: { version: 'DESC' } });
  if (previous && canonicalJson(previous.definition) === canonicalJson(definition))
    return { plan: previous, added: false, previous };
  const plan = await em.save(
    em.create(AppraisalPlan, {
      period,
      version: (previous?.version ?? 0) + 1,
      definition,
      createdBy: actor.slice(0, 100),
      createdAt: new Date().toISOString(),
    }),
  );
  return { plan, added: true, previous };
}

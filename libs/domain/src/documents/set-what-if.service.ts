// The what-if preview of a draft indicator set version: the month's people whom the assignment rules give the set
// are scored twice from the month's stored values — the observations aggregated and the corrections in force,
// read as a scoring run reads them (period-snapshot.ts) — once with the version in force and once with the draft.
// Nothing is stored. The answer is per person (a page of the biggest movers) and the distribution before and
// after. Scoring is cheap; reading a month's values is not, so a set with more than WHAT_IF_MAX_STAFF people in
// the month is refused (a run is the tool for that).
import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { IndicatorSet, IndicatorSetContent, IndicatorSetVersion, Staff } from '@app/persistence';
import {
  DocumentInvalidError,
  IndicatorSetDef,
  ScorecardDocument,
  scoreDocument,
  StaffResult,
} from '@app/scoring';
import {
  checkSetContent,
  ConfigurationConflictError,
  ConfigurationNotFoundError,
  findOrFail,
} from '../configuration';
import { loadStaff, RefusedError } from '../model';
import {
  buildDocument,
  loadCorrections,
  loadObservations,
  loadPeriodConfig,
  periodMembers,
} from './period-snapshot';
import { compareWhatIf, WhatIfComparison, WhatIfMover } from './set-what-if';

/** The most people of one set a what-if scores (docs/API.md). */
export const WHAT_IF_MAX_STAFF = 5000;
/** Movers per page: by default, and at most. */
export const WHAT_IF_PAGE = { default: 50, max: 500 };

export interface WhatIfInput {
  draft: { dimensions: unknown[]; indicators: unknown[]; grades?: unknown[]; quotas?: unknown };
  period: string;
  offset?: number;
  limit?: number;
}

export interface WhatIfAnswer extends Omit<WhatIfComparison, 'movers'> {
  set: string;
  period: string;
  /** The version the draft is compared with: the one in force for the month. */
  version: { version: number; effectiveFrom: string };
  movers: { offset: number; limit: number; total: number; items: (WhatIfMover & { name: string })[] };
}

/** More people than a what-if scores (422). */
export class WhatIfTooLargeError extends RefusedError {
  constructor(message: string) {
    super(422, message);
  }
}

@Injectable()
export class SetWhatIfService {
  /** WHAT_IF_MAX_STAFF; a test lowers it rather than build a month of thousands. */
  maxStaff = WHAT_IF_MAX_STAFF;

  constructor(private readonly ds: DataSource) {}

  async whatIf(code: string, input: WhatIfInput): Promise<WhatIfAnswer> {
    const em = this.ds.manager;
    const set = await findOrFail(em, IndicatorSet, { code }, `indicator set "${code}"`);
    const config = await loadPeriodConfig(em, input.period);
    const inForce = config.indicatorSets.find((s) => s.code === code);
    const versionId = config.setVersionIds.get(code);
    if (!inForce || versionId === undefined)
      throw new ConfigurationNotFoundError(
        `indicator set "${code}" has no version in force for ${input.period}`,
      );
    const draft = {
      dimensions: input.draft.dimensions,
      indicators: input.draft.indicators,
      ...(input.draft.grades ? { grades: input.draft.grades } : {}),
      // Quotas move grades: the draft's own are part of what it would change (its improvement plans are not).
      ...(input.draft.quotas ? { quotas: input.draft.quotas } : {}),
    } as unknown as IndicatorSetContent;
    // The draft's problems, with paths into the request body (`draft.indicators[3].formula`): 400.
    await checkSetContent(em, { code, name: set.name, ...draft }, input.period, 'draft');

    const members = periodMembers(config, await loadStaff(em, undefined, input.period)).filter(
      (m) => m.setCode === code,
    );
    if (members.length > this.maxStaff)
      throw new WhatIfTooLargeError(
        `indicator set "${code}" scores ${members.length} people in ${input.period}; a what-if scores at most ` +
          `${this.maxStaff}: score the month with a run instead`,
      );
    const [observations, corrections] = await Promise.all([
      loadObservations(em, config.period.id, {
        staffIds: members.map((m) => m.staff.id),
        departmentIds: [...new Set(members.map((m) => m.staff.departmentId))],
      }),
      loadCorrections(em, config.period.id),
    ]);
    const month = buildDocument(config, members, observations, false, corrections);
    const score = (s: IndicatorSetDef) => scoreDocument(scoringOnly(month, s), { explain: false }).staff;
    let before: StaffResult[];
    try {
      before = score(inForce);
    } catch (e) {
      // The stored version no longer validates (say, an input it reads was deleted since): not the draft's fault.
      if (!(e instanceof DocumentInvalidError)) throw e;
      throw new ConfigurationConflictError(
        `the version of indicator set "${code}" in force for ${input.period} cannot be scored any more: ` +
          e.problems.map((p) => p.message).join('; '),
      );
    }
    // The draft replaces the whole content: a draft without grades has none, whatever the version in force had.
    const after = score({ code, name: inForce.name, ...draft });
    const grades = [...(draft.grades ?? []), ...(inForce.grades ?? [])].map((g) => g.grade);
    const { movers, ...rest } = compareWhatIf(before, after, grades);

    const offset = Math.max(0, input.offset ?? 0);
    const limit = Math.min(WHAT_IF_PAGE.max, Math.max(1, input.limit ?? WHAT_IF_PAGE.default));
    const page = movers.slice(offset, offset + limit);
    const names = new Map(
      page.length
        ? (
            await em.find(Staff, {
              select: { code: true, name: true },
              where: { code: In(page.map((m) => m.id)) },
            })
          ).map((s) => [s.code, s.name])
        : [],
    );
    const version = await em.findOneByOrFail(IndicatorSetVersion, { id: versionId });
    return {
      set: code,
      period: input.period,
      version: { version: version.version, effectiveFrom: version.effectiveFrom },
      ...rest,
      movers: {
        offset,
        limit,
        total: movers.length,
        items: page.map((m) => ({ ...m, name: names.get(m.id) ?? '' })),
      },
    };
  }
}

/**
 * The month's document reduced to what totals and grades need: only this set, no workload and no incentive (money
 * is not what a set version changes, and a pool of a department only partly on this set would not split alike).
 */
function scoringOnly(month: ScorecardDocument, set: IndicatorSetDef): ScorecardDocument {
  return {
    formatVersion: 1,
    period: month.period,
    inputs: month.inputs,
    indicatorSets: [set],
    departments: month.departments,
    staff: month.staff.map(({ tasks: _tasks, ...s }) => s),
  };
}

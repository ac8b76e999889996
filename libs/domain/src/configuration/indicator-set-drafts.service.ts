// HR's tools while editing an indicator set, none of which stores anything: `check` answers every problem of a
// draft version with its path (the same validation as saving: weights, scoring parameters, formulas over the
// stored input dictionary; and whether its month can still take a version), fast enough to call on each pause in
// typing; `diff` compares two stored versions field by field. The what-if preview needs a month's data and lives
// with the documents concept (documents/set-what-if.service.ts).
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { IndicatorSet, IndicatorSetContent, IndicatorSetVersion } from '@app/persistence';
import { coded, DocumentInvalidError, PERIOD_RE, problem, Problem } from '@app/scoring';
import { placeVersion } from '../model';
import { signedOffFrom } from '../periods';
import { checkSetContent } from './content-check';
import { findOrFail } from './lookup';
import { diffSetContent, SetContentDiff } from './set-diff';
import { VersionStore } from './versions';

/** A draft as the editor sends it: the content keys, and the month it would take effect from when known. */
export interface SetDraftInput {
  dimensions: Record<string, unknown>[];
  indicators: Record<string, unknown>[];
  grades?: Record<string, unknown>[];
  plans?: Record<string, unknown>;
  quotas?: Record<string, unknown>;
  effectiveFrom?: string;
}

export interface SetDraftCheck {
  /** True when saving the draft would be accepted (no problem at all). */
  valid: boolean;
  problems: Problem[];
  /**
   * What saving with this effectiveFrom would do: make `version` (new) or replace the unfrozen `version` of the
   * same month; null without an acceptable effectiveFrom.
   */
  saves: { as: 'new' | 'replace'; version: number } | null;
}

export interface SetVersionsDiff extends SetContentDiff {
  code: string;
  from: { version: number; effectiveFrom: string };
  to: { version: number; effectiveFrom: string };
}

/** A placeholder month for the synthetic document when the draft has none: set checks do not depend on it. */
const ANY_MONTH = '2000-01';

@Injectable()
export class IndicatorSetDraftsService {
  constructor(private readonly ds: DataSource) {}

  /** Every problem of a draft version of set `code`, with paths into the draft. Nothing is stored. */
  async check(code: string, draft: SetDraftInput): Promise<SetDraftCheck> {
    const em = this.ds.manager;
    const set = await findSet(em, code);
    const problems: Problem[] = [];
    const period = draft.effectiveFrom;
    const content = {
      dimensions: draft.dimensions,
      indicators: draft.indicators,
      ...(draft.grades ? { grades: draft.grades } : {}),
      ...(draft.plans ? { plans: draft.plans } : {}),
      ...(draft.quotas ? { quotas: draft.quotas } : {}),
    } as unknown as IndicatorSetContent;
    try {
      await checkSetContent(em, { code: set.code, name: set.name, ...content }, period ?? ANY_MONTH, '');
    } catch (e) {
      if (!(e instanceof DocumentInvalidError)) throw e;
      problems.push(...e.problems);
    }
    let saves: SetDraftCheck['saves'] = null;
    if (period !== undefined && !PERIOD_RE.test(period)) problems.push(problem('effectiveFrom', 'BAD_MONTH'));
    else if (period !== undefined) {
      const month = await this.monthProblem(em, set, period);
      if ('code' in month) problems.push({ path: 'effectiveFrom', ...month });
      else saves = month;
    }
    return { valid: problems.length === 0, problems, saves };
  }

  /** What changed from version `from` to version `to` of set `code`. */
  async diff(code: string, from: number, to: number): Promise<SetVersionsDiff> {
    const em = this.ds.manager;
    const store = versionsOf(await findSet(em, code));
    const [a, b] = [await store.get(em, from), await store.get(em, to)];
    return {
      code,
      from: { version: a.version, effectiveFrom: a.effectiveFrom },
      to: { version: b.version, effectiveFrom: b.effectiveFrom },
      ...diffSetContent(a.content, b.content),
    };
  }

  /**
   * Whether a version may take effect from `period` (the refusals of VersionStore.write, as a message), or what
   * saving would do.
   */
  private async monthProblem(
    em: EntityManager,
    set: IndicatorSet,
    period: string,
  ): Promise<ReturnType<typeof coded> | { as: 'new' | 'replace'; version: number }> {
    const closed = await signedOffFrom(em, period);
    if (closed) return coded('VERSION_AFTER_SIGNED_OFF', { period: closed.period, status: closed.status });
    // The versioning rule itself (model/versioning.ts), so that the answer is what saving will do.
    const place = placeVersion(await versionsOf(set).list(em), period);
    if (place.kind === 'conflict')
      return coded('VERSION_ORDER', {
        version: place.later.version,
        from: place.later.effectiveFrom,
        period,
      });
    return place.kind === 'edit'
      ? { as: 'replace', version: place.current.version }
      : { as: 'new', version: place.version };
  }
}

function findSet(em: EntityManager, code: string): Promise<IndicatorSet> {
  return findOrFail(em, IndicatorSet, { code }, `indicator set "${code}"`);
}

const versionsOf = (set: IndicatorSet) =>
  new VersionStore<IndicatorSetVersion, IndicatorSetContent>(
    IndicatorSetVersion,
    `indicator set "${set.code}"`,
    { setId: set.id },
  );

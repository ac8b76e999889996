// Indicator sets by code, with their versions effective from a month (versions.ts writes them by the one
// versioning rule). A set stays while assignment rules use it or a closed month was scored with one of its
// versions. Every change is audited (`indicatorSet.create`, `.update`, `.delete`, `.version.create|update`).
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, MoreThanOrEqual } from 'typeorm';
import {
  AssignmentRule,
  IndicatorSet,
  IndicatorSetContent,
  IndicatorSetVersion,
  Period,
} from '@app/persistence';
import { LocalName, namedInput, namedView, storedName } from '@app/scoring';
import { auditedWrite } from '../audit';
import { ConfigurationConflictError, ConfigurationInvalidError } from './configuration-errors';
import { checkSetContent } from './content-check';
import { findOrFail } from './lookup';
import { versionSummary, versionView, VersionStore } from './versions';

/** A set's content in the scorecard document's own shape (checked by the scoring library, not here). */
export interface SetContentInput {
  dimensions: Record<string, unknown>[];
  indicators: Record<string, unknown>[];
  grades?: Record<string, unknown>[];
  plans?: Record<string, unknown>;
  quotas?: Record<string, unknown>;
}

export interface CreateSetInput {
  code: string;
  /** One text, or `{zh, en}`: stored as `name` (the Chinese when given) and `names` (both). */
  name: LocalName;
  content?: SetContentInput;
  effectiveFrom?: string;
}

const ENTITY = 'indicatorSet';

const versionsOf = (set: IndicatorSet) =>
  new VersionStore<IndicatorSetVersion, IndicatorSetContent>(
    IndicatorSetVersion,
    `indicator set "${set.code}"`,
    { setId: set.id },
  );

/**
 * Only the content keys, without the ones left out (so an absent `grades` is not stored as a key). A dimension or
 * an indicator sent back as the API shows it (`name` a text, `names` the languages) is stored as the format
 * writes it (`name: {zh, en}`).
 */
function contentOf({ dimensions, indicators, grades, plans, quotas }: SetContentInput): IndicatorSetContent {
  return {
    dimensions: dimensions.map(namedInput),
    indicators: indicators.map(namedInput),
    ...(grades ? { grades } : {}),
    ...(plans ? { plans } : {}),
    ...(quotas ? { quotas } : {}),
  } as unknown as IndicatorSetContent;
}

/** A version as the API shows it: each dimension's and indicator's name as `name` (a text) and `names`. */
function setVersionView(v: IndicatorSetVersion) {
  const view = versionView(v);
  return {
    ...view,
    dimensions: (view.dimensions ?? []).map(namedView),
    indicators: (view.indicators ?? []).map(namedView),
  };
}

/** A set's own fields as the API shows them: `names` only when the name was given per language. */
function setFields(s: IndicatorSet) {
  return { code: s.code, name: s.name, ...(s.names ? { names: s.names } : {}) };
}

function find(em: EntityManager, code: string): Promise<IndicatorSet> {
  return findOrFail(em, IndicatorSet, { code }, `indicator set "${code}"`);
}

@Injectable()
export class IndicatorSetsService {
  constructor(private readonly ds: DataSource) {}

  /** Every set with its versions, without content. */
  async list() {
    const em = this.ds.manager;
    const sets = await em.find(IndicatorSet, { order: { code: 'ASC' } });
    const versions = await em.find(IndicatorSetVersion, { order: { version: 'ASC' } });
    return sets.map((s) => ({
      ...setFields(s),
      versions: versions.filter((v) => v.setId === s.id).map(versionSummary),
    }));
  }

  /** A set with every version and its content. */
  async get(code: string) {
    const em = this.ds.manager;
    const set = await find(em, code);
    return { ...setFields(set), versions: (await versionsOf(set).list(em)).map(setVersionView) };
  }

  /** A new set, with its first version when content and effectiveFrom are given (both or neither). */
  async create(actor: string, body: CreateSetInput) {
    if ((body.content === undefined) !== (body.effectiveFrom === undefined))
      throw new ConfigurationInvalidError('content and effectiveFrom go together: give both or neither');
    await this.ds.transaction(async (em) => {
      const what = { action: `${ENTITY}.create`, entity: ENTITY };
      const set = await auditedWrite(em, actor, what, async () => {
        if (await em.findOne(IndicatorSet, { where: { code: body.code } }))
          throw new ConfigurationConflictError(`indicator set "${body.code}" already exists`);
        const row = await em.save(em.create(IndicatorSet, { code: body.code, ...storedName(body.name) }));
        return { result: row, entityKey: row.code, after: setFields(row) };
      });
      if (!body.content || !body.effectiveFrom) return;
      const [content, from] = [contentOf(body.content), body.effectiveFrom];
      await auditedWrite(em, actor, { action: `${ENTITY}.version.create`, entity: ENTITY }, async () => {
        await checkSetContent(em, { code: set.code, name: set.name, ...content }, from, 'content');
        const { row } = await versionsOf(set).write(em, from, content);
        return { result: row, entityKey: set.code, after: setVersionView(row) };
      });
    });
    return this.get(body.code);
  }

  /** Renames a set (its content changes through new versions). */
  rename(actor: string, code: string, name: LocalName) {
    return this.ds.transaction((em) =>
      auditedWrite(em, actor, { action: `${ENTITY}.update`, entity: ENTITY }, async () => {
        const set = await find(em, code);
        const before = setFields(set);
        await em.getRepository(IndicatorSet).update({ id: set.id }, storedName(name));
        const after = setFields(Object.assign(set, storedName(name)));
        return { result: after, entityKey: code, before, after };
      }),
    );
  }

  /** Deletes a set no rule assigns and no closed month was scored with, with its versions. */
  async remove(actor: string, code: string): Promise<void> {
    await this.ds.transaction((em) =>
      auditedWrite(em, actor, { action: `${ENTITY}.delete`, entity: ENTITY }, async () => {
        const set = await find(em, code);
        const rules = await em.count(AssignmentRule, { where: { setId: set.id } });
        if (rules)
          throw new ConfigurationConflictError(
            `indicator set "${code}" is still assigned by ${rules} rule(s)`,
          );
        const versions = await versionsOf(set).list(em);
        const frozen = versions.find((v) => v.frozen);
        if (frozen)
          throw new ConfigurationConflictError(
            `indicator set "${code}" has frozen version ${frozen.version}: a closed period used it`,
          );
        // A version was in force in every month from the first version's on; a closed one of those may have used it.
        const closed = versions.length
          ? await em.findOne(Period, {
              where: { status: 'closed', period: MoreThanOrEqual(versions[0].effectiveFrom) },
            })
          : null;
        if (closed)
          throw new ConfigurationConflictError(
            `indicator set "${code}" was in force in period ${closed.period}, which is closed`,
          );
        await em.delete(IndicatorSetVersion, { setId: set.id });
        await em.delete(IndicatorSet, { id: set.id });
        return {
          result: undefined,
          entityKey: code,
          before: { ...setFields(set), versions: versions.map(setVersionView) },
        };
      }),
    );
  }

  async versions(code: string) {
    const em = this.ds.manager;
    return (await versionsOf(await find(em, code)).list(em)).map(setVersionView);
  }

  async version(code: string, version: number) {
    const em = this.ds.manager;
    return setVersionView(await versionsOf(await find(em, code)).get(em, version));
  }

  async effective(code: string, period: string) {
    const em = this.ds.manager;
    return setVersionView(await versionsOf(await find(em, code)).effective(em, period));
  }

  /**
   * A version effective from a month, by the versioning rule; `created`: a new version number (201) rather than
   * the month's unfrozen version replaced (200).
   */
  addVersion(actor: string, code: string, body: SetContentInput & { effectiveFrom: string }) {
    return this.ds.transaction((em) =>
      auditedWrite(em, actor, { entity: ENTITY }, async () => {
        const set = await find(em, code);
        const content = contentOf(body);
        await checkSetContent(em, { code: set.code, name: set.name, ...content }, body.effectiveFrom, '');
        const written = await versionsOf(set).write(em, body.effectiveFrom, content);
        const after = setVersionView(written.row);
        return {
          result: { version: after, created: written.created },
          action: written.created ? `${ENTITY}.version.create` : `${ENTITY}.version.update`,
          entityKey: set.code,
          before: written.before && setVersionView(written.before),
          after,
        };
      }),
    );
  }
}

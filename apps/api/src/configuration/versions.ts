// Versions of a definition effective from a period (indicator sets, the workload catalogue), written by the same
// rules as a document import (libs/documents/src/import-document.ts), so both ways of editing agree:
// - a version starting in that same period and not frozen is edited in place;
// - a frozen one (a closed period was scored with it) never changes: a new version number is made instead;
// - versions are added in period order: one effective after the posted period answers 409.
// The version in force for a month is the highest-numbered one effective from that month or before.
import { applyDecorators, ConflictException, NotFoundException } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
} from '@nestjs/swagger';
import { EntityManager, EntityTarget, FindOptionsWhere, MoreThanOrEqual } from 'typeorm';
import { Period, VersionedContent } from '@app/persistence';
import { inForce } from '@app/domain/model';

/** The OpenAPI description of a route that adds a version (`what`: whose problems a 400 lists). */
export function ApiAddVersion(summary: string, what: string) {
  return applyDecorators(
    ApiOperation({
      summary,
      description:
        'An unfrozen version starting in the same month is replaced (200); otherwise, including when that version ' +
        'is frozen, a new version number is made (201). A version effective after that month answers 409.',
    }),
    ApiCreatedResponse({ description: 'a new version' }),
    ApiOkResponse({ description: 'the unfrozen version of that month, replaced' }),
    ApiBadRequestResponse({ description: `every problem of the ${what}, each with its path in the body` }),
    ApiConflictResponse({ description: 'a version effective after that month exists' }),
  );
}

/** A version as the API shows it: the content's own keys beside the version's. */
export function versionView<C extends object>(v: VersionedContent<C>) {
  return { version: v.version, effectiveFrom: v.effectiveFrom, frozen: v.frozen, ...v.content };
}

/** A version in a list: without its content. */
export function versionSummary(v: VersionedContent<unknown>) {
  return { version: v.version, effectiveFrom: v.effectiveFrom, frozen: v.frozen };
}

export class VersionStore<V extends VersionedContent<C>, C> {
  constructor(
    private readonly target: EntityTarget<V>,
    /** Names the definition in messages, e.g. `indicator set "CLEAN"`. */
    private readonly what: string,
    /** The rows of this definition only (e.g. one set's versions). */
    private readonly scope: Partial<V> = {},
  ) {}

  list(em: EntityManager): Promise<V[]> {
    return em.find(this.target, {
      where: this.scope as FindOptionsWhere<V>,
      order: { version: 'ASC' } as never,
    });
  }

  async get(em: EntityManager, version: number): Promise<V> {
    const row = await em.findOne(this.target, { where: { ...this.scope, version } as FindOptionsWhere<V> });
    if (!row) throw new NotFoundException(`${this.what} has no version ${version}`);
    return row;
  }

  async effective(em: EntityManager, period: string): Promise<V> {
    const row = inForce(await this.list(em), period);
    if (!row) throw new NotFoundException(`${this.what} has no version in force for ${period}`);
    return row;
  }

  /**
   * Writes `content` effective from `period`; `created` is false when a version was edited in place, and then
   * `before` is that version as it was (for the audit log).
   */
  async write(
    em: EntityManager,
    period: string,
    content: C,
  ): Promise<{ row: V; created: boolean; before: object | null }> {
    // A closed month keeps the configuration it was scored and paid with: a version may start only after it.
    const closed = await em.getRepository(Period).findOne({
      where: { period: MoreThanOrEqual(period), status: 'closed' },
      order: { period: 'DESC' },
    });
    if (closed) {
      throw new ConflictException(
        `period ${closed.period} is closed: a version of ${this.what} effective from ${period} would change the ` +
          `configuration it was scored with; start the version after ${closed.period}`,
      );
    }
    const versions = await this.list(em);
    const current = inForce(versions, period);
    if (current && current.effectiveFrom === period && !current.frozen) {
      const before = { ...versionSummary(current), ...(current.content as object) };
      current.content = content;
      return { row: await em.save(current), created: false, before };
    }
    const later = versions.find((v) => v.effectiveFrom > period);
    if (later) {
      throw new ConflictException(
        `${this.what} has version ${later.version} effective from ${later.effectiveFrom}, after ${period}: ` +
          'versions are added in period order',
      );
    }
    const row = em.create(this.target, {
      ...this.scope,
      version: (versions.at(-1)?.version ?? 0) + 1,
      effectiveFrom: period,
      content,
      frozen: false,
    } as V);
    return { row: await em.save(row), created: true, before: null };
  }
}

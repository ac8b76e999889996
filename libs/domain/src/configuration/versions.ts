// The versions of a definition effective from a month (one indicator set's, the workload catalogue's) as HR
// edits them: listed, read, the one in force for a month, and written. Writing follows the one versioning rule
// (model/versioning.ts: writeVersion), which a document import follows too, so both ways of editing agree; before
// it, an approved or closed month refuses any version taking effect in it or before it.
import { EntityManager, EntityTarget, FindOptionsWhere } from 'typeorm';
import { VersionedContent } from '@app/persistence';
import { inForce, writeVersion, VersionWritten } from '../model';
import { APPROVED_ADVICE, configurationChanged, signedOffFrom } from '../periods';
import { ConfigurationConflictError, ConfigurationNotFoundError } from './configuration-errors';

/** A version as the API shows it: the content's own keys beside the version's. */
export function versionView<C extends object>(v: VersionedContent<C>) {
  return { version: v.version, effectiveFrom: v.effectiveFrom, frozen: v.frozen, ...v.content };
}

/** A version in a list: without its content. */
export function versionSummary(v: VersionedContent<unknown>) {
  return { version: v.version, effectiveFrom: v.effectiveFrom, frozen: v.frozen };
}

export class VersionStore<V extends VersionedContent<C>, C extends object> {
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
    if (!row) throw new ConfigurationNotFoundError(`${this.what} has no version ${version}`);
    return row;
  }

  async effective(em: EntityManager, period: string): Promise<V> {
    const row = inForce(await this.list(em), period);
    if (!row) throw new ConfigurationNotFoundError(`${this.what} has no version in force for ${period}`);
    return row;
  }

  /**
   * Writes `content` effective from `period`; `created` is false when a version was edited in place, and then
   * `before` is that version as it was (for the audit log).
   */
  async write(em: EntityManager, period: string, content: C): Promise<VersionWritten<V>> {
    // An approved or closed month keeps the configuration it was scored (and paid) with: a version may start
    // only after it.
    const closed = await signedOffFrom(em, period);
    if (closed) {
      throw new ConfigurationConflictError(
        `period ${closed.period} is ${closed.status}: a version of ${this.what} effective from ${period} would ` +
          `change the configuration it was scored with; start the version after ${closed.period}` +
          (closed.status === 'approved' ? `; ${APPROVED_ADVICE}` : ''),
      );
    }
    const written = await writeVersion<V, C>(em, this.target, {
      versions: await this.list(em),
      scope: this.scope,
      period,
      content,
      conflict: (later) =>
        new ConfigurationConflictError(
          `${this.what} has version ${later.version} effective from ${later.effectiveFrom}, after ${period}: ` +
            'versions are added in period order',
        ),
    });
    await configurationChanged(em, period);
    return written;
  }
}

// Versioned configuration (indicator set versions, workload catalogue versions): which version is in force for a
// month, and how a version is written. One rule each, used by scoring, exports, imports, the HR routes, the
// closed-month checks, freezing and the staff pages.
// - In force: the highest-numbered version effective from that month or before. (A later version may start
//   earlier than an older one only through an edit of the same month, so "highest number" and "latest start"
//   agree in practice; the number decides, so that two versions of one month are never a tie.)
// - Written (writeVersion, for the HR routes and a document import alike, so both ways of editing agree): the
//   version in force starting in that same month and not frozen is edited in place; a frozen one (a closed month
//   was scored with it) never changes, so a new version number is made instead; versions are added in month
//   order, so one effective after that month is a conflict, which each caller words as its own error.
import { EntityManager, EntityTarget, FindOptionsWhere, LessThanOrEqual } from 'typeorm';

export interface Versioned {
  version: number;
  effectiveFrom: string;
}

/** A stored version with its content (the shape of IndicatorSetVersion and WorkloadCatalogueVersion). */
export interface VersionRow<C> extends Versioned {
  frozen: boolean;
  content: C;
}

/** The version in force for `period`, from versions listed in version order (ascending). */
export function inForce<V extends Pick<Versioned, 'effectiveFrom'>>(
  byVersion: readonly V[],
  period: string,
): V | undefined {
  for (let i = byVersion.length - 1; i >= 0; i--)
    if (byVersion[i].effectiveFrom <= period) return byVersion[i];
  return undefined;
}

/** The same rule as a query: the version of `entity` (within `where`, e.g. one set) in force for `period`. */
export function findInForce<V extends Versioned>(
  em: EntityManager,
  entity: EntityTarget<V>,
  period: string,
  where: FindOptionsWhere<V> = {},
): Promise<V | null> {
  return em.getRepository(entity).findOne({
    where: { ...where, effectiveFrom: LessThanOrEqual(period) },
    order: { version: 'DESC' } as never,
  });
}

/** Where content effective from a month goes: into a version edited in place, a new version, or nowhere. */
export type VersionPlace<V> =
  { kind: 'edit'; current: V } | { kind: 'new'; version: number } | { kind: 'conflict'; later: V };

/** The writing rule, decided on versions listed in version order (ascending), without writing anything. */
export function placeVersion<V extends Versioned & { frozen: boolean }>(
  byVersion: readonly V[],
  period: string,
): VersionPlace<V> {
  const current = inForce(byVersion, period);
  if (current && current.effectiveFrom === period && !current.frozen) return { kind: 'edit', current };
  const later = byVersion.find((v) => v.effectiveFrom > period);
  if (later) return { kind: 'conflict', later };
  return { kind: 'new', version: (byVersion.at(-1)?.version ?? 0) + 1 };
}

/** What writeVersion did: the stored row; `before` is a copy of the version edited in place (null if new). */
export interface VersionWritten<V> {
  row: V;
  created: boolean;
  before: V | null;
}

/**
 * Writes `content` effective from `period` by placeVersion's rule. `versions` are the definition's stored
 * versions in version order, `scope` the columns that tie a new one to its definition (e.g. `{ setId }`), and
 * `conflict` the caller's own error for a version effective after `period`.
 */
export async function writeVersion<V extends VersionRow<C>, C>(
  em: EntityManager,
  target: EntityTarget<V>,
  spec: {
    versions: readonly V[];
    scope?: Partial<V>;
    period: string;
    content: C;
    conflict: (later: V) => Error;
  },
): Promise<VersionWritten<V>> {
  const place = placeVersion(spec.versions, spec.period);
  if (place.kind === 'conflict') throw spec.conflict(place.later);
  if (place.kind === 'edit') {
    // A copy as it was: the content object is replaced below, never changed in place.
    const before = { ...place.current };
    place.current.content = spec.content;
    return { row: await em.save(target, place.current), created: false, before };
  }
  const row = em.create(target, {
    ...spec.scope,
    version: place.version,
    effectiveFrom: spec.period,
    content: spec.content,
    frozen: false,
  } as V);
  return { row: await em.save(target, row), created: true, before: null };
}

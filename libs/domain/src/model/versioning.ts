// Versioned configuration (indicator set versions, workload catalogue versions): which version is in force for a
// month. One rule, used by scoring, exports, imports, the closed-month checks, freezing and the staff pages:
// the highest-numbered version effective from that month or before. (A later version may start earlier than an
// older one only through an edit of the same month, so "highest number" and "latest start" agree in practice;
// the number decides, so that two versions of one month are never a tie.)
import { EntityManager, EntityTarget, FindOptionsWhere, LessThanOrEqual } from 'typeorm';

export interface Versioned {
  version: number;
  effectiveFrom: string;
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
    where: { ...where, effectiveFrom: LessThanOrEqual(period) } as FindOptionsWhere<V>,
    order: { version: 'DESC' } as never,
  });
}

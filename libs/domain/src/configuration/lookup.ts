// Finding rows by the codes people use. An unknown code in the path is a missing resource (404); an unknown code
// in a body or query field is a bad request (400) naming the field.
import { EntityManager, EntityTarget, FindOptionsRelations, FindOptionsWhere, ObjectLiteral } from 'typeorm';
import { ConfigurationInvalidError, ConfigurationNotFoundError } from './configuration-errors';

export async function findOrFail<T extends ObjectLiteral>(
  em: EntityManager,
  target: EntityTarget<T>,
  where: FindOptionsWhere<T>,
  what: string,
  relations?: FindOptionsRelations<T>,
): Promise<T> {
  const row = await em.findOne(target, { where, relations });
  if (!row) throw new ConfigurationNotFoundError(`${what} does not exist`);
  return row;
}

/** The id behind a code given in `field`; undefined (not given) and null (cleared) pass through. */
export async function refId<T extends { id: number; code: string }>(
  em: EntityManager,
  target: EntityTarget<T>,
  code: string | null | undefined,
  field: string,
): Promise<number | null | undefined> {
  if (code === undefined || code === null) return code;
  const row = await em.findOne(target, { where: { code } as FindOptionsWhere<T> });
  if (!row) throw new ConfigurationInvalidError(`${field} "${code}" does not exist`);
  return row.id;
}

/**
 * The first and last ISO dates a month can hold, for comparing with stored ISO dates: "-31" sorts after every day
 * of the month and before the next month, whatever the month's length.
 */
export function monthRange(period: string): { first: string; last: string } {
  return { first: `${period}-01`, last: `${period}-31` };
}

/** Keeps the keys whose value is not undefined: what a PATCH body actually sets. */
export function given<T extends object>(fields: T): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as Partial<T>;
}

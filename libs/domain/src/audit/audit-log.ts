// The append-only audit log: who did what to which thing, with the state before and after. Written with the
// EntityManager of the change's own transaction, so an entry exists exactly when its change does.
import { EntityManager, FindOptionsWhere, LessThan } from 'typeorm';
import { AuditEntry } from '@app/persistence';

// `audit` lives in libs/persistence (libs/documents writes entries too and cannot import this library).
export { audit } from './audit';
export type { AuditEvent } from './audit';

export interface AuditQuery {
  action?: string;
  entity?: string;
  entityKey?: string;
  limit?: number;
  /** The previous page's `nextCursor`: entries older than it. */
  cursor?: string;
}

export interface AuditPage {
  items: AuditEntry[];
  nextCursor: string | null;
}

/** Newest first; the cursor is an entry id (ids only grow, so paging is stable while entries are added). */
export async function listAudit(em: EntityManager, q: AuditQuery): Promise<AuditPage> {
  const limit = Math.min(Math.max(q.limit ?? 100, 1), 1000);
  const where: FindOptionsWhere<AuditEntry> = {
    ...(q.action ? { action: q.action } : {}),
    ...(q.entity ? { entity: q.entity } : {}),
    ...(q.entityKey ? { entityKey: q.entityKey } : {}),
    ...(q.cursor ? { id: LessThan(Number(q.cursor)) } : {}),
  };
  const rows = await em.getRepository(AuditEntry).find({ where, order: { id: 'DESC' }, take: limit + 1 });
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? String(items.at(-1)!.id) : null };
}

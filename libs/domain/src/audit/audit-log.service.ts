// Reading the append-only audit log: newest first, filtered by action, entity and key, paged by id. (Entries are
// written by `audit` / `auditedWrite`, with the EntityManager of the change's own transaction.)
import { Injectable } from '@nestjs/common';
import { DataSource, FindOptionsWhere, LessThan } from 'typeorm';
import { AuditEntry } from '@app/persistence';

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

@Injectable()
export class AuditLogService {
  constructor(private readonly ds: DataSource) {}

  /** Newest first; the cursor is an entry id (ids only grow, so paging is stable while entries are added). */
  async list(q: AuditQuery): Promise<AuditPage> {
    const limit = Math.min(Math.max(q.limit ?? 100, 1), 1000);
    const where: FindOptionsWhere<AuditEntry> = {
      ...(q.action ? { action: q.action } : {}),
      ...(q.entity ? { entity: q.entity } : {}),
      ...(q.entityKey ? { entityKey: q.entityKey } : {}),
      ...(q.cursor ? { id: LessThan(Number(q.cursor)) } : {}),
    };
    const rows = await this.ds
      .getRepository(AuditEntry)
      .find({ where, order: { id: 'DESC' }, take: limit + 1 });
    const items = rows.slice(0, limit);
    return { items, nextCursor: rows.length > limit ? String(items.at(-1)!.id) : null };
  }
}

// Reading the append-only audit log: newest first, filtered by actor, action, entity, key and a range of days, paged
// by id. (Entries are written by `audit` / `auditedWrite`, with the EntityManager of the change's own transaction.)
import { Injectable } from '@nestjs/common';
import { And, DataSource, FindOperator, FindOptionsWhere, LessThan, MoreThanOrEqual } from 'typeorm';
import { AuditEntry } from '@app/persistence';
import { InvalidError } from '../model';

export interface AuditQuery {
  /** Who, as written in the entry: `user:<username>`, `api-key:<id>`, `system`… */
  actor?: string;
  action?: string;
  entity?: string;
  entityKey?: string;
  /** First day "YYYY-MM-DD" (UTC), included. */
  from?: string;
  /** Last day "YYYY-MM-DD" (UTC), included. */
  to?: string;
  limit?: number;
  /** The previous page's `nextCursor`: entries older than it. */
  cursor?: string;
}

export interface AuditPage {
  items: AuditEntry[];
  nextCursor: string | null;
}

const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;

/** The day after `day` ("YYYY-MM-DD"), for an exclusive upper bound on the entries' ISO timestamps. */
function nextDay(day: string): string {
  const d = new Date(`${day}T00:00:00.000Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

function checkDay(name: string, day: string | undefined): void {
  if (day === undefined) return;
  // A day that does not exist (2026-02-30) would roll over into the next month: refused, as a mistake.
  const parsed = new Date(`${day}T00:00:00.000Z`);
  if (!DAY_RE.test(day) || Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== day)
    throw new InvalidError(`${name} must be a date "YYYY-MM-DD"`);
}

@Injectable()
export class AuditLogService {
  constructor(private readonly ds: DataSource) {}

  /**
   * Newest first; the cursor is an entry id (ids only grow, so paging is stable while entries are added). `at` is an
   * ISO timestamp in UTC, so a day range compares it as text: from the first day's start to before the day after
   * the last.
   */
  async list(q: AuditQuery): Promise<AuditPage> {
    const limit = Math.min(Math.max(q.limit ?? 100, 1), 1000);
    checkDay('from', q.from);
    checkDay('to', q.to);
    if (q.from && q.to && q.to < q.from) throw new InvalidError(`to (${q.to}) is before from (${q.from})`);
    const at: FindOperator<string>[] = [];
    if (q.from) at.push(MoreThanOrEqual(q.from));
    if (q.to) at.push(LessThan(nextDay(q.to)));
    const where: FindOptionsWhere<AuditEntry> = {
      ...(q.actor ? { actor: q.actor } : {}),
      ...(q.action ? { action: q.action } : {}),
      ...(q.entity ? { entity: q.entity } : {}),
      ...(q.entityKey ? { entityKey: q.entityKey } : {}),
      ...(at.length ? { at: at.length === 1 ? at[0] : And(...at) } : {}),
      ...(q.cursor ? { id: LessThan(Number(q.cursor)) } : {}),
    };
    const rows = await this.ds
      .getRepository(AuditEntry)
      .find({ where, order: { id: 'DESC' }, take: limit + 1 });
    const items = rows.slice(0, limit);
    return { items, nextCursor: rows.length > limit ? String(items.at(-1)!.id) : null };
  }

  /**
   * The distinct actions and entities written so far: the choices of the log's filters (both indexed; actors are
   * the users, listed by the users' route).
   */
  async facets(): Promise<{ actions: string[]; entities: string[] }> {
    const distinct = async (column: 'action' | 'entity') =>
      (
        await this.ds
          .getRepository(AuditEntry)
          .createQueryBuilder('a')
          .select(`a.${column}`, 'v')
          .distinct(true)
          .orderBy('v', 'ASC')
          .limit(1000)
          .getRawMany<{ v: string }>()
      ).map((r) => r.v);
    return { actions: await distinct('action'), entities: await distinct('entity') };
  }
}

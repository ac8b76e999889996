// The append-only audit log: who did what to which thing, with the state before and after. Written with the
// EntityManager of the change's own transaction, so an entry exists exactly when its change does. Here, beside
// the entity, so that every library that changes something (documents, runs) can write its entry.
import { EntityManager } from 'typeorm';
import { AuditEntry } from '@app/persistence/entities/index';

export interface AuditEvent {
  actor: string;
  action: string;
  entity: string;
  entityKey: string;
  before?: unknown;
  after?: unknown;
}

export async function audit(em: EntityManager, e: AuditEvent): Promise<void> {
  // save, not insert: insert's deep-partial typing cannot take the `unknown` JSON columns.
  const entry = em.getRepository(AuditEntry).create({
    at: new Date().toISOString(),
    actor: e.actor.slice(0, 100),
    action: e.action,
    entity: e.entity,
    entityKey: e.entityKey,
    before: e.before ?? null,
    after: e.after ?? null,
  });
  await em.getRepository(AuditEntry).save(entry);
}

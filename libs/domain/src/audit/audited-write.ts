// The audited write: a change and its audit entry in the caller's transaction, so the entry exists exactly when
// the change does. Every service that changes configuration, people or months writes through it, instead of
// each repeating transaction → find → guard → save → audit.
import { EntityManager } from 'typeorm';
import { audit } from './audit';

/** What a change did: its result for the caller, and what the audit log records of it. */
export interface AuditedChange<T> {
  result: T;
  /** The key of the thing changed (a code, an id, a period). */
  entityKey: string;
  /** The action, when the change decides it (`…create` or `…update`); else the one given to `auditedWrite`. */
  action?: string;
  before?: unknown;
  after?: unknown;
}

/**
 * Runs `change` with `em` and writes its audit entry with the same manager.
 * @param what the action (unless the change names one) and the kind of thing changed, as the audit log lists them
 */
export async function auditedWrite<T>(
  em: EntityManager,
  actor: string,
  what: { action?: string; entity: string },
  change: (em: EntityManager) => Promise<AuditedChange<T>>,
): Promise<T> {
  const c = await change(em);
  const action = c.action ?? what.action;
  if (!action) throw new Error(`auditedWrite on ${what.entity}: no action named`);
  await audit(em, {
    actor,
    action,
    entity: what.entity,
    entityKey: c.entityKey,
    before: c.before,
    after: c.after,
  });
  return c.result;
}

// Who a request acts as, in the audit log: the signed-in user, or the system's API key.
import type { Request } from 'express';
import type { AuthedRequest } from '../access/access';

export function actorOf(req: Request): string {
  const { user, apiKey } = req as AuthedRequest;
  if (user) return `user:${user.username}`;
  if (apiKey) return `api-key:${apiKey.id}`;
  return 'anonymous';
}

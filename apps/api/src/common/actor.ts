// Who a request acts as, in the audit log. There is no user sign-in yet, so every HR request is 'api'; sign-in
// will answer the signed-in user here, in this one place.
import type { Request } from 'express';

export function actorOf(_req: Request): string {
  return 'api';
}

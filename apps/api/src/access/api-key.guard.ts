// Routes for systems (finance, payroll) take an API key in `X-API-Key` with a scope: `@RequireScope('...')` on the
// route. The global AccessGuard (access/access.guard.ts) checks the key and leaves it on the request; refusals are
// RefusedErrors (401/403), answered by the error filter.
import type { Request } from 'express';
import type { ApiKey } from '@app/persistence';

export { RequireScope } from './access';

/** The request of a keyed route: the key that was let in. */
export type KeyedRequest = Request & { apiKey?: ApiKey };

// Routes for systems (finance, payroll) take an API key in `X-API-Key` with a scope: `@RequireScope('...')`
// on the route, this guard on the controller. Refusals are FinanceErrors (401/403), answered by the error filter.
import { CanActivate, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { DataSource } from 'typeorm';
import type { ApiKey, ApiKeyScope } from '@app/persistence';
import { authenticateApiKey } from '@app/runs';

const SCOPE = 'apiKeyScope';

export const RequireScope = (scope: ApiKeyScope) => SetMetadata(SCOPE, scope);

/** The request of a route behind the guard: the key that was let in. */
export type KeyedRequest = Request & { apiKey?: ApiKey };

/** Who a keyed request acts as, in the audit log. */
export const keyActor = (req: KeyedRequest): string => (req.apiKey ? `api-key:${req.apiKey.id}` : 'api');

@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly ds: DataSource,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const scope = this.reflector.getAllAndOverride<ApiKeyScope | undefined>(SCOPE, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!scope) return true;
    const req = context.switchToHttp().getRequest<KeyedRequest>();
    const header = req.headers['x-api-key'];
    req.apiKey = await authenticateApiKey(this.ds, Array.isArray(header) ? header[0] : header, scope);
    return true;
  }
}

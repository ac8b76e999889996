// Who may call a route, declared on every route (or its controller). The global AccessGuard refuses any route
// without a declaration: a new route is closed until someone decides who it is for.
import { SetMetadata } from '@nestjs/common';
import type { Request } from 'express';
import type { ApiKey, ApiKeyScope, Role } from '@app/persistence';

export const ACCESS = 'access';

export type AccessRule =
  | { kind: 'public' }
  /** Signed-in users with one of these roles (object-level limits are the handler's). */
  | { kind: 'roles'; roles: readonly Role[] }
  /** Systems with an API key holding this scope (X-API-Key). */
  | { kind: 'apiKey'; scope: ApiKeyScope }
  /** Either: a request with X-API-Key is a system's (the scope is checked), any other a signed-in user's. */
  | { kind: 'apiKeyOrRoles'; scope: ApiKeyScope; roles: readonly Role[] };

export const Public = () => SetMetadata(ACCESS, { kind: 'public' } satisfies AccessRule);

/** Routes a user holding a one-time password from HR may still call (to see who they are and change it). */
export const WHILE_PASSWORD_MUST_CHANGE = 'whilePasswordMustChange';
export const AllowedBeforePasswordChange = () => SetMetadata(WHILE_PASSWORD_MUST_CHANGE, true);
export const Allow = (...roles: Role[]) => SetMetadata(ACCESS, { kind: 'roles', roles } satisfies AccessRule);
export const RequireScope = (scope: ApiKeyScope) =>
  SetMetadata(ACCESS, { kind: 'apiKey', scope } satisfies AccessRule);
/** A system's feed that people read too (payroll for HR and finance): an API key with `scope`, or these roles. */
export const KeyOrRoles = (scope: ApiKeyScope, ...roles: Role[]) =>
  SetMetadata(ACCESS, { kind: 'apiKeyOrRoles', scope, roles } satisfies AccessRule);

/** HR's configuration and the month's management: HR changes it, auditors read it. */
export const HrRead = () => Allow('hr_admin', 'auditor');
export const HrWrite = () => Allow('hr_admin');
/** Every signed-in person (their own things: the handler scopes them). */
export const SignedIn = () => Allow('hr_admin', 'dept_manager', 'staff', 'auditor', 'finance');

/** The signed-in user, as the guard leaves it on the request. */
export interface Principal {
  id: string;
  username: string;
  role: Role;
  staffId: number | null;
  departments: string[];
  /** Signed in with HR's one-time password: only a password change (and auth/me) is allowed. */
  mustChangePassword?: boolean;
}

export type AuthedRequest = Request & { user?: Principal; apiKey?: ApiKey };

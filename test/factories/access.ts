// Users and API keys for the domain services' tests: what HR would post, valid unless overridden.
import type { NewUser } from '@app/domain/access';

/** A new hr_admin named `username` with a password long enough for the rules. */
export function newUser(overrides: Partial<NewUser> = {}): NewUser {
  return { username: 'li.wei', password: 'a long enough password', role: 'hr_admin', ...overrides };
}

/** A key for the payroll system, with the scopes given. */
export function newApiKey(scopes: string[] = ['payroll:read']): { name: string; scopes: string[] } {
  return { name: 'payroll system', scopes };
}

// What a password must be: at least 12 characters, at least 5 different ones (not "aaaaaaaaaaaa" or twelve
// spaces), not the username, and not one of the 49,000 most common passwords of the zxcvbn-ts project's list
// (@zxcvbn-ts/language-common, kept up to date by that project). Checked whenever a password is set: a new user,
// the first admin, a change, and never at sign-in (an old password still signs in, to be changed).
import type * as LanguageCommon from '@zxcvbn-ts/language-common';
import { InvalidError } from '../model';

export const MIN_PASSWORD_LENGTH = 12;
const MIN_DISTINCT = 5;

let common: Set<string> | undefined;
/**
 * The common-password list, lower-cased, loaded on first use (1.9 MB of source, 7 MB of heap once loaded: not on
 * the API's start-up path, and never in a scoring worker, which reaches this module but sets no password).
 */
function commonPasswords(): Set<string> {
  if (!common) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { dictionary } = require('@zxcvbn-ts/language-common') as typeof LanguageCommon;
    common = new Set(dictionary['passwords-common'].map((p) => p.toLowerCase()));
  }
  return common;
}

/** Why `password` may not be used by `username`, or null when it may. */
export function passwordProblem(password: string, username: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `at least ${MIN_PASSWORD_LENGTH} characters`;
  if (new Set(password).size < MIN_DISTINCT) return `at least ${MIN_DISTINCT} different characters`;
  const lower = password.trim().toLowerCase();
  const name = username.trim().toLowerCase();
  if (lower === name || lower === [...name].reverse().join('')) return 'not the username';
  if (commonPasswords().has(lower)) return 'not one of the most common passwords';
  return null;
}

/** @throws InvalidError "password: …" when the password may not be used. */
export function assertPasswordAllowed(password: string, username: string, field = 'password'): void {
  const problem = passwordProblem(password, username);
  if (problem) throw new InvalidError(`${field}: ${problem}`);
}

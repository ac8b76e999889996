// The opinion rounds' settings from the application's configuration (OPINION_MIN_ANSWERS), injected under a token
// so that the domain does not read the configuration itself and tests can give their own.
export const OPINION_OPTIONS = Symbol('OPINION_OPTIONS');

export interface OpinionOptions {
  /** A set with fewer answers shows HR its counts only (no means, distributions or texts). */
  minAnswers: number;
}

export const DEFAULT_OPINION_MIN_ANSWERS = 5;

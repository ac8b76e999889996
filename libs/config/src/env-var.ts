// The building blocks of the environment schema (env.schema.ts): `@EnvVar` records what the documentation says
// about a variable, and each value decorator does three things at once for its property: parse the raw string
// (class-transformer), validate the result (class-validator, with the message naming the variable and the value
// as written) and record the allowed values for the documentation. So a variable's rule is written once, and
// the docs table, config/.env.example and start-up validation cannot drift apart.
import { Transform } from 'class-transformer';
import { ValidateBy, ValidationArguments } from 'class-validator';
import { parseExpression } from 'cron-parser';
import { DatabaseUrlError, parseDatabaseUrl, redact } from './database-url';

/** The processes (and the one script) that read the configuration, as the docs name them. */
export type EnvReader = 'API' | 'worker' | 'CLI' | 'demo' | 'migration:run';

export interface EnvVarOptions {
  description: string;
  /** The processes that use the value (all of them validate the whole schema at start-up). */
  readBy: EnvReader[];
  /** Shown instead of the property's initial value, when there is none or it needs saying otherwise. */
  defaultText?: string;
  /** Leading and trailing spaces are part of the value (passwords); otherwise they are trimmed. */
  keepSpaces?: boolean;
}

export interface EnvVarDoc extends EnvVarOptions {
  name: string;
  /** The allowed values, in words, recorded by the value decorator. */
  allowed: string;
}

const REGISTRY = new WeakMap<object, Map<string, Partial<EnvVarDoc>>>();

function entry(target: object, key: string | symbol): Partial<EnvVarDoc> {
  let vars = REGISTRY.get(target.constructor);
  if (!vars) REGISTRY.set(target.constructor, (vars = new Map<string, Partial<EnvVarDoc>>()));
  const name = String(key);
  let doc = vars.get(name);
  if (!doc) vars.set(name, (doc = { name }));
  return doc;
}

/** What the documentation says about a variable; goes above its value decorator. */
export function EnvVar(options: EnvVarOptions): PropertyDecorator {
  return (target, key) => void Object.assign(entry(target, key), options);
}

/** The declared variables of a schema class, in declaration order. */
export function envVarDocs(schema: new () => object): EnvVarDoc[] {
  const vars = REGISTRY.get(schema) ?? new Map<string, Partial<EnvVarDoc>>();
  return [...vars.values()].map((d) => {
    if (!d.description || !d.readBy || d.allowed === undefined)
      throw new Error(`${schema.name}.${d.name} needs both @EnvVar and a value decorator`);
    return d as EnvVarDoc;
  });
}

/** The environment as given, kept on the parsed instance so that messages quote the value as it was written. */
export const RAW_ENV = Symbol('RAW_ENV');

function rawValue(args: ValidationArguments): string {
  const raw = (args.object as { [RAW_ENV]?: Record<string, string | undefined> })[RAW_ENV];
  return raw?.[args.property] ?? String(args.value);
}

/** A value decorator: parse, validate with a message, record the allowed values. */
function envValue<T>(options: {
  name: string;
  allowed: string;
  parse?: (raw: string) => T;
  valid: (value: T, args: ValidationArguments) => boolean;
  message: (raw: string, args: ValidationArguments) => string;
}): PropertyDecorator {
  return (target, key) => {
    entry(target, key).allowed = options.allowed;
    const parse = options.parse;
    if (parse) Transform(({ value }: { value: string }) => parse(value))(target, key);
    ValidateBy({
      name: options.name,
      validator: {
        // Unset, without a default: nothing to check (a variable that is sometimes required says so itself).
        validate: (value: T, args: ValidationArguments) => value === undefined || options.valid(value, args),
        defaultMessage: (args: ValidationArguments) =>
          `${args.property} ${options.message(rawValue(args), args)}`,
      },
    })(target, key);
  };
}

/** The one integer reader: digits only (no sign, no decimals, no exponent), else NaN. */
export function parseWholeNumber(raw: string): number {
  return /^\d+$/.test(raw) ? Number(raw) : NaN;
}

const inRange = (min: number, max: number) => (n: number) => Number.isInteger(n) && n >= min && n <= max;

export function WholeNumber(min: number, max: number): PropertyDecorator {
  return envValue({
    name: 'wholeNumber',
    allowed: `whole number, ${min} to ${max}`,
    parse: parseWholeNumber,
    valid: inRange(min, max),
    message: (raw) => `must be a whole number from ${min} to ${max}, got "${raw}"`,
  });
}

export function PortNumber(): PropertyDecorator {
  return envValue({
    name: 'portNumber',
    allowed: 'port number, 0 to 65535',
    parse: parseWholeNumber,
    valid: inRange(0, 65535),
    message: (raw) => `must be a port number (0-65535), got "${raw}"`,
  });
}

function databaseUrlProblem(url: string): string | null {
  try {
    parseDatabaseUrl(url);
    return null;
  } catch (e) {
    if (!(e instanceof DatabaseUrlError)) throw e;
    // DatabaseUrlError names the variable itself ("DATABASE_URL …"): keep the rest.
    return e.message.replace(/^DATABASE_URL /, '');
  }
}

export function DatabaseUrl(): PropertyDecorator {
  return envValue<string>({
    name: 'databaseUrl',
    allowed: '`postgres://…`, `postgresql://…` or `sqlite:PATH` (`sqlite::memory:` in memory)',
    valid: (url) => databaseUrlProblem(url) === null,
    message: (raw) => databaseUrlProblem(raw) ?? 'is not valid',
  });
}

export function RedisUrl(): PropertyDecorator {
  return envValue<string>({
    name: 'redisUrl',
    allowed: '`redis://…` or `rediss://…` (TLS)',
    valid: (url) => /^rediss?:\/\/[^/]+/.test(url),
    message: (raw) => `must be a redis:// or rediss:// URL, got "${redact(raw)}"`,
  });
}

export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export function TimeZone(): PropertyDecorator {
  return envValue<string>({
    name: 'timeZone',
    allowed: 'IANA time zone (`Europe/Paris`, `Asia/Shanghai`, `UTC`)',
    valid: isTimeZone,
    message: (raw) => `must be an IANA time zone, got "${raw}"`,
  });
}

function cronProblem(cron: string, tz: string): string | null {
  if (cron === 'off') return null;
  try {
    parseExpression(cron, { tz });
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}

/** A cron pattern checked in the time zone of the property `tzProperty`, or `off`. */
export function CronPattern(tzProperty: string): PropertyDecorator {
  const tzOf = (args: ValidationArguments) => String((args.object as Record<string, unknown>)[tzProperty]);
  return envValue<string>({
    name: 'cronPattern',
    allowed: 'cron pattern (minute hour day month weekday), or `off`',
    // A bad time zone is reported on its own variable, not twice.
    valid: (cron, args) => !isTimeZone(tzOf(args)) || cronProblem(cron, tzOf(args)) === null,
    message: (raw, args) =>
      `must be a cron pattern (or "off") valid in ${tzProperty}: ${cronProblem(raw, tzOf(args))}`,
  });
}

/** At least `min` characters; `showLength` adds how many there were (never the value: these are secrets). */
export function MinChars(min: number, showLength: boolean): PropertyDecorator {
  return envValue<string>({
    name: 'minChars',
    allowed: `at least ${min} characters`,
    valid: (s) => s.length >= min,
    message: (raw) => `must be at least ${min} characters${showLength ? `, got ${raw.length}` : ''}`,
  });
}

/** Set together with `other`, or neither. */
export function SetWith(other: string): PropertyDecorator {
  return (target, key) => {
    entry(target, key).allowed = `any; set together with \`${other}\``;
    ValidateBy({
      name: 'setWith',
      validator: {
        // Runs when unset too: the other one set alone is the mistake to report.
        validate: (value: unknown, args: ValidationArguments) =>
          (value === undefined) === ((args.object as Record<string, unknown>)[other] === undefined),
        defaultMessage: (args: ValidationArguments) =>
          `${args.property} and ${other} are set together or not at all`,
      },
    })(target, key);
  };
}

export function CurrencyCode(): PropertyDecorator {
  return envValue<string>({
    name: 'currencyCode',
    allowed: 'ISO 4217 code: three capital letters',
    valid: (code) => /^[A-Z]{3}$/.test(code),
    message: (raw) => `must be an ISO 4217 currency code (three capital letters), got "${raw}"`,
  });
}

/** An input code of the dictionary (the service's code rule), or `off`. */
export function InputCodeOrOff(): PropertyDecorator {
  return envValue<string>({
    name: 'inputCodeOrOff',
    allowed: 'an input code of the dictionary; `off` (or set to an empty value): none',
    valid: (code) => /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(code),
    message: (raw) =>
      `must be an input code (letters, digits, dots, dashes or underscores, at most 64) or off, got "${raw}"`,
  });
}

/** A switch: `1`, `true` or `yes` (any case) turn it on; anything else leaves it off. Never an error. */
export function Flag(): PropertyDecorator {
  return envValue<boolean>({
    name: 'flag',
    allowed: '`1`, `true` or `yes` turn it on',
    parse: (raw) => /^(1|true|yes)$/i.test(raw),
    valid: () => true,
    message: () => 'is not a flag',
  });
}

/** A directory path (created when missing by the process that writes there); no control characters. */
export function DirectoryPath(): PropertyDecorator {
  return envValue<string>({
    name: 'directoryPath',
    allowed: 'a directory path',
    // eslint-disable-next-line no-control-regex
    valid: (p) => p.length <= 500 && !/[\x00-\x1f]/.test(p),
    message: () => 'must be a directory path of at most 500 characters, without control characters',
  });
}

/** Why `raw` is not the address users open the pages at (an http or https URL, no query), or null. */
function publicUrlProblem(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'is not a URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'must start with http:// or https://';
  if (url.username || url.password || url.search || url.hash)
    return 'must be a plain address, without credentials, query or fragment';
  return null;
}

/** The address users open the pages at: `http://…` or `https://…`. */
export function PublicUrl(): PropertyDecorator {
  return envValue<string>({
    name: 'publicUrl',
    allowed: '`http://host[:port][/path]` or `https://…`',
    valid: (raw) => publicUrlProblem(raw) === null,
    message: (raw) => `${publicUrlProblem(raw) ?? 'is not valid'}, got "${raw}"`,
  });
}

/**
 * Express's `trust proxy`: `false` (nobody), `true` (any: only when nothing reaches the API but the proxy), a
 * number of proxy hops, or a comma-separated list of addresses, subnets and the names `loopback`, `linklocal`,
 * `uniquelocal`.
 */
export type TrustProxySetting = boolean | number | string;

const TRUST_NAMES = /^(loopback|linklocal|uniquelocal)$/;
const TRUST_ADDRESS = /^[0-9A-Fa-f:.]+(\/\d{1,3})?$/;

/** The setting, or null when `raw` is none of the accepted forms. */
export function parseTrustProxy(raw: string): TrustProxySetting | null {
  if (/^(false|no|0|off)$/i.test(raw)) return false;
  if (/^(true|yes|on)$/i.test(raw)) return true;
  if (/^\d+$/.test(raw)) return Number(raw) <= 10 ? Number(raw) : null;
  const parts = raw.split(',').map((p) => p.trim());
  return parts.every((p) => TRUST_NAMES.test(p) || TRUST_ADDRESS.test(p)) ? parts.join(',') : null;
}

export function TrustProxy(): PropertyDecorator {
  return envValue<TrustProxySetting | null>({
    name: 'trustProxy',
    allowed:
      '`false`, `true`, a number of hops (1-10), or addresses / subnets / `loopback`, `uniquelocal`, comma-separated',
    parse: parseTrustProxy,
    valid: (v) => v !== null,
    message: (raw) =>
      `must be false, true, a number of proxy hops up to 10, or a comma-separated list of addresses, ` +
      `subnets, loopback, linklocal or uniquelocal, got "${raw}"`,
  });
}

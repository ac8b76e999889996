// Password hashing with Argon2id (OWASP's first choice: m = 19 MiB, t = 2, p = 1, its recommended minimum),
// salted, in the PHC string form that names its parameters so they can be raised later without breaking logins.
// A sign-in costs ~15 ms of one core: at month end 2,000 staff sign in within a minute on two cores and the reads
// keep their pace (docs/BENCHMARKS.md, bench:portal). Hashes written before (scrypt, N = 2^15, r = 8: 4 to 15
// times the cost of a sign-in) still verify, and a successful sign-in rewrites them as Argon2id
// (`needsRehash`).
import { scrypt as scryptCb, ScryptOptions, timingSafeEqual } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { Algorithm, hash as argon2Hash, verify as argon2Verify } from '@node-rs/argon2';

const ARGON2 = { algorithm: Algorithm.Argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;
const ARGON2_PREFIX = `$argon2id$v=19$m=${ARGON2.memoryCost},t=${ARGON2.timeCost},p=${ARGON2.parallelism}$`;

// Hashes in flight at once: one core fewer than the machine has (at least one), so that a crowd signing in at
// month end queues for the hash while the other requests always find a core.
const HASH_SLOTS = Math.max(1, availableParallelism() - 1);
let hashing = 0;
const waiting: (() => void)[] = [];

async function inSlot<T>(work: () => Promise<T>): Promise<T> {
  if (hashing >= HASH_SLOTS) await new Promise<void>((resolve) => waiting.push(resolve));
  else hashing++;
  try {
    return await work();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else hashing--;
  }
}

export function hashPassword(password: string): Promise<string> {
  return inSlot(() => argon2Hash(password, ARGON2));
}

export function verifyPassword(password: string, stored: string): Promise<boolean> {
  return inSlot(async () => {
    if (!stored.startsWith('$argon2')) return verifyScrypt(password, stored);
    try {
      return await argon2Verify(stored, password);
    } catch {
      return false; // a malformed stored hash never matches
    }
  });
}

/** True when a stored hash is not in today's form (an older algorithm or weaker parameters). */
export function needsRehash(stored: string): boolean {
  return !stored.startsWith(ARGON2_PREFIX);
}

/** A hash of nothing, verified when the username is unknown, so that a refusal takes as long either way. */
export const DUMMY_HASH = `${ARGON2_PREFIX}${Buffer.alloc(16).toString('base64').replace(/=+$/, '')}$${Buffer.alloc(32).toString('base64').replace(/=+$/, '')}`;

// The earlier form: scrypt$N$r$p$salt$key (base64url), verified only.
const SCRYPT_KEY_LENGTH = 32;
const SCRYPT_MAX_N = 2 ** 20;

function scrypt(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCb(
      password,
      salt,
      SCRYPT_KEY_LENGTH,
      { ...options, maxmem: 128 * options.N! * options.r! * 2 },
      (err, key) => (err ? reject(err) : resolve(key)),
    ),
  );
}

async function verifyScrypt(password: string, stored: string): Promise<boolean> {
  const [kind, n, r, p, salt, hash] = stored.split('$');
  const N = Number(n);
  if (kind !== 'scrypt' || !salt || !hash || !(N > 1 && N <= SCRYPT_MAX_N)) return false;
  const expected = Buffer.from(hash, 'base64url');
  try {
    const key = await scrypt(password, Buffer.from(salt, 'base64url'), { N, r: Number(r), p: Number(p) });
    return key.length === expected.length && timingSafeEqual(key, expected);
  } catch {
    return false;
  }
}

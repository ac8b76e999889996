// Password hashes: Argon2id today, scrypt hashes of earlier releases still verify (and are marked for rehash).
import { randomBytes, scryptSync } from 'node:crypto';
import { DUMMY_HASH, hashPassword, needsRehash, verifyPassword } from './passwords';

/** A hash in the form earlier releases stored: scrypt$N$r$p$salt$key. */
function legacyScrypt(password: string): string {
  const salt = randomBytes(16);
  const key = scryptSync(password, salt, 32, { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 });
  return ['scrypt', 2 ** 15, 8, 1, salt.toString('base64url'), key.toString('base64url')].join('$');
}

describe('passwords', () => {
  it('hashes with Argon2id, salted, and verifies only the same password', async () => {
    const a = await hashPassword('a long enough password');
    const b = await hashPassword('a long enough password');
    expect(a).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('a long enough password', a)).toBe(true);
    expect(await verifyPassword('a long enough passwore', a)).toBe(false);
    expect(needsRehash(a)).toBe(false);
  });

  it('verifies the scrypt hashes of earlier releases and marks them for rehash', async () => {
    const old = legacyScrypt('an older password 1');
    expect(await verifyPassword('an older password 1', old)).toBe(true);
    expect(await verifyPassword('an older password 2', old)).toBe(false);
    expect(needsRehash(old)).toBe(true);
  });

  it('never matches the dummy hash or a malformed one, and does not throw', async () => {
    for (const stored of [
      DUMMY_HASH,
      '',
      'scrypt$0$8$1$x$y',
      'scrypt$4294967296$8$1$AA$AA',
      '$argon2id$garbage',
    ])
      expect(await verifyPassword('', stored)).toBe(false);
  });

  it('spends on an unknown user about what it spends on a known one', async () => {
    const real = await hashPassword('x'.repeat(12));
    const time = async (stored: string) => {
      const t = process.hrtime.bigint();
      for (let i = 0; i < 5; i++) await verifyPassword('y'.repeat(12), stored);
      return Number(process.hrtime.bigint() - t) / 5e6;
    };
    const [known, unknown] = [await time(real), await time(DUMMY_HASH)];
    expect(unknown).toBeGreaterThan(known / 3);
    expect(unknown).toBeLessThan(known * 3);
  });
});

describe('hashes in flight', () => {
  it('all finish when many are asked at once (the slots hand over, none is lost)', async () => {
    const hash = await hashPassword('p'.repeat(12));
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => verifyPassword(i % 2 ? 'p'.repeat(12) : 'q'.repeat(12), hash)),
    );
    expect(results).toEqual(Array.from({ length: 12 }, (_, i) => i % 2 === 1));
  });
});

// API keys on a real database: the key is shown once and stored only as a prefix and a hash, a revoked or
// unknown key is refused (401), a key reaches only its scopes (403), and creating and revoking are audited.
import type { DataSource } from 'typeorm';
import { ApiKey, AuditEntry } from '@app/persistence';
import { closeDatabase, testDatabases } from '../../../../test/support/database';
import { newApiKey } from '../../../../test/factories/access';
import { RefusedError } from '../model';
import { API_KEY_PREFIX_LENGTH, ApiKeysService, sha256Hex } from './api-keys.service';

describe.each(testDatabases('api_keys'))('%s', (_name, db) => {
  let ds: DataSource;
  let keys: ApiKeysService;
  beforeEach(async () => {
    ds = await db.open();
    keys = new ApiKeysService(ds);
  });
  afterEach(() => closeDatabase(ds));

  async function refusal(p: Promise<unknown>): Promise<{ status: number; message: string }> {
    const e = await p.then(
      () => null,
      (err: unknown) => err,
    );
    expect(e).toBeInstanceOf(RefusedError);
    return { status: (e as RefusedError).status, message: (e as RefusedError).message };
  }

  it('shows the key once: stored as its prefix and SHA-256 only, never listed, audited without it', async () => {
    const created = await keys.create(newApiKey(['payroll:read', 'payroll:read']), 'user:hr');

    expect(created.key).toMatch(/^sk_[A-Za-z0-9_-]{43}$/);
    expect(created.scopes).toEqual(['payroll:read']);
    const row = await ds.getRepository(ApiKey).findOneByOrFail({ id: created.id });
    expect(row.prefix).toBe(created.key.slice(0, API_KEY_PREFIX_LENGTH));
    expect(row.hash).toBe(sha256Hex(created.key));
    const listed = await keys.list();
    expect(listed).toEqual([expect.objectContaining({ id: created.id, prefix: row.prefix })]);
    expect(JSON.stringify(listed)).not.toContain(created.key);
    const entries = await ds.getRepository(AuditEntry).findBy({ action: 'api-key.create' });
    expect(entries).toEqual([expect.objectContaining({ actor: 'user:hr', entityKey: created.id })]);
    expect(JSON.stringify(entries)).not.toContain(created.key);
  });

  it('lets a key in on its own scopes only, and notes when it was used', async () => {
    const { key, id } = await keys.create(newApiKey(['scores:read']), 'user:hr');

    expect((await keys.authenticate(key, 'scores:read')).id).toBe(id);
    expect((await ds.getRepository(ApiKey).findOneByOrFail({ id })).lastUsedAt).not.toBeNull();
    expect(await refusal(keys.authenticate(key, 'payroll:read'))).toEqual({
      status: 403,
      message: 'the API key does not have the scope payroll:read this route needs',
    });
  });

  it('refuses a missing, unknown or revoked key (401)', async () => {
    const { key, id } = await keys.create(newApiKey(), 'user:hr');

    expect((await refusal(keys.authenticate(undefined, 'payroll:read'))).status).toBe(401);
    expect(await refusal(keys.authenticate(`${key.slice(0, -1)}x`, 'payroll:read'))).toEqual({
      status: 401,
      message: 'the API key is not valid',
    });
    await keys.revoke(id, 'user:hr');
    expect(await refusal(keys.authenticate(key, 'payroll:read'))).toEqual({
      status: 401,
      message: 'the API key has been revoked',
    });
  });

  it('revokes once: revoking again answers the same and writes nothing; an unknown key is 404', async () => {
    const { id } = await keys.create(newApiKey(), 'user:hr');

    const first = await keys.revoke(id, 'user:hr');
    const again = await keys.revoke(id, 'user:hr');

    expect(first.revokedAt).not.toBeNull();
    expect(again).toEqual(first);
    expect(await ds.getRepository(AuditEntry).findBy({ action: 'api-key.revoke' })).toEqual([
      expect.objectContaining({ entityKey: id, before: expect.objectContaining({ revokedAt: null }) }),
    ]);
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect(await refusal(keys.revoke(unknown, 'user:hr'))).toEqual({
      status: 404,
      message: `API key ${unknown} does not exist`,
    });
  });

  it('refuses unknown scopes, naming them, and stores nothing', async () => {
    expect(await refusal(keys.create(newApiKey(['payroll:read', 'payroll:write']), 'user:hr'))).toEqual({
      status: 400,
      message: 'scopes: unknown scope(s) "payroll:write"; known: scores:read, payroll:read',
    });
    expect(await ds.getRepository(ApiKey).count()).toBe(0);
  });
});

// API keys for systems (finance, payroll): shown once when created, stored as a prefix (to find candidates)
// and a SHA-256 hash (to check them, in constant time). A key reaches only its scopes.
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, IsNull } from 'typeorm';
import { API_KEY_SCOPES, ApiKey, ApiKeyScope } from '@app/persistence';
import { auditedWrite } from '../audit';
import { RefusedError } from '../model';

export const API_KEY_PREFIX_LENGTH = 12;
/** lastUsedAt is a hint for HR ("is this key still used?"), not a log: written at most once a minute. */
const LAST_USED_EVERY_MS = 60_000;

export interface ApiKeyView {
  id: string;
  name: string;
  scopes: ApiKeyScope[];
  prefix: string;
  createdBy: string;
  createdAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

export const sha256Hex = (s: string | Buffer): string => createHash('sha256').update(s).digest('hex');

export function apiKeyView(k: ApiKey): ApiKeyView {
  const { id, name, scopes, prefix, createdBy, createdAt, revokedAt, lastUsedAt } = k;
  return { id, name, scopes, prefix, createdBy, createdAt, revokedAt, lastUsedAt };
}

@Injectable()
export class ApiKeysService {
  constructor(private readonly ds: DataSource) {}

  /** A new key with these scopes: the key itself is in this answer only (it is stored hashed). */
  async create(
    input: { name: string; scopes: string[] },
    actor: string,
  ): Promise<ApiKeyView & { key: string }> {
    const bad = input.scopes.filter((s) => !(API_KEY_SCOPES as readonly string[]).includes(s));
    if (bad.length)
      throw new RefusedError(
        400,
        `scopes: unknown scope(s) ${bad.map((s) => `"${s}"`).join(', ')}; known: ${API_KEY_SCOPES.join(', ')}`,
      );
    const key = `sk_${randomBytes(32).toString('base64url')}`;
    const row: ApiKey = {
      id: randomUUID(),
      name: input.name,
      prefix: key.slice(0, API_KEY_PREFIX_LENGTH),
      hash: sha256Hex(key),
      scopes: [...new Set(input.scopes)] as ApiKeyScope[],
      createdBy: actor,
      createdAt: new Date().toISOString(),
      revokedAt: null,
      lastUsedAt: null,
    };
    return this.ds.transaction((em) =>
      auditedWrite(em, actor, { action: 'api-key.create', entity: 'api-key' }, async (tx) => {
        await tx.getRepository(ApiKey).insert(row);
        return { result: { ...apiKeyView(row), key }, entityKey: row.id, after: apiKeyView(row) };
      }),
    );
  }

  async list(): Promise<ApiKeyView[]> {
    const rows = await this.ds.getRepository(ApiKey).find({ order: { createdAt: 'ASC', id: 'ASC' } });
    return rows.map(apiKeyView);
  }

  /** Revokes a key (404 when unknown); revoking a revoked key changes nothing, writes no entry, answers the same. */
  revoke(id: string, actor: string): Promise<ApiKeyView> {
    return this.ds.transaction(async (em) => {
      const row = await em.getRepository(ApiKey).findOneBy({ id });
      if (!row) throw new RefusedError(404, `API key ${id} does not exist`);
      if (row.revokedAt) return apiKeyView(row);
      return auditedWrite(em, actor, { action: 'api-key.revoke', entity: 'api-key' }, async (tx) => {
        const before = apiKeyView(row);
        row.revokedAt = new Date().toISOString();
        await tx.getRepository(ApiKey).update({ id }, { revokedAt: row.revokedAt });
        return { result: apiKeyView(row), entityKey: id, before, after: apiKeyView(row) };
      });
    });
  }

  /**
   * The key behind an `X-API-Key` value, if it may use `scope`: 401 for a missing, unknown or revoked key, 403
   * for a key without the scope. Candidates are found by prefix; the hash is compared in constant time.
   */
  async authenticate(presented: string | undefined, scope: ApiKeyScope): Promise<ApiKey> {
    if (!presented) throw new RefusedError(401, 'an API key is required: send it in the X-API-Key header');
    const hash = Buffer.from(sha256Hex(presented), 'hex');
    const candidates = await keysByPrefix(this.ds, presented.slice(0, API_KEY_PREFIX_LENGTH));
    const key = candidates.find((c) => timingSafeEqual(Buffer.from(c.hash, 'hex'), hash));
    if (!key) throw new RefusedError(401, 'the API key is not valid');
    if (key.revokedAt) throw new RefusedError(401, 'the API key has been revoked');
    if (!key.scopes.includes(scope))
      throw new RefusedError(403, `the API key does not have the scope ${scope} this route needs`);
    const now = new Date();
    if (!key.lastUsedAt || now.getTime() - Date.parse(key.lastUsedAt) >= LAST_USED_EVERY_MS) {
      key.lastUsedAt = now.toISOString();
      await this.ds
        .getRepository(ApiKey)
        .update({ id: key.id, revokedAt: IsNull() }, { lastUsedAt: key.lastUsedAt });
    }
    return key;
  }
}

/**
 * The keys with this prefix. Every keyed request reads them, so with one plain query rather than through the
 * query builder (which cost more than the query itself on a polled route).
 */
async function keysByPrefix(ds: DataSource, prefix: string): Promise<ApiKey[]> {
  const rows = await ds.query<(Omit<ApiKey, 'scopes'> & { scopes: string })[]>(
    'SELECT id, name, prefix, hash, scopes, created_by AS "createdBy", created_at AS "createdAt", ' +
      'revoked_at AS "revokedAt", last_used_at AS "lastUsedAt" FROM api_keys WHERE prefix = ' +
      (ds.options.type === 'postgres' ? '$1' : '?'),
    [prefix],
  );
  return rows.map((r) => ({ ...r, scopes: JSON.parse(r.scopes) as ApiKeyScope[] }));
}

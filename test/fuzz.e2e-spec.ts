// Fuzzing every write route from the OpenAPI description (fast-check, a fixed seed and a budget): bodies built
// from each route's schema, then mutated (wrong types, huge or hostile strings, deep nesting, unknown keys), sent
// as each role. Whatever comes in, the API never answers 5xx, never takes more than 2 s, and stores nothing when it
// answers 4xx (SQLite's total_changes() on the app's one connection does not move). Runs started by a 2xx are
// waited for before the next request, so their writes are never counted against a refusal.
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import fc from 'fast-check';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { RunsService } from '@app/domain/runs';
import { libraryMonth } from './factories/month';
import { startTestApp, TEST_ADMIN } from './support/app';
import { waitForRun } from './support/runs';

const PERIOD = '2026-10';
const SEED = Number(process.env.FUZZ_SEED ?? 20261128);
const RUNS_PER_ROUTE = Number(process.env.FUZZ_RUNS ?? 20);
const ROLES = ['hr_admin', 'auditor', 'dept_manager', 'staff'] as const;
type Role = (typeof ROLES)[number];

interface Schema {
  type?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  enum?: unknown[];
  $ref?: string;
  allOf?: Schema[];
  oneOf?: Schema[];
  required?: string[];
}

const hostile = fc.constantFrom(
  '',
  ' ',
  '=HYPERLINK("http://x","y")',
  "'; DROP TABLE staff; --",
  '../../etc/passwd',
  '\u0000',
  'x'.repeat(10_000),
  '2147483648',
  '-1',
  '9999-12',
  '0001-01',
  '2026-13',
  '0x10',
  '1e309',
  'NaN',
  '<script>alert(1)</script>',
  '名字',
);

describe('fuzzing the write routes from the OpenAPI description', () => {
  let app: NestExpressApplication;
  const server = () => app.getHttpServer();
  const tokens = new Map<Role, string>();
  let staffCode = 'NOPE';
  let changes: () => Promise<number>;

  beforeAll(async () => {
    app = await startTestApp({}, { signedIn: false });
    const ds = app.get(DataSource);
    changes = async () => Number((await ds.query('SELECT total_changes() AS n'))[0].n);
    const login = async (username: string, password: string) =>
      (await request(server()).post('/api/v1/auth/login').send({ username, password }).expect(200)).body
        .accessToken as string;
    const admin = await login(TEST_ADMIN.username, TEST_ADMIN.password);
    tokens.set('hr_admin', admin);
    const doc = libraryMonth();
    await request(server()).post('/api/v1/documents').auth(admin, { type: 'bearer' }).send(doc).expect(200);
    const run = await request(server())
      .post(`/api/v1/periods/${PERIOD}/runs`)
      .auth(admin, { type: 'bearer' })
      .expect(202);
    await waitForRun(server(), run.body.runId as string, 60000, { Authorization: `Bearer ${admin}` });
    staffCode = doc.staff[0].id;
    const department = doc.staff[0].department;
    for (const [username, role, extra] of [
      ['fuzz.auditor', 'auditor', {}],
      ['fuzz.manager', 'dept_manager', { departments: [department] }],
      ['fuzz.staff', 'staff', { staffId: staffCode }],
    ] as const) {
      await request(server())
        .post('/api/v1/users')
        .auth(admin, { type: 'bearer' })
        .send({ username, password: 'tea-garden-lantern', role, ...extra })
        .expect(201);
      tokens.set(role, await login(username, 'tea-garden-lantern'));
    }
  }, 120000);
  afterAll(() => app.close());

  /**
   * Waits until no run is queued or running and the in-process driver has no job left (a run's chunks, its
   * finish, its follow-up), so that their writes are not counted against the next request. A run accepted with
   * 202 reaches the driver a moment later, hence both checks. The driver is private to RunsService: reached here
   * only to wait for it.
   */
  async function settle(): Promise<void> {
    const ds = app.get(DataSource);
    const runs: unknown = app.get(RunsService);
    const driver = (runs as { dispatcher: { drain(): Promise<void> } }).dispatcher;
    for (let i = 0; i < 600; i++) {
      await driver.drain();
      const [{ n }] = await ds.query(
        `SELECT COUNT(*) AS n FROM scoring_runs WHERE status IN ('queued', 'running')`,
      );
      if (Number(n) === 0) return driver.drain();
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  it('answers every write route without 5xx, within 2 s, and stores nothing on a 4xx', async () => {
    const openApi = SwaggerModule.createDocument(app, new DocumentBuilder().build());
    const schemas = (openApi.components?.schemas ?? {}) as Record<string, Schema>;
    const resolve = (s: Schema | undefined): Schema =>
      s?.$ref
        ? resolve(schemas[s.$ref.split('/').pop()!])
        : s?.allOf?.length
          ? resolve(s.allOf[0])
          : (s ?? {});
    const valueOf = (s0: Schema | undefined, depth = 0): fc.Arbitrary<unknown> => {
      const s = resolve(s0);
      if (s.enum?.length) return fc.oneof(fc.constantFrom(...s.enum), hostile);
      switch (s.type) {
        case 'string':
          return fc.oneof(
            fc.string({ maxLength: 20 }),
            hostile,
            fc.constantFrom(PERIOD, staffCode, 'ENG-CC'),
          );
        case 'number':
        case 'integer':
          return fc.oneof(fc.integer(), fc.double(), fc.constantFrom(0, -1, 2 ** 31, 1e308), hostile);
        case 'boolean':
          return fc.oneof(fc.boolean(), hostile);
        case 'array':
          return depth > 3 ? fc.constant([]) : fc.array(valueOf(s.items, depth + 1), { maxLength: 4 });
        default:
          if (s.properties && depth <= 3) {
            const entries = Object.entries(s.properties).map(([k, v]) => [k, valueOf(v, depth + 1)] as const);
            return fc.record(Object.fromEntries(entries), { requiredKeys: [] });
          }
          return fc.jsonValue({ maxDepth: 3 });
      }
    };
    const bodyOf = (op: { requestBody?: { content?: Record<string, { schema?: Schema }> } }) => {
      const schema = op.requestBody?.content?.['application/json']?.schema;
      return fc.oneof(
        { weight: 3, arbitrary: valueOf(schema) },
        { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
        {
          weight: 1,
          arbitrary: valueOf(schema).map((b) =>
            b && typeof b === 'object' && !Array.isArray(b)
              ? { ...b, unexpected: true, status: 'completed' }
              : b,
          ),
        },
        { weight: 1, arbitrary: fc.constant(JSON.parse('['.repeat(40) + ']'.repeat(40)) as unknown) },
      );
    };
    const sample: Record<string, fc.Arbitrary<string>> = {
      period: fc.oneof(fc.constant(PERIOD), hostile, fc.constant('2026-11')),
      code: fc.oneof(fc.constant(staffCode), fc.constant('ENG-CC'), hostile),
      id: fc.oneof(fc.constantFrom('1', '999', '2147483648', 'abc'), hostile),
      runId: fc.constantFrom('00000000-0000-4000-8000-000000000000', 'x'),
      version: fc.constantFrom('1', '2', '0', '2147483648'),
      // Not the fuzzing users themselves: disabling one would only turn the rest of its requests into 401s.
      username: fc.oneof(fc.constant('nobody'), hostile),
    };
    const routes = Object.entries(openApi.paths).flatMap(([path, ops]) =>
      Object.entries(ops as Record<string, object>)
        .filter(([m]) => ['post', 'put', 'patch', 'delete'].includes(m))
        // Sign-in is fuzzed with the rest; the password and reset routes would lock the fuzzing users out.
        .filter(([, op]) => !/password/.test(path) || op === undefined)
        .map(([method, op]) => ({ method, path, op: op })),
    );
    expect(routes.length).toBeGreaterThan(30);
    const problems: string[] = [];
    let previous = '';
    for (const { method, path, op } of routes) {
      const params = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      const arb = fc.record({
        role: fc.constantFrom(...ROLES),
        params: fc.tuple(...params.map((p) => sample[p] ?? fc.constant('x'))),
        body: bodyOf(op),
      });
      await fc.assert(
        fc.asyncProperty(arb, async ({ role, params: values, body }) => {
          let i = 0;
          const url = path.replace(/\{(\w+)\}/g, () => encodeURIComponent(values[i++]));
          await settle();
          const before = await changes();
          const started = Date.now();
          const res = await request(server())
            [method as 'post'](url)
            .auth(tokens.get(role)!, { type: 'bearer' })
            .set('Content-Type', 'application/json')
            .send(JSON.stringify(body ?? null));
          const ms = Date.now() - started;
          const where = `${role} ${method.toUpperCase()} ${url.slice(0, 80)}`;
          if (res.status >= 500)
            problems.push(`${where}: ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
          if (ms > 2000) problems.push(`${where}: ${ms} ms`);
          if (res.status >= 400 && res.status < 500 && (await changes()) !== before)
            problems.push(`${where}: ${res.status} but something was stored (after ${previous})`);
          previous = `${where}: ${res.status}`;
        }),
        { seed: SEED, numRuns: RUNS_PER_ROUTE, endOnFailure: true },
      );
    }
    expect(problems).toEqual([]);
  }, 600000);
});

// Issue 5, first slice: sign-in, roles and access. Every route of the API × every role (and no token, a token
// signed with another key, an expired token) against the access the route declares; a route that declares
// nothing is refused; object-level probes (staff see only their own results, managers only their
// departments); whitelisted bodies; login throttling.
import { ExecutionContext, ForbiddenException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import request from 'supertest';
import type { Role } from '@app/persistence';
import { ApiKeysService, UsersService } from '@app/domain/access';
import { AccessGuard } from '../apps/api/src/access/access.guard';
import { LOGIN_LIMITS } from '../apps/api/src/access/access.module';
import { libraryMonth } from './factories/month';
import { MEMORY_CONFIG, startTestApp, TEST_ADMIN } from './support/app';
import { waitForRun } from './support/runs';

const PERIOD = '2026-10';
const ROLES: Role[] = ['hr_admin', 'auditor', 'dept_manager', 'staff'];
type Caller = Role | 'none' | 'wrong' | 'expired';

/** Who each route is for, written down here independently of the code: the specification under test. */
function declared(method: string, path: string): Role[] | 'public' | 'apiKey' {
  if (
    ['POST /api/v1/auth/login', 'POST /api/v1/auth/logout'].includes(`${method} ${path}`) ||
    path === '/health' ||
    // A survey respondent's link: the token in the path is the only key (no account).
    path === '/api/v1/survey-answers/{token}'
  )
    return 'public';
  if (path === '/api/v1/auth/me' || path === '/api/v1/auth/password' || path.startsWith('/api/v1/me/'))
    return ROLES;
  // Payroll lines: people read them too (HR, auditors, and the finance role, not listed here).
  if (`${method} ${path}` === 'GET /api/v1/periods/{period}/payroll') return ['hr_admin', 'auditor'];
  if (/^\/api\/v1\/periods\/\{period\}\/(scores|payroll|exports)$/.test(path)) return 'apiKey';
  // An appraisal period's payroll and finance feed: the month's rules (docs/APPRAISAL-PERIODS.md).
  if (`${method} ${path}` === 'GET /api/v1/appraisals/{period}/payroll') return ['hr_admin', 'auditor'];
  if (/^\/api\/v1\/appraisals\/\{period\}\/(scores|exports)$/.test(path)) return 'apiKey';
  // The work-order feed: systems sign each request with their feed's secret (HMAC); no token opens it, like a key.
  if (`${method} ${path}` === 'POST /api/v1/feeds/work-orders') return 'apiKey';
  // The AHP weight helper stores nothing: auditors may use it too.
  if (path === '/api/v1/ahp') return ['hr_admin', 'auditor'];
  // Completeness: a manager reads their departments' staff only (the service scopes it).
  if (/^\/api\/v1\/periods\/\{period\}\/(results|departments|completeness|distribution|movers)$/.test(path))
    return ['hr_admin', 'auditor', 'dept_manager'];
  // The appraisal loop: managers read and write for their departments' staff (object-level: 404 for others).
  if (/^\/api\/v1\/periods\/\{period\}\/staff\/\{code\}\/(feedback|plans|history)$/.test(path))
    return method === 'GET' ? ['hr_admin', 'auditor', 'dept_manager'] : ['hr_admin', 'dept_manager'];
  if (/^\/api\/v1\/(plans|plan-actions)\//.test(path)) return ['hr_admin', 'dept_manager'];
  // Evidence: HR and managers attach (managers for their departments' staff); whoever may read the person's
  // result reads it, the person too (object-level: 404 for anyone else).
  if (path === '/api/v1/periods/{period}/evidence') return ['hr_admin', 'dept_manager'];
  if (path === '/api/v1/evidence/{id}' || path === '/api/v1/periods/{period}/staff/{code}/evidence')
    return ROLES;
  if (['GET /api/v1/appeals', 'GET /api/v1/appeals/{id}'].includes(`${method} ${path}`))
    return ['hr_admin', 'auditor', 'dept_manager'];
  // A month's people (names, the loop's state): managers read their departments' staff.
  if (path === '/api/v1/periods/{period}/team') return ['hr_admin', 'auditor', 'dept_manager'];
  // A survey respondent's QR code holds their link, a key to answer as them: HR's alone.
  if (path === '/api/v1/surveys/{id}/respondents/{rid}/qr.svg') return ['hr_admin'];
  // Opinion rounds: HR opens and closes, HR and auditors read the anonymous summary; a person's own answer is under
  // /me/opinions (every role, above: only staff with a result in the round's month are asked).
  if (path.startsWith('/api/v1/opinions/')) return method === 'GET' ? ['hr_admin', 'auditor'] : ['hr_admin'];
  // The orders behind a work-order value: whoever may read the person's result (object-level: 404 for others).
  if (path === '/api/v1/periods/{period}/work-orders/values/{code}') return ROLES;
  // Which inputs of a month came from work orders (codes only): every page that explains a result asks.
  if (path === '/api/v1/periods/{period}/work-orders/inputs') return ROLES;
  // A month's grade calibration: managers read their departments' (the service scopes it); overrides are HR's.
  if (path === '/api/v1/periods/{period}/calibration') return ['hr_admin', 'auditor', 'dept_manager'];
  // An appraisal period's stored results: managers read their departments' people (the service scopes them).
  if (path === '/api/v1/appraisals/{period}/results') return ['hr_admin', 'auditor', 'dept_manager'];
  // Appraisal periods above the month: HR puts a period's plan; HR and auditors read the plan and the document, and
  // preview it (a preview stores nothing). Managers and staff: none of it. HR starts runs, approves and closes.
  if (path.startsWith('/api/v1/appraisals/'))
    return method === 'GET' || path.endsWith('/preview') ? ['hr_admin', 'auditor'] : ['hr_admin'];
  // Training done against plans: managers read their departments' people (the service scopes it).
  if (path === '/api/v1/training') return ['hr_admin', 'auditor', 'dept_manager'];
  return method === 'GET' ? ['hr_admin', 'auditor'] : ['hr_admin'];
}

const SAMPLE: Record<string, string> = {
  period: PERIOD,
  code: 'NOPE',
  id: '999',
  runId: '00000000-0000-4000-8000-000000000000',
  version: '1',
  username: 'nobody',
};

describe('access: sign-in, roles, deny by default', () => {
  let app: NestExpressApplication;
  const server = () => app.getHttpServer();
  const tokens = new Map<Caller, string | null>();
  let staffCode: string;

  beforeAll(async () => {
    app = await startTestApp({}, { signedIn: false });
    const login = async (username: string, password: string) =>
      (await request(server()).post('/api/v1/auth/login').send({ username, password }).expect(200)).body
        .accessToken as string;
    const admin = await login(TEST_ADMIN.username, TEST_ADMIN.password);
    const asAdmin = (r: request.Test) => r.set('Authorization', `Bearer ${admin}`);
    const doc = libraryMonth();
    await asAdmin(request(server()).post('/api/v1/documents')).send(doc).expect(200);
    const run = await asAdmin(request(server()).post(`/api/v1/periods/${PERIOD}/runs`)).expect(202);
    const done = await waitForRun(server(), run.body.runId as string, 60000, {
      Authorization: `Bearer ${admin}`,
    });
    expect(done.status).toBe('completed');
    staffCode = doc.staff.find((s) => s.department === 'ENG-CC')!.id;
    const users = [
      { username: 'audit.one', role: 'auditor' },
      { username: 'manager.eng', role: 'dept_manager', departments: ['ENG-CC'] },
      { username: 'staff.one', role: 'staff', staffId: staffCode },
    ];
    for (const u of users)
      await asAdmin(request(server()).post('/api/v1/users'))
        .send({ ...u, password: `${u.username}-password` })
        .expect(201);
    tokens.set('hr_admin', admin);
    for (const u of users) tokens.set(u.role as Role, await login(u.username, `${u.username}-password`));
    tokens.set('none', null);
    tokens.set('wrong', new JwtService({ secret: 'another-secret-another-secret-0000' }).sign({ sub: 'x' }));
    const adminId = (await request(server()).get('/api/v1/auth/me').set('Authorization', `Bearer ${admin}`))
      .body.id as string;
    tokens.set(
      'expired',
      new JwtService({ secret: MEMORY_CONFIG.auth.jwtSecret }).sign({
        sub: adminId,
        role: 'hr_admin',
        username: TEST_ADMIN.username,
        exp: Math.floor(Date.now() / 1000) - 60,
      }),
    );
  });
  afterAll(() => app.close());

  const call = (method: string, path: string, caller: Caller) => {
    const url = path.replace(/\{(\w+)\}/g, (_, k: string) => SAMPLE[k] ?? 'x');
    const r = request(server())[method.toLowerCase() as 'get'](url);
    const token = tokens.get(caller);
    return token ? r.set('Authorization', `Bearer ${token}`) : r;
  };

  it('every route × every caller answers as the route declares (401 without valid credentials, 403 for a role not allowed)', async () => {
    const openApi = SwaggerModule.createDocument(app, new DocumentBuilder().build());
    const routes = Object.entries(openApi.paths).flatMap(([path, ops]) =>
      Object.keys(ops as object).map((m) => ({ method: m.toUpperCase(), path })),
    );
    expect(routes.length).toBeGreaterThan(60);
    const wrong: string[] = [];
    for (const { method, path } of routes) {
      const rule = declared(method, path);
      for (const caller of [...ROLES, 'none', 'wrong', 'expired'] as Caller[]) {
        const { status } = await call(method, path, caller);
        const expected =
          rule === 'public'
            ? 'open'
            : rule === 'apiKey' || !ROLES.includes(caller as Role)
              ? 401
              : rule.includes(caller as Role)
                ? 'open'
                : 403;
        const ok = expected === 'open' ? status !== 401 && status !== 403 : status === expected;
        if (!ok) wrong.push(`${caller} ${method} ${path}: ${status}, expected ${expected}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('refuses a route that declares no access rule', async () => {
    const guard = new AccessGuard(
      new Reflector(),
      app.get(UsersService),
      app.get(ApiKeysService),
      app.get(JwtService),
    );
    const context = {
      getHandler: () => function undeclared() {},
      getClass: () => class Undeclared {},
      switchToHttp: () => ({ getRequest: () => ({ headers: {} }) }),
    } as unknown as ExecutionContext;
    await expect(guard.canActivate(context)).rejects.toThrow(ForbiddenException);
  });

  it('staff reach only their own results; managers only their departments', async () => {
    const asStaff = (path: string) => call('GET', path, 'staff');
    const mine = await asStaff('/api/v1/me/results').expect(200);
    expect(mine.body.map((m: { result: { id: string } }) => m.result.id)).toEqual([staffCode]);
    expect((await asStaff(`/api/v1/me/results/${PERIOD}`).expect(200)).body.result.id).toBe(staffCode);
    await asStaff(`/api/v1/periods/${PERIOD}/results?department=ENG-CC`).expect(403);
    await asStaff('/api/v1/staff/' + staffCode).expect(403);
    // No route takes another person's id for staff: a guessed filter on /me changes nothing.
    const guessed = await asStaff(`/api/v1/me/results?staff=E102&staffId=E102`).expect(200);
    expect(guessed.body).toEqual(mine.body);

    const asManager = (path: string) => call('GET', path, 'dept_manager');
    const own = await asManager(`/api/v1/periods/${PERIOD}/results?limit=1000`).expect(200);
    expect(new Set(own.body.items.map((r: { department: string }) => r.department))).toEqual(
      new Set(['ENG-CC']),
    );
    const other = await asManager(`/api/v1/periods/${PERIOD}/results?department=CLEAN-CC`).expect(200);
    expect(other.body.items).toEqual([]);
    await asManager('/api/v1/staff').expect(403);
  });

  it('refuses extra fields in bodies, and a disabled user’s token at once', async () => {
    const asAdmin = (method: 'post' | 'delete', path: string) =>
      request(server())
        [method](path)
        .set('Authorization', `Bearer ${tokens.get('hr_admin')}`);
    const extra = await asAdmin('post', '/api/v1/users')
      .send({ username: 'x.y', password: 'long-enough-1', role: 'auditor', score: 100 })
      .expect(400);
    expect(extra.body.message).toContain('property score should not exist');
    const status = await asAdmin('post', '/api/v1/periods')
      .send({ period: '2027-01', status: 'closed' })
      .expect(400);
    expect(status.body.message).toContain('property status should not exist');
    await asAdmin('delete', '/api/v1/users/audit.one').expect(204);
    await call('GET', '/api/v1/auth/me', 'auditor').expect(401);
  });

  it('throttles logins per user (429), and answers a wrong password and an unknown user alike', async () => {
    const attempt = (username: string) =>
      request(server()).post('/api/v1/auth/login').send({ username, password: 'wrong-password' });
    const unknown = await attempt('no.such.user').expect(401);
    const known = await attempt('staff.one').expect(401);
    expect(unknown.body.message).toBe(known.body.message);
    // staff.one signed in once already: five attempts in all are allowed, the sixth is throttled.
    for (let i = 2; i < LOGIN_LIMITS.perUser; i++) await attempt('staff.one').expect(401);
    await attempt('staff.one').expect(429);
  });
});

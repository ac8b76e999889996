// The queue dashboard (/admin/queues) checks tokens as the API does: a disabled hr_admin, a token of a user that
// does not exist, another role, or a token without an expiry are refused, reads and writes alike; the sign-in
// sets its cookie itself (HttpOnly, SameSite=Strict), and the page has a content security policy.
// Needs Redis (the dashboard exists only with a queue): TEST_REDIS_URL.
import { JwtService } from '@nestjs/jwt';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { MEMORY_CONFIG, startTestApp, TEST_ADMIN } from './support/app';
import { noteSkipped } from './support/externals';

const REDIS = process.env.TEST_REDIS_URL;
if (!REDIS) noteSkipped('the queue dashboard', 'TEST_REDIS_URL is not set', 'see docs/TESTING.md');

(REDIS ? describe : describe.skip)('the queue dashboard', () => {
  let app: NestExpressApplication;
  const http = () => request(app.getHttpServer());
  const board = '/admin/queues/api/queues';

  beforeAll(async () => {
    app = await startTestApp(
      { redisUrl: REDIS!, runs: { ...MEMORY_CONFIG.runs, redisUrl: REDIS!, processJobs: false } },
      { signedIn: false },
    );
  });
  afterAll(() => app.close());

  const signIn = (username: string, password: string) =>
    http().post('/api/v1/auth/login').send({ username, password }).expect(200);

  it('lets an enabled hr_admin in, by header or by the HttpOnly cookie the sign-in sets', async () => {
    const login = await signIn(TEST_ADMIN.username, TEST_ADMIN.password);
    const cookie = (login.headers['set-cookie'] as unknown as string[]).find((c) =>
      c.startsWith('scorecard_token='),
    )!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\/admin\/queues/);
    await http().get(board).auth(login.body.accessToken, { type: 'bearer' }).expect(200);
    await http().get(board).set('Cookie', cookie.split(';')[0]).expect(200);
    const page = await http().get('/admin/queues').set('Cookie', cookie.split(';')[0]).expect(200);
    expect(page.headers['content-security-policy']).toMatch(/default-src 'self'/);
    expect(page.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
    // Writes never take the cookie.
    await http().put(`${board}/scoring/pause`).set('Cookie', cookie.split(';')[0]).expect(401);
  });

  it('refuses a disabled hr_admin, a user who does not exist, another role and a token without expiry', async () => {
    const admin = (await signIn(TEST_ADMIN.username, TEST_ADMIN.password)).body.accessToken as string;
    for (const [username, role] of [
      ['hr.second', 'hr_admin'],
      ['au.ditor', 'auditor'],
    ])
      await http()
        .post('/api/v1/users')
        .auth(admin, { type: 'bearer' })
        .send({ username, password: 'tea-garden-lantern', role })
        .expect(201);
    const second = (await signIn('hr.second', 'tea-garden-lantern')).body.accessToken as string;
    const auditor = (await signIn('au.ditor', 'tea-garden-lantern')).body.accessToken as string;
    await http().get(board).auth(second, { type: 'bearer' }).expect(200);
    await http().delete('/api/v1/users/hr.second').auth(admin, { type: 'bearer' }).expect(204);
    await http().get(board).auth(second, { type: 'bearer' }).expect(401);
    await http().put(`${board}/scoring/pause`).auth(second, { type: 'bearer' }).expect(401);

    await http().get(board).auth(auditor, { type: 'bearer' }).expect(403);
    const signer = new JwtService({ secret: MEMORY_CONFIG.auth.jwtSecret });
    const ghost = await signer.signAsync(
      { sub: '00000000-0000-4000-8000-000000000000', role: 'hr_admin', username: 'ghost' },
      { expiresIn: 600 },
    );
    await http().get(board).auth(ghost, { type: 'bearer' }).expect(401);
    const me = (await http().get('/api/v1/auth/me').auth(admin, { type: 'bearer' })).body as { id: string };
    const forever = await signer.signAsync({ sub: me.id, role: 'hr_admin', username: TEST_ADMIN.username });
    await http().get(board).auth(forever, { type: 'bearer' }).expect(401);
  });
});

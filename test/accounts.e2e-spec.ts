// Accounts over HTTP: a token must expire, a one-time password from HR opens nothing but the password change, the
// last hr_admin stays, and the login limit counts a username per address (nobody locks a user out from elsewhere).
import { JwtService } from '@nestjs/jwt';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { loginTracker } from '../apps/api/src/access/access.module';
import { MEMORY_CONFIG, startTestApp, TEST_ADMIN } from './support/app';

describe('accounts', () => {
  let app: NestExpressApplication;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    app = await startTestApp({}, { signedIn: false });
  });
  afterAll(() => app.close());

  const signIn = async (username: string, password: string) =>
    (await http().post('/api/v1/auth/login').send({ username, password }).expect(200)).body as {
      accessToken: string;
      mustChangePassword: boolean;
    };

  it('refuses a validly signed token without an expiry', async () => {
    const admin = await signIn(TEST_ADMIN.username, TEST_ADMIN.password);
    const me = (await http().get('/api/v1/auth/me').auth(admin.accessToken, { type: 'bearer' }).expect(200))
      .body;
    // Signed with the API's own key, but without an expiry (this API never issues such a token).
    const token = await new JwtService({ secret: MEMORY_CONFIG.auth.jwtSecret }).signAsync(
      { sub: me.id, role: 'hr_admin', username: me.username },
      { algorithm: 'HS256' },
    );
    expect(app.get(JwtService).decode<{ exp?: number }>(token).exp).toBeUndefined();
    const res = await http().get('/api/v1/users').auth(token, { type: 'bearer' }).expect(401);
    expect(res.body.message).toBe('invalid access token: it has no expiry');
  });

  it('a reset password opens only the password change; the new one opens everything again', async () => {
    const admin = (await signIn(TEST_ADMIN.username, TEST_ADMIN.password)).accessToken;
    await http()
      .post('/api/v1/users')
      .auth(admin, { type: 'bearer' })
      .send({ username: 'au.ditor', password: 'tea-garden-lantern', role: 'auditor' })
      .expect(201);
    const reset = (
      await http().post('/api/v1/users/au.ditor/password-reset').auth(admin, { type: 'bearer' }).expect(201)
    ).body as { oneTimePassword: string };
    const once = await signIn('AU.DITOR', reset.oneTimePassword);
    expect(once.mustChangePassword).toBe(true);
    const refused = await http().get('/api/v1/users').auth(once.accessToken, { type: 'bearer' }).expect(403);
    expect(refused.body.message).toMatch(/^change the one-time password first/);
    await http().get('/api/v1/auth/me').auth(once.accessToken, { type: 'bearer' }).expect(200);
    await http()
      .post('/api/v1/auth/password')
      .auth(once.accessToken, { type: 'bearer' })
      .send({ currentPassword: reset.oneTimePassword, newPassword: 'river-stone-kettle' })
      .expect(204);
    await http().get('/api/v1/users').auth(once.accessToken, { type: 'bearer' }).expect(200);
    expect((await signIn('au.ditor', 'river-stone-kettle')).mustChangePassword).toBe(false);
  });

  it('the last enabled hr_admin cannot disable itself', async () => {
    const admin = (await signIn(TEST_ADMIN.username, TEST_ADMIN.password)).accessToken;
    const res = await http()
      .delete(`/api/v1/users/${TEST_ADMIN.username}`)
      .auth(admin, { type: 'bearer' })
      .expect(409);
    expect(res.body.message).toMatch(/last enabled hr_admin/);
    await signIn(TEST_ADMIN.username, TEST_ADMIN.password);
  });

  it('marks sign-in and personal answers no-store', async () => {
    const login = await http()
      .post('/api/v1/auth/login')
      .send({ username: TEST_ADMIN.username, password: TEST_ADMIN.password })
      .expect(200);
    expect(login.headers['cache-control']).toBe('no-store');
    const me = await http()
      .get('/api/v1/auth/me')
      .auth(login.body.accessToken, { type: 'bearer' })
      .expect(200);
    expect(me.headers['cache-control']).toBe('no-store');
  });

  it('counts login attempts per username and address', () => {
    const from = (ip: string, username: string) => loginTracker({ ip, body: { username } });
    expect(from('10.0.0.1', 'Li.Wei')).toBe(from('10.0.0.1', ' li.wei'));
    expect(from('10.0.0.1', 'li.wei')).not.toBe(from('10.0.0.2', 'li.wei'));
  });
});

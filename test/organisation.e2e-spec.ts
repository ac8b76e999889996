// CRUD for sites, post types and departments: whitelisted bodies, clear 404/409, no cycles, no orphans.
import request from 'supertest';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { startTestApp } from './support/app';

describe('sites, post types and departments', () => {
  let app: NestExpressApplication;
  const http = () => request(app.getHttpServer());

  beforeEach(async () => {
    app = await startTestApp();
  });
  afterEach(() => app.close());

  it('creates, reads, updates and deletes a site', async () => {
    await http().post('/api/v1/sites').send({ code: 'CC', name: 'Changchun' }).expect(201);
    expect((await http().get('/api/v1/sites/CC').expect(200)).body).toMatchObject({
      code: 'CC',
      name: 'Changchun',
    });
    await http().patch('/api/v1/sites/CC').send({ name: 'Changchun campus' }).expect(200);
    expect((await http().get('/api/v1/sites').expect(200)).body).toEqual([
      expect.objectContaining({ code: 'CC', name: 'Changchun campus' }),
    ]);
    await http().delete('/api/v1/sites/CC').expect(204);
    await http().get('/api/v1/sites/CC').expect(404);
  });

  it('refuses unknown fields, bad codes and duplicates, naming them', async () => {
    const extra = await http()
      .post('/api/v1/post-types')
      .send({ code: 'CLEAN', name: 'Cleaning', status: 'closed' })
      .expect(400);
    expect(extra.body.message).toContain('property status should not exist');
    const bad = await http().post('/api/v1/post-types').send({ code: ' x', name: '' }).expect(400);
    expect(bad.body.message).toMatch(/code must start with a letter or digit/);
    expect(bad.body.message).toMatch(/name must be longer than or equal to 1 characters/);
    await http().post('/api/v1/post-types').send({ code: 'CLEAN', name: 'Cleaning' }).expect(201);
    const dup = await http().post('/api/v1/post-types').send({ code: 'CLEAN', name: 'Again' }).expect(409);
    expect(dup.body.message).toBe('post type "CLEAN" already exists');
  });

  it('links departments to sites and parents, refusing cycles and deleting only what is unused', async () => {
    await http().post('/api/v1/sites').send({ code: 'SY', name: 'Shenyang' }).expect(201);
    await http().post('/api/v1/departments').send({ code: 'LOG', name: 'Logistics', site: 'SY' }).expect(201);
    await http()
      .post('/api/v1/departments')
      .send({ code: 'ENG', name: 'Engineering', site: 'SY', parent: 'LOG' })
      .expect(201);
    await http().post('/api/v1/departments').send({ code: 'X', name: 'X', site: 'NOPE' }).expect(404);
    const cycle = await http().patch('/api/v1/departments/LOG').send({ parent: 'ENG' }).expect(409);
    expect(cycle.body.message).toContain('makes a cycle');
    await http().delete('/api/v1/sites/SY').expect(409);
    await http().delete('/api/v1/departments/LOG').expect(409); // ENG still names it as parent
    await http().delete('/api/v1/departments/ENG').expect(204);
    await http().delete('/api/v1/departments/LOG').expect(204);
    await http().delete('/api/v1/sites/SY').expect(204);
  });
});

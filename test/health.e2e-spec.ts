// Start-up and health: the API migrates its database on start, reports database and Redis health, and
// refuses a bad configuration naming every bad variable.
import { spawnSync } from 'node:child_process';
import request from 'supertest';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { MEMORY_CONFIG, startTestApp } from './support/app';
import { AppConfig, ConfigError, loadConfig } from '@app/config';
import { noteSkipped } from './support/externals';
import { REPO_ROOT } from './support/scenarios';

const memory: AppConfig = MEMORY_CONFIG;

async function withApp(config: AppConfig, fn: (app: NestExpressApplication) => Promise<void>): Promise<void> {
  const app = await startTestApp(config);
  try {
    await fn(app);
  } finally {
    await app.close();
  }
}

describe('GET /health', () => {
  it('is up on a migrated database; Redis is reported as not configured', async () => {
    await withApp(memory, async (app) => {
      const res = await request(app.getHttpServer()).get('/health').expect(200);
      expect(res.body).toMatchObject({
        status: 'ok',
        info: { database: { status: 'up' }, redis: { status: 'up', configured: false } },
      });
      const migrations = await app.get(DataSource).query('SELECT name FROM schema_migrations');
      expect(migrations).toHaveLength(app.get(DataSource).migrations.length);
      expect(migrations.length).toBeGreaterThan(0);
    });
  });

  it('answers 503 naming Redis when the configured Redis does not answer', async () => {
    await withApp({ ...memory, redisUrl: 'redis://127.0.0.1:1' }, async (app) => {
      const res = await request(app.getHttpServer()).get('/health').expect(503);
      expect(res.body.error.redis.status).toBe('down');
      expect(res.body.info.database.status).toBe('up');
    });
  });

  const redis = process.env.TEST_REDIS_URL;
  if (!redis)
    noteSkipped('GET /health with a real Redis', 'TEST_REDIS_URL is not set', 'see docs/TESTING.md');
  (redis ? it : it.skip)('is up with a real Redis', async () => {
    await withApp({ ...memory, redisUrl: redis! }, async (app) => {
      const res = await request(app.getHttpServer()).get('/health').expect(200);
      expect(res.body.info.redis.status).toBe('up');
    });
  });
});

describe('configuration', () => {
  it('defaults to port 3000 on the embedded SQLite file without Redis', () => {
    expect(loadConfig({})).toMatchObject({
      port: 3000,
      database: { kind: 'sqlite', path: 'data/scorecard.sqlite' },
      redisUrl: null,
      // Without Redis the API runs the jobs itself, and scores each month at 02:00 on the 3rd.
      runs: { redisUrl: null, processJobs: true, scheduleCron: '0 2 3 * *', chunkSize: 500 },
    });
    expect(loadConfig({ REDIS_URL: 'redis://h:6379' }).runs).toMatchObject({
      redisUrl: 'redis://h:6379',
      processJobs: false,
    });
  });

  it('reports every bad variable by name at once', () => {
    const bad = () =>
      loadConfig({
        PORT: 'abc',
        DATABASE_URL: 'mysql://u:pw@h/db',
        REDIS_URL: 'http://x',
        RUN_CHUNK_SIZE: '0',
        SCORING_CRON: 'every day',
      });
    expect(bad).toThrow(ConfigError);
    expect(bad).toThrow(/PORT must be a port number/);
    expect(bad).toThrow(/DATABASE_URL "mysql:\/\/u:\*\*\*@h\/db" is not supported/);
    expect(bad).toThrow(/RUN_CHUNK_SIZE must be a whole number from 1 to 100000, got "0"/);
    expect(bad).toThrow(/SCORING_CRON must be a cron pattern/);
    expect(bad).toThrow(/REDIS_URL must be a redis:\/\/ or rediss:\/\/ URL/);
  });

  it('stops the process with exit code 2 and the message, before listening', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'apps/api/src/main.ts'], {
      cwd: REPO_ROOT,
      env: { ...process.env, PORT: '99999', DATABASE_URL: 'oracle://x' },
      encoding: 'utf8',
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('PORT must be a port number');
    expect(r.stderr).toContain('DATABASE_URL');
  });
});

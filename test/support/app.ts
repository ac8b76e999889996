// The API in-process for e2e tests: by default a fresh SQLite database in memory, migrated, without Redis.
import type { IncomingMessage } from 'node:http';
import { JwtService } from '@nestjs/jwt';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { User } from '@app/persistence';
import { createApp } from '../../apps/api/src/app.factory';
import type { AppConfig } from '@app/config';
import { DEFAULT_RUNS_OPTIONS } from '@app/domain/runs';
import './today'; // the intake window's "today", pinned

export const TEST_ADMIN = { username: 'hr.admin', password: 'correct-horse-battery' };

export const MEMORY_CONFIG: AppConfig = {
  port: 0,
  database: { kind: 'sqlite', path: ':memory:' },
  redisUrl: null,
  // No schedule in tests; fast retries.
  runs: { ...DEFAULT_RUNS_OPTIONS, scheduleCron: null, backoffMs: 10 },
  auth: {
    jwtSecret: 'test-secret-test-secret-test-secret-0',
    tokenTtlSeconds: 900,
    admin: { username: TEST_ADMIN.username, password: TEST_ADMIN.password },
  },
  loop: { planThreshold: 60, appealWindowDays: 7 },
  payroll: { currency: 'CNY' },
};

/**
 * Requests to a test app act as the first hr_admin (signed in with a real token, through the real guard) unless
 * they bring their own `Authorization` or `X-API-Key`, or ask to be anonymous with `X-Test-Anonymous` (or the
 * app is started with `signedIn: false`, as the access tests do).
 */
export async function startTestApp(
  config: Partial<AppConfig> = {},
  options: { signedIn?: boolean } = {},
): Promise<NestExpressApplication> {
  const app = await createApp({ ...MEMORY_CONFIG, ...config }, { logger: false });
  await app.init();
  if (options.signedIn ?? true) {
    const admin = await app.get(DataSource).getRepository(User).findOneByOrFail({ role: 'hr_admin' });
    const token = await app
      .get(JwtService)
      .signAsync({ sub: admin.id, role: admin.role, username: admin.username });
    app.getHttpServer().prependListener('request', (req: IncomingMessage) => {
      const h = req.headers;
      if (!h.authorization && !h['x-api-key'] && !h['x-test-anonymous']) h.authorization = `Bearer ${token}`;
    });
  }
  return app;
}

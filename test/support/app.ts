// The API in-process for e2e tests: by default a fresh SQLite database in memory, migrated, without Redis.
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createApp } from '../../apps/api/src/app.factory';
import type { AppConfig } from '@app/config';
import { DEFAULT_RUNS_OPTIONS } from '@app/runs';

export const MEMORY_CONFIG: AppConfig = {
  port: 0,
  database: { kind: 'sqlite', path: ':memory:' },
  redisUrl: null,
  // No schedule in tests; fast retries.
  runs: { ...DEFAULT_RUNS_OPTIONS, scheduleCron: null, backoffMs: 10 },
};

export async function startTestApp(config: Partial<AppConfig> = {}): Promise<NestExpressApplication> {
  const app = await createApp({ ...MEMORY_CONFIG, ...config }, { logger: false });
  await app.init();
  return app;
}

// `npm run start:worker`: a scoring worker on REDIS_URL and DATABASE_URL. Start as many as you like, on any
// machine; they share the queue. SIGTERM (or SIGINT) lets the jobs in hand finish, then exits: within
// SHUTDOWN_TIMEOUT_MS, whatever state Redis is in (exit code 1 when it had to force).
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { AppConfig, ConfigError, loadConfig, loadEnv } from '@app/config';
import { dataSourceOptions, redact } from '@app/persistence';
import { WorkerModule } from './worker.module';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
    if (!config.redisUrl)
      throw new ConfigError(['REDIS_URL is required for a worker (without it, the API scores in-process)']);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    console.error(e.message);
    process.exit(2);
  }
  if (await hasPendingMigrations(config)) {
    console.error('the database has pending migrations: start the API once, or run `npm run migration:run`');
    process.exit(2);
  }
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), {
    logger: ['error', 'warn', 'log'],
  });
  // SIGTERM/SIGINT: stop taking jobs, let the ones in hand finish (the worker's close waits), then exit 0. Closing
  // BullMQ waits on Redis, which may be away for good: past SHUTDOWN_TIMEOUT_MS the process exits 1 regardless
  // (a job it held is taken over by another worker once its lock expires).
  const timeoutMs = loadEnv(['SHUTDOWN_TIMEOUT_MS']).SHUTDOWN_TIMEOUT_MS;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      Logger.log(`${signal}: draining (at most ${timeoutMs} ms)`, 'Worker');
      setTimeout(() => {
        console.error(`shutdown did not finish within ${timeoutMs} ms (SHUTDOWN_TIMEOUT_MS): forced exit`);
        process.exit(1);
      }, timeoutMs).unref();
      void app.close().then(
        () => {
          Logger.log('stopped', 'Worker');
          process.exit(0);
        },
        (e: Error) => {
          console.error(`shutdown failed: ${e.message}`);
          process.exit(1);
        },
      );
    });
  }
  const db =
    config.database.kind === 'sqlite' ? `sqlite:${config.database.path}` : redact(config.database.url);
  Logger.log(
    `worker ${process.pid} ready: queue on ${redact(config.redisUrl)}, database ${db}, concurrency ${config.runs.concurrency}`,
    'Worker',
  );
}

async function hasPendingMigrations(config: AppConfig): Promise<boolean> {
  const ds = new DataSource(dataSourceOptions(config.database));
  await ds.initialize();
  try {
    return await ds.showMigrations();
  } finally {
    await ds.destroy();
  }
}

void main();

// `npm run start:worker`: a scoring worker on REDIS_URL and DATABASE_URL. Start as many as you like, on any
// machine; they share the queue. SIGTERM (or SIGINT) lets the jobs in hand finish, then exits.
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { AppConfig, ConfigError, loadConfig } from '@app/config';
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
  // SIGTERM/SIGINT: stop taking jobs, let the ones in hand finish (the worker's close waits), then exit 0.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      Logger.log(`${signal}: draining`, 'Worker');
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

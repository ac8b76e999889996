// `npm start`: the HTTP API on PORT (default 3000), on DATABASE_URL (migrated on start).
import { Logger } from '@nestjs/common';
import { redact } from '@app/persistence';
import { createApp } from './app.factory';
import { ConfigError, loadConfig } from '@app/config';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    console.error(e.message);
    process.exit(2);
  }
  const app = await createApp(config);
  await app.listen(config.port, '0.0.0.0');
  const db =
    config.database.kind === 'sqlite' ? `sqlite:${config.database.path}` : redact(config.database.url);
  Logger.log(
    `API on http://localhost:${config.port}/api/v1 (OpenAPI /api/docs, health /health), database ${db}`,
    'Main',
  );
}

void main();

// `npm start`: the HTTP API on PORT (default 3000), on DATABASE_URL (migrated on start), and the page address to
// open (PUBLIC_URL, else this machine's addresses). SIGTERM stops it within SHUTDOWN_TIMEOUT_MS.
import { Logger } from '@nestjs/common';
import { redact } from '@app/persistence';
import { createApp } from './app.factory';
import { pageAddresses, pageAddressLine } from './common/page-address';
import { ConfigError, loadConfig, loadEnv } from '@app/config';

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
  // Nest's shutdown hooks (app.factory.ts) close the app on SIGTERM/SIGINT; closing waits on open connections and
  // on Redis (the queue), which may be away for good: past SHUTDOWN_TIMEOUT_MS the process exits 1 regardless.
  const timeoutMs = loadEnv(['SHUTDOWN_TIMEOUT_MS']).SHUTDOWN_TIMEOUT_MS;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      setTimeout(() => {
        console.error(`shutdown did not finish within ${timeoutMs} ms (SHUTDOWN_TIMEOUT_MS): forced exit`);
        process.exit(1);
      }, timeoutMs).unref();
    });
  }
  const host = '0.0.0.0';
  await app.listen(config.port, host);
  const db =
    config.database.kind === 'sqlite' ? `sqlite:${config.database.path}` : redact(config.database.url);
  Logger.log(
    `API on http://localhost:${config.port}/api/v1 (OpenAPI /api/docs, health /health), database ${db}`,
    'Main',
  );
  Logger.log(pageAddressLine(pageAddresses(host, config.port, config.http?.publicUrl)), 'Main');
}

void main();

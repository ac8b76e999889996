// The real API (apps/api/src/app.factory.ts) for the benchmarks, in a process of its own: on 127.0.0.1 and a
// free port, on DATABASE_URL (migrated on start), without Redis unless REDIS_URL is set; only errors and
// warnings are logged (Nest logs no requests anyway). Prints `listening <port>` once it accepts requests.
//
//   DATABASE_URL=postgres://... node -r @swc-node/register scripts/api-server.ts
import type { AddressInfo } from 'node:net';
import { loadConfig } from '@app/config';
import { createApp } from '../apps/api/src/app.factory';

async function main(): Promise<void> {
  const app = await createApp(loadConfig(), { logger: false });
  app.useLogger(['error', 'warn']);
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  process.stdout.write(`listening ${port}\n`);
}

main().catch((e: Error) => {
  console.error(e.stack ?? e.message);
  process.exit(1);
});

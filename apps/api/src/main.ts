// `npm start`: the HTTP API on PORT (default 3000).
import { Logger } from '@nestjs/common';
import { createApp } from './app.factory';

async function main(): Promise<void> {
  const raw = process.env.PORT ?? '3000';
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`PORT must be a port number (0-65535), got "${raw}"`);
    process.exit(2);
  }
  const app = await createApp();
  await app.listen(port, '0.0.0.0');
  Logger.log(`API on http://localhost:${port}/api/v1, OpenAPI at http://localhost:${port}/api/docs`, 'Main');
}

void main();

// Builds the HTTP application the same way for `npm start` and for the e2e tests.
import { ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { UsersService } from '@app/domain/access';
import { QUEUE_BOARD_ROUTE, queueBoardAccess } from './runs/queue-board';
import { AppModule } from './app.module';
import { AppConfig, loadConfig, loadEnv } from '@app/config';
import type { Server } from 'node:http';
import { HttpErrorsFilter } from './common/http-errors.filter';
import { YAML_TYPES } from './common/document-body';
import { BODY_LIMIT } from './common/limits';
import { bodyBudget } from './common/body-budget';
import { noStore } from './common/no-store';
import { WEB_ROUTE, webRoot } from './web/web-root';

export async function createApp(
  config: AppConfig = loadConfig(),
  options: { logger?: false } = {},
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bodyParser: false,
    ...options,
  });
  // The queue dashboard's page needs its inline bootstrap script and styles: its policy allows inline code but
  // nothing from another origin, no frames, no plugins.
  const secure = helmet();
  const secureBoard = helmet({
    contentSecurityPolicy: {
      useDefaults: true,
      directives: {
        'script-src': ["'self'", "'unsafe-inline'"],
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:'],
        'frame-ancestors': ["'none'"],
      },
    },
  });
  app.use((req: Request, res: Response, next: NextFunction) =>
    (req.path.startsWith(QUEUE_BOARD_ROUTE) ? secureBoard : secure)(req, res, next),
  );
  // The web pages (/app/): static files under helmet's strict default policy (scripts and styles from files only).
  const web = webRoot();
  if (!web) throw new Error('apps/api/web not found above ' + __dirname);
  app.useStaticAssets(web, { prefix: `${WEB_ROUTE}/`, index: 'index.html', maxAge: 0 });
  app.useBodyParser('json', { limit: BODY_LIMIT });
  app.useBodyParser('text', { limit: BODY_LIMIT, type: [...YAML_TYPES, 'text/csv'] });
  app.use(bodyBudget);
  app.use(noStore);
  app.useGlobalFilters(new HttpErrorsFilter());
  // Request bodies with a DTO accept only its fields: anything else is refused with 400, naming it.
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  app.enableShutdownHooks();
  // A request must arrive whole, and a connection may not idle, within REQUEST_TIMEOUT_MS (408 / closed).
  const timeoutMs = loadEnv(['REQUEST_TIMEOUT_MS']).REQUEST_TIMEOUT_MS;
  const server: Server = app.getHttpServer();
  server.requestTimeout = timeoutMs;
  server.headersTimeout = Math.min(timeoutMs, 60000);
  server.setTimeout(timeoutMs);
  queueBoardAccess.users = app.get(UsersService);
  const openApi = new DocumentBuilder()
    .setTitle('hospital-scorecard')
    .setDescription('Scores and incentive pay for hospital logistics staff')
    .setVersion('1')
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, openApi));
  return app;
}

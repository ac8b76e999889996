// Builds the HTTP application the same way for `npm start` and for the e2e tests.
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { UsersService } from '@app/domain/access';
import { QUEUE_BOARD_ROUTE, queueBoardAccess } from './runs/queue-board';
import { AppModule } from './app.module';
import { AppConfig, HttpOptions, loadConfig, loadHttpOptions } from '@app/config';
import type { Server } from 'node:http';
import { HttpErrorsFilter } from './common/http-errors.filter';
import { CodedValidationPipe } from './common/coded-validation.pipe';
import { DOCUMENT_BUDGET_SETTING, YAML_TYPES } from './common/document-body';
import { bodyBudget } from './common/body-budget';
import { securityHeaders } from './common/security-headers';
import { applyRouteSecurity, withSecuritySchemes } from './common/openapi-security';
import { noStore } from './common/no-store';
import { WEB_ROUTE, webRoot } from './web/web-root';

export async function createApp(
  config: AppConfig = loadConfig(),
  options: { logger?: false } = {},
): Promise<NestExpressApplication> {
  // A config built without its HTTP part (tests) reads that part from the environment, as before it had one.
  const http: HttpOptions = config.http ?? loadHttpOptions();
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bodyParser: false,
    // The parsers keep the raw bytes too (req.rawBody): the work-order feed's signature is over them.
    rawBody: true,
    ...options,
  });
  // Behind a TLS proxy (TRUST_PROXY), the client's address and protocol are the proxy's X-Forwarded-* headers.
  if (http.trustProxy !== false) app.set('trust proxy', http.trustProxy);
  // Helmet's headers; HSTS and upgrade-insecure-requests only for https (security-headers.ts). The queue
  // dashboard's page needs its inline bootstrap script and styles: its policy allows inline code but nothing from
  // another origin, no frames, no plugins.
  app.use(
    securityHeaders({
      publicUrl: http.publicUrl,
      trustProxy: http.trustProxy !== false,
      boardRoute: QUEUE_BOARD_ROUTE,
    }),
  );
  // The web pages (/app/): static files under helmet's strict default policy (scripts and styles from files only).
  const web = webRoot();
  if (!web) throw new Error('apps/api/web not found above ' + __dirname);
  app.useStaticAssets(web, { prefix: `${WEB_ROUTE}/`, index: 'index.html', maxAge: 0 });
  // Request limits (BODY_LIMIT_BYTES, BODY_MAX_DEPTH, BODY_MAX_VALUES, DOCUMENT_MAX_*: docs/CONFIGURATION.md).
  app.useBodyParser('json', { limit: http.bodyLimitBytes });
  app.useBodyParser('text', { limit: http.bodyLimitBytes, type: [...YAML_TYPES, 'text/csv'] });
  app.use(bodyBudget({ maxDepth: http.bodyMaxDepth, maxNodes: http.bodyMaxValues }));
  app.set(DOCUMENT_BUDGET_SETTING, { maxDepth: http.documentMaxDepth, maxNodes: http.documentMaxValues });
  app.use(noStore);
  app.useGlobalFilters(new HttpErrorsFilter());
  // Request bodies with a DTO accept only its fields: anything else is refused with 400, naming it (and coding it).
  app.useGlobalPipes(
    new CodedValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }),
  );
  app.enableShutdownHooks();
  // A request must arrive whole, and a connection may not idle, within REQUEST_TIMEOUT_MS (408 / closed).
  const timeoutMs = http.requestTimeoutMs;
  const server: Server = app.getHttpServer();
  server.requestTimeout = timeoutMs;
  server.headersTimeout = Math.min(timeoutMs, 60000);
  server.setTimeout(timeoutMs);
  queueBoardAccess.users = app.get(UsersService);
  // Bearer and API-key schemes, each route marked with the one its access rule takes (openapi-security.ts).
  const openApi = withSecuritySchemes(
    new DocumentBuilder()
      .setTitle('hospital-scorecard')
      .setDescription('Scores and incentive pay for hospital logistics staff')
      .setVersion('1'),
  ).build();
  SwaggerModule.setup(
    'api/docs',
    app,
    () => applyRouteSecurity(app, SwaggerModule.createDocument(app, openApi)),
    {
      swaggerOptions: { persistAuthorization: true },
    },
  );
  return app;
}

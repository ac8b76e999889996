// DATABASE_URL's parsing lives with the configuration that validates it (libs/config/src/database-url.ts, the
// layer below this one); re-exported here for the DataSource factory and everything that imports it from
// @app/persistence.
export { DatabaseUrlError, DEFAULT_DATABASE_URL, parseDatabaseUrl, redact } from '@app/config/database-url';
export type { DatabaseTarget } from '@app/config/database-url';

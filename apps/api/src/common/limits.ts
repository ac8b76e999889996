// Request size limits. The body parsers and the body budget take theirs from the configuration (BODY_LIMIT_BYTES,
// BODY_MAX_DEPTH, BODY_MAX_VALUES: app.factory.ts); the upload routes' file limit is declared with the route, so it
// is read from the environment once, when the routes are loaded (a bad value there is reported by the start-up's
// own check, which runs first).
import { DEFAULT_HTTP_OPTIONS, readEnv } from '@app/config';

function startupBodyLimit(): number {
  const { values, problems } = readEnv(process.env);
  return problems.has('BODY_LIMIT_BYTES') ? DEFAULT_HTTP_OPTIONS.bodyLimitBytes : values.BODY_LIMIT_BYTES;
}

/** The largest uploaded file (a workbook, a CSV), in bytes: BODY_LIMIT_BYTES (8 MB by default). */
export const BODY_LIMIT_BYTES = startupBodyLimit();

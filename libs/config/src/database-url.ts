// DATABASE_URL: `postgres://user@host:5432/db` in production, or `sqlite:PATH` (better-sqlite3) for the
// embedded default `sqlite:data/scorecard.sqlite`; `sqlite::memory:` for tests. Parsed here, in the bottom
// layer, because the configuration validates it; @app/persistence re-exports it for its DataSource factory.

export type DatabaseTarget = { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string };

export const DEFAULT_DATABASE_URL = 'sqlite:data/scorecard.sqlite';

export class DatabaseUrlError extends Error {
  constructor(message: string) {
    super(`DATABASE_URL ${message}`);
    this.name = 'DatabaseUrlError';
  }
}

export function parseDatabaseUrl(raw: string | undefined): DatabaseTarget {
  const url = (raw ?? DEFAULT_DATABASE_URL).trim();
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (path === '')
      throw new DatabaseUrlError(
        '"sqlite:" needs a file path, e.g. sqlite:data/scorecard.sqlite (or sqlite::memory:)',
      );
    return { kind: 'sqlite', path };
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    try {
      const u = new URL(url);
      if (!u.hostname) throw new Error('no host');
    } catch {
      throw new DatabaseUrlError(`"${redact(url)}" is not a valid postgres:// URL`);
    }
    return { kind: 'postgres', url };
  }
  throw new DatabaseUrlError(`"${redact(url)}" is not supported: use postgres://… or sqlite:PATH`);
}

/** Hides a password in a URL before it is printed. */
export function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}

// The web pages (apps/api/web: HTML, CSS and JavaScript modules, no build step) are served by the API itself
// under /app/. They are static and public: every piece of data they show comes from the API with the user's
// token. The folder is found from here by walking up to the repository root, so the same lookup works from the
// sources (tests, `npm run demo`) and from the compiled build (dist/apps/api/apps/api/src/...).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const WEB_ROUTE = '/app';
const WEB_FOLDER = join('apps', 'api', 'web');

/** The absolute path of apps/api/web, or null when no ancestor of `from` holds it. */
export function webRoot(from: string = __dirname): string | null {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, WEB_FOLDER);
    if (existsSync(join(dir, 'package.json')) && existsSync(join(candidate, 'index.html'))) return candidate;
    if (dirname(dir) === dir) return null;
  }
}

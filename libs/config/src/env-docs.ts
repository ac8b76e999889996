// docs/CONFIGURATION.md and config/.env.example, rendered from the schema (env.schema.ts) and the development
// variables (dev-env.ts). `npm run config:docs` writes them; env.schema.spec.ts fails when the committed files
// differ from what the schema renders, so the docs cannot fall behind the code.
import { DEV_ENV_VARS } from './dev-env';
import { ENV_DEFAULTS, ENV_VARS, EnvName } from './env.schema';
import { EnvVarDoc } from './env-var';

export const CONFIGURATION_DOC_PATH = 'docs/CONFIGURATION.md';
export const ENV_EXAMPLE_PATH = 'config/.env.example';

/** The default as a value to write in the environment, or undefined when there is none. */
export function envDefault(name: EnvName): string | undefined {
  const value: string | number | boolean | undefined = ENV_DEFAULTS[name];
  if (value === undefined) return undefined;
  if (typeof value === 'boolean') return value ? '1' : '';
  return String(value);
}

/** The default as the docs show it: a value, `(off)` for a switch, or the schema's words. */
export function defaultText(v: EnvVarDoc, code: (s: string) => string = (s) => `\`${s}\``): string {
  if (v.defaultText) return v.defaultText;
  const value = envDefault(v.name as EnvName);
  return value ? code(value) : '(off)';
}

const cell = (s: string) => s.replace(/\|/g, '\\|');
const row = (cells: string[]) => `| ${cells.map(cell).join(' | ')} |`;

export function renderConfigurationDoc(): string {
  return [
    '# Configuration',
    '',
    '<!-- Generated from libs/config/src/env.schema.ts and dev-env.ts by `npm run config:docs`: edit those, not',
    'this file (libs/config/src/env.schema.spec.ts fails when it is out of date). -->',
    '',
    'Every process reads its configuration from environment variables, once, at start-up: the API',
    '(`npm start`), the scoring workers (`npm run start:worker`), the CLI (`scorecard run`) and the demo',
    '(`npm run demo`). Each validates the whole set and refuses to start on a bad value, naming every bad',
    'variable at once (exit code 2); the CLI’s file commands (`score`, `validate`, `ahp`) read only',
    '`SCORECARD_DEBUG`. Values are trimmed (passwords excepted), and an empty value counts as unset.',
    '`config/.env.example` lists them all with their defaults. The schema is',
    '[libs/config/src/env.schema.ts](../libs/config/src/env.schema.ts): one property per variable, its',
    'initial value the default, its decorators the validation and this table.',
    '',
    '| Variable | Default | Allowed values | Description | Read by |',
    '| --- | --- | --- | --- | --- |',
    ...ENV_VARS.map((v) =>
      row([`\`${v.name}\``, defaultText(v), v.allowed, v.description, v.readBy.join(', ')]),
    ),
    '',
    '## On an intranet, behind a TLS proxy',
    '',
    'Over plain http (`http://192.168.1.20:3000/app/` opened from another computer) the pages get neither HSTS nor',
    'the content security policy’s `upgrade-insecure-requests`: either would make the browser fetch the pages’',
    'stylesheets and scripts over https, which the API does not serve. Behind a proxy that ends TLS, set',
    '`PUBLIC_URL=https://…` (every answer then carries both), or `TRUST_PROXY` to the proxy’s address so that the',
    'requests it forwards with `X-Forwarded-Proto: https` get them and the others do not. `npm start` and the demo',
    'print the page address: `PUBLIC_URL`’s, else `http://localhost:PORT/app/` and the machine’s own addresses.',
    '',
    '## Request limits',
    '',
    '`BODY_LIMIT_BYTES`, `BODY_MAX_DEPTH`, `BODY_MAX_VALUES`, `DOCUMENT_MAX_DEPTH`, `DOCUMENT_MAX_VALUES` and',
    '`REQUEST_TIMEOUT_MS` bound what one request may cost ([SECURITY.md](SECURITY.md)); their defaults take a',
    'month of 100,000 staff. Raise them for bigger months, lower them to refuse sooner. An uploaded file’s limit',
    '(workbook, CSV) is read once when the API starts. The CLI reads documents with the default budgets.',
    '',
    '## Development, test and benchmark variables',
    '',
    'Read only by the tools named, where they are used; nothing validates them at start-up.',
    '',
    '| Variable | Default | Description | Read by |',
    '| --- | --- | --- | --- |',
    ...DEV_ENV_VARS.map((v) =>
      row([`\`${v.name}\``, v.default, v.description, v.readBy.map((f) => `\`${f}\``).join(', ')]),
    ),
    '',
  ].join('\n');
}

const quoted = (value: string) => (/\s/.test(value) ? `"${value}"` : value);

/** `# `-comment lines of at most `width` characters. */
function commentLines(text: string, width = 110): string[] {
  const lines: string[] = [];
  let line = '#';
  for (const word of text.split(/\s+/)) {
    if (line.length > 1 && line.length + 1 + word.length > width) {
      lines.push(line);
      line = '#';
    }
    line += ` ${word}`;
  }
  return [...lines, line];
}

export function renderEnvExample(): string {
  const lines = [
    '# Every variable the API, the workers, the CLI and the demo read, with its default. Uncomment what you change.',
    '# Generated from libs/config/src/env.schema.ts by `npm run config:docs`; docs/CONFIGURATION.md says more.',
  ];
  for (const v of ENV_VARS) {
    const allowed = v.allowed.replace(/`/g, '');
    lines.push('', ...commentLines(`${v.description} Allowed: ${allowed}. Read by: ${v.readBy.join(', ')}.`));
    const value = envDefault(v.name as EnvName);
    lines.push(`# ${v.name}=${value === undefined ? '' : quoted(value)}`);
  }
  return `${lines.join('\n')}\n`;
}

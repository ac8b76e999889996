// npm run config:docs              prints the environment variables (from libs/config/src/env.schema.ts) and
//                                  writes docs/CONFIGURATION.md and config/.env.example from them.
// npm run config:docs -- --check   writes nothing; exits 1 when either file differs from the schema.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CONFIGURATION_DOC_PATH,
  ENV_EXAMPLE_PATH,
  defaultText,
  ENV_VARS,
  renderConfigurationDoc,
  renderEnvExample,
} from '@app/config';

const ROOT = join(__dirname, '..');
const FILES: [string, string][] = [
  [CONFIGURATION_DOC_PATH, renderConfigurationDoc()],
  [ENV_EXAMPLE_PATH, renderEnvExample()],
];

function printTable(): void {
  const rows = [
    ['variable', 'default', 'allowed values', 'read by', 'description'],
    ...ENV_VARS.map((v) => [
      v.name,
      defaultText(v, (value) => value),
      v.allowed.replace(/`/g, ''),
      v.readBy.join(', '),
      v.description,
    ]),
  ];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  // The description is last and left unpadded: it is the long one.
  for (const r of rows) console.log(r.map((c, i) => (i < r.length - 1 ? c.padEnd(widths[i]) : c)).join('  '));
}

function main(): void {
  const check = process.argv.includes('--check');
  if (!check) printTable();
  let stale = 0;
  for (const [path, text] of FILES) {
    const file = join(ROOT, path);
    const same = existsSync(file) && readFileSync(file, 'utf8') === text;
    if (check) {
      if (!same) {
        console.error(`${path} is out of date: run npm run config:docs`);
        stale++;
      }
    } else if (!same) {
      writeFileSync(file, text);
      console.log(`wrote ${path}`);
    }
  }
  process.exitCode = stale ? 1 : 0;
}

main();

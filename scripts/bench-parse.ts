// What reading a document costs before it is scored (docs/BENCHMARKS.md, "Reading a document"): the YAML parse
// and the budget walk (libs/scoring/src/parse-budget.ts: nesting and values, YAML aliases counted each time they
// are used) on three inputs — the alias bomb the API must refuse (an anchor of 100,000 items aliased 999 times),
// the benchmark month of --staff people as a JSON request body (the walk alone: the body parser has parsed it),
// and the benchmark month of --yaml-staff people as YAML text against the same as JSON text. Each timed --rounds
// times in this process after one untimed round. Prints the median seconds of each, and the texts' sizes.
//
//   npm run bench:parse [-- --staff 100000 --yaml-staff 10000 --rounds 5]
import { parse as parseYaml, stringify } from 'yaml';
import { DOCUMENT_BUDGET, overBudget, parseDocumentText } from '@app/scoring';
import { generate } from './bench-month';
import { arg } from './bench-args';

const STAFF = arg('staff', 100_000);
const YAML_STAFF = arg('yaml-staff', 10_000);
const ROUNDS = arg('rounds', 5);

/** The median seconds of `work` over ROUNDS rounds, after an untimed one. */
function median(work: () => unknown): number {
  work();
  const times = Array.from({ length: ROUNDS }, () => {
    const t0 = performance.now();
    work();
    return performance.now() - t0;
  }).sort((a, b) => a - b);
  return Math.round(times[Math.floor(ROUNDS / 2)]) / 1000;
}

const mb = (text: string) => Math.round(Buffer.byteLength(text) / 1e5) / 10;

const items = Array.from({ length: 100_000 }, (_, i) => i).join(', ');
const bomb = `formatVersion: 1\nextra: &x [${items}]\nmore: [${Array.from({ length: 999 }, () => '*x').join(', ')}]\n`;
const bombValue = parseYaml(bomb, { schema: 'core', maxAliasCount: 1000 }) as unknown;
const body = generate(STAFF);
const month = generate(YAML_STAFF);
const yaml = stringify(month);
const json = JSON.stringify(month);

console.log(
  JSON.stringify({
    rounds: ROUNDS,
    aliasBomb: {
      textMb: mb(bomb),
      yamlParseSeconds: median(() => parseYaml(bomb, { schema: 'core', maxAliasCount: 1000 })),
      budgetSeconds: median(() => overBudget(bombValue, DOCUMENT_BUDGET)),
    },
    jsonBody: { staff: STAFF, budgetSeconds: median(() => overBudget(body, DOCUMENT_BUDGET)) },
    month: {
      staff: YAML_STAFF,
      yamlMb: mb(yaml),
      yamlSeconds: median(() => parseDocumentText(yaml, 'yaml')),
      jsonMb: mb(json),
      jsonSeconds: median(() => parseDocumentText(json, 'json')),
    },
  }),
);

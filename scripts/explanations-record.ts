// Records the explanation texts the engine writes today, for every source of test/fixtures/explanations/sources.ts
// (shared scenarios, variants of them, the demo's months sampled every 7th person), as one JSON file per source.
// The renderer's spec (libs/scoring/src/explain-render.spec.ts) holds its English output to these texts.
//
//   npx tsx scripts/explanations-record.ts
import { writeFileSync } from 'node:fs';
import { scoreDocument } from '@app/scoring';
import {
  explanationSources,
  ExplanationFixture,
  fixturePath,
  recordedStaff,
} from '../test/fixtures/explanations/sources';

for (const source of explanationSources()) {
  const result = scoreDocument(source.doc);
  const fixture: ExplanationFixture = { source: source.name, staff: recordedStaff(source, result) };
  // One member of staff a line: compact, and a diff shows which texts changed.
  const lines = fixture.staff.map((s) => JSON.stringify(s));
  writeFileSync(
    fixturePath(source.name),
    `{"source":${JSON.stringify(source.name)},"staff":[\n${lines.join(',\n')}\n]}\n`,
  );
  process.stdout.write(`${source.name}: ${fixture.staff.length} of ${result.staff.length} staff\n`);
}

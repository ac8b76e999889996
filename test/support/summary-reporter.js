// Prints the plain closing line CI reads ("N passed, N failed, N skipped") after Jest's own summary, preceded by
// one line per suite that skipped for want of an external (test/support/externals.ts writes them to a file
// whose name this reporter hands the test workers through the environment).
const { mkdtempSync, readFileSync, existsSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

class SummaryReporter {
  constructor() {
    this.skipsFile = join(mkdtempSync(join(tmpdir(), 'scorecard-skips-')), 'skips.txt');
    process.env.SCORECARD_SKIPS_FILE = this.skipsFile;
  }

  onRunComplete(_contexts, results) {
    const skips = existsSync(this.skipsFile)
      ? [...new Set(readFileSync(this.skipsFile, 'utf8').split('\n').filter(Boolean))].sort()
      : [];
    if (skips.length) process.stdout.write(`\nNot run here:\n${skips.map((s) => `  - ${s}`).join('\n')}\n`);
    const skipped = results.numPendingTests + results.numTodoTests;
    process.stdout.write(
      `\n${results.numPassedTests} passed, ${results.numFailedTests} failed, ${skipped} skipped\n`,
    );
  }
}
module.exports = SummaryReporter;

#!/usr/bin/env node
// Launcher for the `scorecard` CLI: runs the compiled build when it is newer than every source file,
// otherwise the TypeScript sources through @swc-node/register (so a checkout being edited never runs stale code).
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const built = path.join(root, 'dist/apps/cli/apps/cli/src/main.js');
const sources = ['apps/cli/src', 'libs'].map((d) => path.join(root, d));

function newestSource(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

function isFresh() {
  try {
    const builtAt = fs.statSync(built).mtimeMs;
    return sources.every((d) => newestSource(d) <= builtAt);
  } catch {
    return false;
  }
}

let run;
if (isFresh()) {
  ({ run } = require(built));
} else {
  // @swc-node/register, unlike tsx, emits the decorator metadata Nest and TypeORM rely on.
  process.env.SWC_NODE_PROJECT = path.join(root, 'tsconfig.json');
  require('@swc-node/register');
  ({ run } = require(path.join(root, 'apps/cli/src/main.ts')));
}
void Promise.resolve(run(process.argv.slice(2))).then((code) => (process.exitCode = code));

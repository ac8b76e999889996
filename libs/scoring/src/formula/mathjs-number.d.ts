// mathjs ships the number-only entry point's types as its main types; this makes them visible under
// TypeScript's classic "node" module resolution, which does not read package.json "exports".
declare module 'mathjs/number' {
  export * from 'mathjs';
}

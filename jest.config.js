// One Jest config for the monorepo: unit specs beside the code, e2e/integration suites under test/.
// @swc/jest transpiles only (fast); `npm run check` does the type-checking.
const swc = ['@swc/jest', { jsc: { parser: { syntax: 'typescript', decorators: true }, transform: { legacyDecorator: true, decoratorMetadata: true }, target: 'es2022' } }];
module.exports = {
  testEnvironment: 'node',
  rootDir: '.',
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/test'],
  testRegex: '.*\\.(spec|e2e-spec)\\.ts$',
  transform: { '^.+\\.ts$': swc },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: {
    '^@app/scoring(|/.*)$': '<rootDir>/libs/scoring/src$1',
    '^@app/persistence(|/.*)$': '<rootDir>/libs/persistence/src$1',
    '^@app/domain/(.*)$': '<rootDir>/libs/domain/src/$1',
    '^@app/console(|/.*)$': '<rootDir>/libs/console/src$1',
    '^@app/demo(|/.*)$': '<rootDir>/libs/demo/src$1',
    '^@app/config(|/.*)$': '<rootDir>/libs/config/src$1',
  },
  testTimeout: 60000,
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
};

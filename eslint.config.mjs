// ESLint flat config: type-aware rules for the whole monorepo; Prettier owns formatting.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import boundaries from 'eslint-plugin-boundaries';

/*
 * The layer order (eslint-plugin-boundaries enforces it below). Lower layers never import higher ones:
 *
 *   scoring ← config ← persistence ← model ← audit ← access ← periods ← configuration ← documents ← runs
 *     ← pay / finance / appraisal / calibration / work-orders / surveys / opinions / analysis / appraisal-periods
 *     ← apps (api, worker, cli)
 *
 * - Each layer may import any layer below it (runs may import documents, periods, …, scoring).
 * - pay, finance and appraisal share a step: finance may import pay (payroll figures), appraisal may import
 *   pay (an accepted appeal on a closed month creates an adjustment); pay imports neither. The feeds (work-orders,
 *   surveys) bring a month's data in as intake batches of documents and import none of their step.
 *   appraisal-periods may import calibration: a period's grade overrides are the month's, for the period; and pay:
 *   a closed period's bonus is paid in the month's payroll lines.
 *   analysis may import appraisal-periods: the analysis of a period reads its stored results and training.
 * - Where a lower layer needs a higher one to take part (a run's adjustment booking, its appraisal follow-up),
 *   it declares an interface (runs/run-hooks.ts) and the app wires in the higher layer's implementation.
 * - demo (the demo hospital generator) may import scoring only; its database part (libs/demo/src/database: import
 *   the months, end the leavers, create the users, read the results back) may import every layer and the generator; console (terminal output of the CLI and the demo:
 *   the run progress bar) may import the domain layers up to runs, and only the apps import it.
 * - The apps import anything in libs, never another app.
 * - Specs (*.spec.ts) and test/** are not restricted; neither are scripts/**.
 * Elements: libs/scoring, libs/config, libs/persistence, libs/domain/src/<concept>, libs/demo, libs/console,
 * apps/<app>.
 */
const LAYERS = [
  'scoring',
  'config',
  'persistence',
  'model',
  'audit',
  'access',
  'periods',
  'configuration',
  'documents',
  'runs',
];
const CONCEPTS = LAYERS.slice(3); // the ones in libs/domain/src
const TOP = {
  pay: [],
  finance: ['pay'],
  appraisal: ['pay'],
  'work-orders': [],
  surveys: [],
  opinions: [],
  calibration: [],
  // An appraisal period's analysis reads its stored results and training through the period's own readers.
  analysis: ['appraisal-periods'],
  // The period's overrides are the month's (the same table, view and refusals) for a period above the month;
  // its payroll lines are the month's (pay's line, columns, page size and export batches) with a pay code of its own.
  'appraisal-periods': ['calibration', 'pay'],
};
const LIBS = [...LAYERS, ...Object.keys(TOP), 'demo', 'demo-database', 'console'];
const APPS = ['api', 'worker', 'cli'];

const elements = [
  { type: 'scoring', pattern: 'libs/scoring' },
  { type: 'config', pattern: 'libs/config' },
  { type: 'persistence', pattern: 'libs/persistence' },
  { type: 'demo-database', pattern: 'libs/demo/src/database' },
  { type: 'demo', pattern: 'libs/demo' },
  { type: 'console', pattern: 'libs/console' },
  ...[...CONCEPTS, ...Object.keys(TOP)].map((c) => ({
    type: c,
    pattern: `libs/domain/src/${c}`,
  })),
  ...APPS.map((a) => ({ type: a, pattern: `apps/${a}` })),
];

const may = (from, to) =>
  to.length
    ? [{ from: { element: { type: from } }, allow: { to: { element: { types: { anyOf: to } } } } }]
    : [];

const layerPolicies = [
  ...LAYERS.flatMap((layer, i) => may(layer, LAYERS.slice(0, i))),
  ...Object.entries(TOP).flatMap(([c, siblings]) => may(c, [...LAYERS, ...siblings])),
  ...may('demo', ['scoring']),
  ...may('demo-database', [...LAYERS, ...Object.keys(TOP), 'demo']),
  ...may('console', LAYERS),
  ...APPS.flatMap((app) => may(app, LIBS)),
];

export default tseslint.config(
  {
    ignores: ['dist/**', 'node_modules/**', 'coverage/**', '**/*.mjs', '**/*.js', '!apps/api/web/js/**/*.js'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  prettier,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-eval': 'error',
      'no-new-func': 'error',
      'no-implied-eval': 'off',
      '@typescript-eslint/no-implied-eval': 'error',
    },
  },
  // The layer order (see the comment at the top).
  {
    files: ['apps/**/*.ts', 'libs/**/*.ts'],
    plugins: { boundaries },
    settings: {
      'boundaries/elements': elements,
      // Resolves the @app/* aliases of tsconfig.json, so an alias import counts like a relative one.
      'import/resolver': {
        typescript: { project: `${import.meta.dirname}/tsconfig.json`, alwaysTryTypes: true },
      },
    },
    rules: {
      'boundaries/dependencies': ['error', { default: 'disallow', policies: layerPolicies }],
    },
  },
  {
    files: ['**/*.spec.ts', 'test/**/*.ts'],
    rules: {
      'boundaries/dependencies': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  // The web pages' own scripts: plain browser ES modules, no types, no build step.
  {
    files: ['apps/api/web/js/**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: globals.browser,
      sourceType: 'module',
      ecmaVersion: 2022,
    },
    rules: {
      ...tseslint.configs.disableTypeChecked.rules,
      'no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/no-unused-vars': 'off',
      'no-eval': 'error',
      'no-new-func': 'error',
      'no-implied-eval': 'error',
    },
  },
);

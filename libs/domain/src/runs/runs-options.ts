// How scoring runs are executed. The options and their defaults are read from the environment with the rest of
// the configuration, so they are declared in @app/config (the bottom layer) and re-exported here for the
// runs concept and its callers.
export { DEFAULT_RUNS_OPTIONS, DEFAULT_SCHEDULE } from '@app/config';
export type { RunsOptions } from '@app/config';

// The configuration every process reads from the environment (API, worker, CLI and demo): the schema of the
// variables, the AppConfig built from it, and the Nest module that makes it injectable.
export * from './database-url';
export * from './env.schema';
export * from './env-var';
export * from './dev-env';
export * from './env-docs';
export * from './runs-options';
export * from './app-config';
export * from './config.module';

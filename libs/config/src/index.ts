// The configuration every process reads from the environment (API, worker, CLI and demo).
export * from './app-config';
export * from './config.module';

// runs: the concept's public face for the apps and the other concepts.
export * from './results-query';
export * from './results.service';
export * from './run-errors';
export * from './run-hooks';
export * from './run-jobs';
export * from './run-liveness';
export * from './run-planner';
export * from './run-schedule';
export * from './run-steps';
export * from './runs-options';
export * from './runs.module';
export * from './runs.service';
export * from './scoring.worker';
export * from './drivers/bullmq.dispatcher';
export * from './drivers/in-process.dispatcher';
export * from './drivers/run-dispatcher';

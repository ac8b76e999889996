// Monthly scoring runs: planning, the chunk and finish steps, the BullMQ and in-process drivers, the
// schedule, and reading results.
export * from './runs-options';
export * from './run-errors';
export * from './run-jobs';
export * from './run-planner';
export * from './run-steps';
export * from './runs.service';
export * from './runs.module';
export * from './results-query';
export { RunSchedule } from './run-schedule';
export * from './follow-run';
export * from './period-lifecycle';
export * from './finance';
export * from './adjustments';

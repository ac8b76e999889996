// What finance and other systems use: API keys, the scores feed, payroll lines and export batches, and the
// audit log every change writes to.
export * from './audit';
export * from './finance-errors';
export * from './api-keys';
export * from './scores-feed';
export * from './payroll';
export * from './payroll-exports';

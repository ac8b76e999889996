// Scorecard documents in and out of the database: import (one transaction) and export of a period.
export * from './import-document';
export * from './export-document';
export * from './period-snapshot';
export * from './incentive-plans';
export * from './closed-months';
export { applyCorrections } from './corrections';
export { aggregate } from './aggregate';
export { resolveSetId, AssignmentRules } from './assignment';
export * from './measurements';
export * from './measurements-csv';
export { insertRows, updateRows } from './bulk-insert';
export type { OnConflict } from './bulk-insert';
export * from './staff-timeline';

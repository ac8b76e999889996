// Scorecard documents in and out of the database: import (one transaction) and export of a period.
export * from './import-document';
export * from './export-document';
export { aggregate } from './aggregate';
export { resolveSetId } from './assignment';
export * from './measurements';
export * from './measurements-csv';

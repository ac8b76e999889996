// Grade calibration (等级校准, docs/CALIBRATION.md): HR's overrides of a person's grade of a month, and the month's
// view of who the grade quotas and overrides moved, and why.
export * from './calibration-errors';
export * from './overrides.service';
export * from './calibration.service';

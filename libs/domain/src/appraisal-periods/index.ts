// Appraisal periods above the month (a year, a quarter, a half-year: docs/APPRAISAL-PERIODS.md): HR's plan per
// period, the period's appraisal document built from the months' posted results, and its preview; HR's inputs and
// grade overrides of the period.
export * from './appraisal-period-errors';
export * from './appraisal-plans';
export * from './period-document';
export * from './appraisal-period-lock';
export * from './appraisal-inputs';
export * from './appraisal-overrides';
export * from './appraisal-periods.service';
export * from './appraisal-run-errors';
export * from './appraisal-result-codec';
export * from './appraisal-runs';
export * from './appraisal-training';
export * from './appraisal-results';
export * from './appraisal-runs.service';
export * from './appraisal-feed';
export * from './appraisal-payroll';

// Appraisal periods above the month (a year, a quarter, a half-year: docs/APPRAISAL-PERIODS.md): HR's plan per
// period, the period's appraisal document built from the months' posted results, and its preview.
export * from './appraisal-period-errors';
export * from './appraisal-plans';
export * from './period-document';
export * from './appraisal-periods.service';

// The analysis of results over a range of months (docs/ANALYSIS.md): the arithmetic and the service reading it;
// and the analysis of an appraisal period from its stored results (period-appraisal.ts).
export * from './analysis';
export * from './analysis.service';
export * from './period-appraisal';

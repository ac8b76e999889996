// The analysis of results over a range of months (docs/ANALYSIS.md): the arithmetic and the service reading it.
export * from './analysis';
export * from './analysis.service';

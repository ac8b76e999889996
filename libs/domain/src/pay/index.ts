// pay: the concept's public face for the apps and the other concepts.
export * from './adjustments';
export * from './adjustments.service';
export * from './adjustment-run';
export * from './adjustment-run.hooks';
export * from './payroll-exports';
export * from './payroll';
export * from './payroll.service';

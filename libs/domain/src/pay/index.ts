// pay: the concept's public face for the apps and the other concepts.
export * from './adjustments';
export * from './payroll-exports';
export * from './payroll';

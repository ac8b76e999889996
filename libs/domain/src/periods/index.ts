// periods: the concept's public face for the apps and the other concepts.
export * from './closed-months';
export * from './incentive-check';
export * from './incentive-plans';
export * from './period-dates';
export * from './period-errors';
export * from './period-lifecycle.service';
export * from './periods.service';
export * from './month-data';
export * from './month-window';

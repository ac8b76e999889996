// model: the concept's public face for the apps and the other concepts.
export * from './assignment';
export * from './canonical-json';
export { csvField } from './csv-field';
export * from './codes';
export * from './domain-errors';
export * from './staff-timeline';
export * from './staff';
export * from './versioning';
export * from './section-check';

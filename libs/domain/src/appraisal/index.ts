// appraisal: the concept's public face for the apps and the other concepts.
export * from './follow-up';

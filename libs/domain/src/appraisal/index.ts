// appraisal: the concept's public face for the apps and the other concepts.
export * from './appeal-detail';
export * from './appeals.service';
export * from './appraisal-errors';
export * from './appraisal-options';
export * from './appraisal-views';
export * from './feedback.service';
export * from './follow-up';
export * from './follow-up.hooks';
export * from './my-months.service';
export * from './plans.service';
export * from './staff-month';
export * from './team.service';
export * from './training.service';

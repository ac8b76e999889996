// Satisfaction survey campaigns: questions, respondents and their tokens, answers, and the closing that turns a
// campaign's answers into an intake batch of its month.
export * from './survey-content';
export * from './statistics';
export * from './campaigns.service';
export * from './answers.service';

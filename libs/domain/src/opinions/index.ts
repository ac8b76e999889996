// Staff opinion rounds on the appraisal (考核意见征集): HR's rounds and their anonymous summary per set, and a
// member of staff's one answer.
export * from './opinion-errors';
export * from './opinion-options';
export * from './summary';
export * from './rounds.service';
export * from './answers.service';

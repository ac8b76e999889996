// configuration: the concept's public face for the apps and the other concepts.
export * from './ahp-weights';
export * from './assignment-rules.service';
export * from './configuration-errors';
export * from './content-check';
export * from './indicator-sets.service';
export * from './indicator-set-drafts.service';
export * from './set-diff';
export * from './inputs.service';
export * from './lookup';
export * from './organisation.service';
export * from './staff.service';
export * from './versions';
export * from './workload.service';

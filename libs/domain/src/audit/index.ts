// audit: the concept's public face for the apps and the other concepts.
export * from './audit-log.service';
export * from './audit';
export * from './audited-write';

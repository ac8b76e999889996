// access: the concept's public face for the apps and the other concepts.
export * from './api-keys.service';
export * from './passwords';
export * from './users.service';
export * from './password-policy';

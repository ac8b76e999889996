// documents: the concept's public face for the apps and the other concepts.
export * from './aggregate';
export * from './corrections';
export * from './export-document';
export * from './import-document';
export * from './measurements-csv';
export * from './measurements';
export * from './period-snapshot';

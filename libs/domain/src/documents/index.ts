// documents: the concept's public face for the apps and the other concepts.
export * from './aggregate';
export * from './corrections';
export * from './documents.service';
export * from './export-document';
export * from './import-document';
export * from './measurements-csv';
export * from './measurements';
export * from './measurements.service';
export * from './period-snapshot';

// Storage: entities, migrations for PostgreSQL and SQLite, and the one DataSource factory.
export * from './database-url';
export * from './data-source';
export * from './entities';
export * from './bulk-insert';
export * from './stream-rows';
export * from './schema-diff';
export * from './staff-result-codec';

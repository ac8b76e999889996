// What the schema still lacks compared with the entities, after the migrations ran: empty when every entity
// change has its migration. Used by `npm run migration:generate` and by the tests (a missing migration fails CI).
import { DataSource } from 'typeorm';

export interface SchemaDiff {
  up: { query: string; parameters?: unknown[] }[];
  down: { query: string; parameters?: unknown[] }[];
}

export async function pendingSchemaChanges(ds: DataSource): Promise<SchemaDiff> {
  const log = await ds.driver.createSchemaBuilder().log();
  return {
    up: log.upQueries.map((q) => ({ query: q.query, parameters: q.parameters })),
    down: log.downQueries.map((q) => ({ query: q.query, parameters: q.parameters })),
  };
}

// npm run migration:run   applies pending migrations to DATABASE_URL (default sqlite:data/scorecard.sqlite).
import { DataSource } from 'typeorm';
import { dataSourceOptions, redact } from '@app/persistence';

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  const ds = new DataSource(dataSourceOptions(url));
  await ds.initialize();
  try {
    const applied = await ds.runMigrations({ transaction: 'each' });
    const where = redact(url ?? 'sqlite:data/scorecard.sqlite');
    console.log(
      applied.length
        ? `applied ${applied.map((m) => m.name).join(', ')} to ${where}`
        : `${where} is up to date`,
    );
  } finally {
    await ds.destroy();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});

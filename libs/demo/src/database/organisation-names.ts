// Names the demo's sites and post types in both languages once its months are imported (the import creates
// them named by their codes: a document carries only their codes).
import type { DataSource } from 'typeorm';
import { PostType, Site } from '@app/persistence';
import { storedName } from '@app/scoring';
import { DEMO_POST_TYPE_NAMES, DEMO_SITE_NAMES } from '../demo-organisation';

/** How many sites and post types were named. */
export async function nameOrganisation(ds: DataSource): Promise<number> {
  let named = 0;
  for (const [target, names] of [
    [Site, DEMO_SITE_NAMES],
    [PostType, DEMO_POST_TYPE_NAMES],
  ] as const) {
    const repo = ds.getRepository(target);
    for (const row of await repo.find()) {
      const name = names[row.code];
      if (!name) continue;
      await repo.update({ id: row.id }, storedName(name));
      named++;
    }
  }
  return named;
}

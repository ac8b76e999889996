// The workload catalogue, versioned like indicator sets (versions.ts): its versions, the one in force for a
// month, and a new version (checked by the scoring library's own rules, audited as `workload.version.create`,
// or `.update` when an unfrozen version of that month is edited in place).
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { WorkloadCatalogueVersion } from '@app/persistence';
import { namedInput, namedView, type WorkloadDef } from '@app/scoring';
import { auditedWrite } from '../audit';
import { checkWorkload } from './content-check';
import { given } from './lookup';
import { versionSummary, versionView, VersionStore } from './versions';

/** A catalogue version as posted: the document's `workload` section plus the month it starts. */
export interface WorkloadVersionInput {
  effectiveFrom: string;
  components?: string[];
  tasks: Record<string, unknown>[];
  adjustments?: Record<string, unknown>[];
  pointValue?: unknown;
}

const versions = new VersionStore<WorkloadCatalogueVersion, WorkloadDef>(
  WorkloadCatalogueVersion,
  'the workload catalogue',
);

/** A version as the API shows it: each task's name as `name` (a text) and `names` when given per language. */
function workloadView(v: WorkloadCatalogueVersion) {
  const view = versionView(v);
  return { ...view, tasks: (view.tasks ?? []).map(namedView) };
}

@Injectable()
export class WorkloadService {
  constructor(private readonly ds: DataSource) {}

  async list() {
    return (await versions.list(this.ds.manager)).map(versionSummary);
  }

  async get(version: number) {
    return workloadView(await versions.get(this.ds.manager, version));
  }

  async effective(period: string) {
    return workloadView(await versions.effective(this.ds.manager, period));
  }

  /** `created`: a new version number (201) rather than the month's unfrozen version replaced (200). */
  async addVersion(actor: string, body: WorkloadVersionInput) {
    const { effectiveFrom, ...fields } = body;
    // Only the keys given: an absent optional section is not stored as a key.
    // A task sent back as the API shows it (`name` and `names`) is stored as the format writes it.
    const content = given({ ...fields, tasks: fields.tasks?.map(namedInput) }) as unknown as WorkloadDef;
    checkWorkload(content, effectiveFrom);
    return this.ds.transaction((em) =>
      auditedWrite(em, actor, { entity: 'workload' }, async () => {
        const written = await versions.write(em, effectiveFrom, content);
        const after = workloadView(written.row);
        return {
          result: { version: after, created: written.created },
          action: written.created ? 'workload.version.create' : 'workload.version.update',
          entityKey: String(written.row.version),
          before: written.before && workloadView(written.before),
          after,
        };
      }),
    );
  }
}

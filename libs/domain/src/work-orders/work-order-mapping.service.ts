// The work-order mapping, versioned and effective-dated like the workload catalogue (configuration/versions.ts,
// model/versioning.ts): its versions, the one in force for a month, and a new version — checked against the
// input dictionary and the workload catalogue in force for its first month (mapping.ts), audited as
// `work_orders.mapping.create`, or `.update` when the unfrozen version of that month is edited in place. A
// version may not take effect in or before an approved or closed month (VersionStore's rule): those months keep
// the derivation they were scored with.
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import {
  InputDefinition,
  WorkloadCatalogueVersion,
  WorkOrderMappingContent,
  WorkOrderMappingVersion,
} from '@app/persistence';
import { auditedWrite } from '../audit';
import { versionSummary, VersionStore } from '../configuration/versions';
import { inForce } from '../model';
import { checkMappingContent, MappingContext } from './mapping';

export const mappingVersions = new VersionStore<WorkOrderMappingVersion, WorkOrderMappingContent>(
  WorkOrderMappingVersion,
  'the work-order mapping',
);

/** A mapping version as posted: the month it starts and its content. */
export interface MappingVersionInput {
  effectiveFrom: string;
  content: unknown;
}

/** What the content of a mapping is checked against for `period`: the dictionary and the catalogue then. */
export async function mappingContext(em: EntityManager, period: string): Promise<MappingContext> {
  const inputs = new Map(
    (await em.find(InputDefinition)).map((i) => [i.code, { level: i.level, aggregate: i.aggregate }]),
  );
  const catalogue = inForce(await em.find(WorkloadCatalogueVersion, { order: { version: 'ASC' } }), period);
  return { inputs, tasks: new Set(catalogue?.content.tasks.map((t) => t.code) ?? []), period };
}

/** A version as the API shows it: its number, first month, frozen flag and content. */
export function mappingView(v: WorkOrderMappingVersion) {
  return { version: v.version, effectiveFrom: v.effectiveFrom, frozen: v.frozen, content: v.content };
}

@Injectable()
export class WorkOrderMappingService {
  constructor(private readonly ds: DataSource) {}

  /** The versions (without content), oldest first. */
  async list() {
    return (await mappingVersions.list(this.ds.manager)).map(versionSummary);
  }

  /** @throws ConfigurationNotFoundError (404) */
  async get(version: number) {
    return mappingView(await mappingVersions.get(this.ds.manager, version));
  }

  /** @throws ConfigurationNotFoundError (404) when no version is in force for the month */
  async effective(period: string) {
    return mappingView(await mappingVersions.effective(this.ds.manager, period));
  }

  /**
   * Writes a version effective from `effectiveFrom`; `created`: a new version number (201) rather than the
   * month's unfrozen version replaced (200).
   * @throws DocumentInvalidError listing every problem of the content with its path (400);
   *   ConfigurationConflictError when a later version exists or the month (or a later one) is approved or closed
   *   (409)
   */
  async write(actor: string, body: MappingVersionInput) {
    return this.ds.transaction(async (em) => {
      const content = checkMappingContent(body.content, await mappingContext(em, body.effectiveFrom));
      return auditedWrite(em, actor, { entity: 'work_order_mapping' }, async () => {
        const written = await mappingVersions.write(em, body.effectiveFrom, content);
        const after = mappingView(written.row);
        return {
          result: { version: after, created: written.created },
          action: written.created ? 'work_orders.mapping.create' : 'work_orders.mapping.update',
          entityKey: String(written.row.version),
          before: written.before && mappingView(written.before),
          after,
        };
      });
    });
  }
}

// Exports a period as a scorecard document: the dictionary, the set and workload versions in force for the
// period, departments, the staff active in it with the set their assignment rules give them, their month's
// values (observations aggregated as each input says, or the value corrections in force) and task counts, and the period's incentive section.
import { DataSource } from 'typeorm';
import type { ScorecardDocument } from '@app/scoring';
import {
  buildDocument,
  loadCorrections,
  loadObservations,
  loadPeriodConfig,
  periodMembers,
} from './period-snapshot';
import { loadStaff } from '../model';

export async function exportDocument(ds: DataSource, period: string): Promise<ScorecardDocument> {
  const em = ds.manager;
  const config = await loadPeriodConfig(em, period);
  const [staff, observations, corrections] = await Promise.all([
    loadStaff(em, undefined, period),
    loadObservations(em, config.period.id),
    loadCorrections(em, config.period.id),
  ]);
  return buildDocument(config, periodMembers(config, staff), observations, true, corrections);
}

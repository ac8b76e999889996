// The month cockpit's reads (the performance office's page of one month): where the month stands, how its totals
// are spread, and who moved since the previous run or month. The rules are in month-overview.ts,
// month-distribution.ts and run-comparison.ts; this applies who reads: a department manager gets their own
// departments only (no other department's people, and none of these carry money), a finance reader the month's
// status without anyone's name.
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Role } from '@app/persistence';
import { DistributionQuery, monthDistribution, MonthDistribution } from './month-distribution';
import { monthOverview, MonthOverview } from './month-overview';
import { ComparisonQuery, compareRuns, RunComparison } from './run-comparison';

export interface CockpitReader {
  role: Role;
  departments: readonly string[];
}

/** The departments a reader is limited to: a manager's own; undefined for HR and auditors. */
const managedBy = (reader: CockpitReader | undefined): readonly string[] | undefined =>
  reader?.role === 'dept_manager' ? reader.departments : undefined;

@Injectable()
export class MonthCockpitService {
  constructor(private readonly ds: DataSource) {}

  /** The month's status, next step and issues; a finance reader gets the issue counts without names. */
  overview(period: string, reader?: CockpitReader): Promise<MonthOverview> {
    return monthOverview(this.ds, period, reader?.role !== 'finance');
  }

  distribution(period: string, query: DistributionQuery, reader?: CockpitReader): Promise<MonthDistribution> {
    return monthDistribution(this.ds, period, query, managedBy(reader));
  }

  movers(period: string, query: ComparisonQuery, reader?: CockpitReader): Promise<RunComparison> {
    return compareRuns(this.ds, period, query, managedBy(reader));
  }
}

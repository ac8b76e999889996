// The demo's work on a database (`npm run demo`): importing its months, feeding them (feeds.ts), ending its
// leavers, creating one user per role and reading back the results for the report. Apart from the pure generator
// (libs/demo/src), since it needs the domain and the database; only the demo's entry point imports it.
import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { importDocument, ImportedDocument } from '@app/domain/documents';
import type { DemoDocument } from '../index';
import { countStaffResults, demoMonthResult } from './demo-results';
import { createDemoUsers, DemoUser } from './demo-users';
import { endLeavers } from './leavers';
import { nameOrganisation } from './organisation-names';

export type { DemoUser } from './demo-users';
export { DEMO_FEED_BATCH, DemoFeeds } from './feeds';
export { DemoAppraisal } from './appraisal';
export { DemoCalibration } from './calibration';
export {
  DEMO_QUARTER,
  DEMO_QUARTER_BONUS_PER_HEAD,
  DEMO_YEAR,
  DEMO_YEAR_BONUS_PER_HEAD,
  DemoAppraisalPeriods,
} from './appraisal-periods';
export type { DemoAppraisalPeriodsSummary, DemoPeriodSummary } from './appraisal-periods';
export type { DemoCalibrationSummary } from './calibration';
export type { DemoAppraisalSummary } from './appraisal';
export type { DemoFeedMonth } from './feeds';

export class DemoDatabase {
  constructor(private readonly ds: DataSource) {}

  /** The demo database behind a running app. */
  static of(app: INestApplicationContext): DemoDatabase {
    return new DemoDatabase(app.get(DataSource));
  }

  importMonth(doc: DemoDocument): Promise<ImportedDocument> {
    return importDocument(this.ds, doc, 'demo');
  }

  endLeavers(docs: readonly DemoDocument[]): Promise<number> {
    return endLeavers(this.ds, docs);
  }

  /** Names the sites and post types the imports created, in Chinese and English. */
  nameOrganisation(): Promise<number> {
    return nameOrganisation(this.ds);
  }

  countStaffResults(runId: string) {
    return countStaffResults(this.ds, runId);
  }

  monthResult(doc: DemoDocument) {
    return demoMonthResult(this.ds, doc);
  }

  createUsers(latestPeriod: string): Promise<DemoUser[]> {
    return createDemoUsers(this.ds, latestPeriod);
  }
}

// The demo hospital: deterministic months of scorecard documents on the shipped indicator library, and the
// plain-text report `npm run demo` prints (rankings per campus, top movers), and the feeds that bring the
// maintenance staff's work orders and satisfaction answers. Pure apart from reading the library file.
export {
  consecutiveMonths,
  DEFAULT_DEMO_END_MONTH,
  DEFAULT_DEMO_MONTH_COUNT,
  DEFAULT_DEMO_SEED,
  findRepoRoot,
  generateDemoHospital,
  LIBRARY_RELATIVE_PATH,
  loadIndicatorLibrary,
} from './demo-hospital';
export type { DemoDocument, DemoHospitalOptions, DemoStaff } from './demo-hospital';
export type { EmploymentType } from './demo-posts';
export { byCampus, formatCampusRankings, formatTopMovers, rankWithinCampus, topMovers } from './demo-report';
export type { CampusRankingRow, DemoDepartmentResult, DemoMonthResult, Mover } from './demo-report';
export { renderTable } from './text-table';
export { DEMO_POST_TYPE_NAMES, DEMO_SITE_NAMES } from './demo-organisation';
export {
  DEMO_FEED,
  DEMO_WORK_ORDER_MAPPING,
  demoSurveyCampaigns,
  demoWorkOrderEvents,
  FEED_POST,
  withoutFeedValues,
} from './demo-feeds';
export type { DemoCampaign, DemoWorkOrderEvent } from './demo-feeds';

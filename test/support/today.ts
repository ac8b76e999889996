// Pins "today" for the intake window (libs/domain/src/periods/month-window.ts: months INTAKE_MONTHS_BACK before
// to INTAKE_MONTHS_AHEAD after the current one). The suites use fixed months, 2026-01 to 2027-01 (the transfers
// suite opens 2027-01): on 2026-12-15 they are all inside the default window (2024-12 … 2027-01), and pinning
// the day keeps them inside whenever the suites run. Imported for its effect by the e2e and database supports;
// a suite that sets SCORECARD_TODAY itself keeps its own.
export const TEST_TODAY = '2026-12-15';

process.env.SCORECARD_TODAY ??= TEST_TODAY;

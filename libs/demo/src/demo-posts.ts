// One profile per post type of the shipped library: how many people a department of that type has, how
// they are employed, and how their monthly inputs, task counts and the department's own figures look.
// Input codes are the library's; the generator drops any code the library no longer declares.
import { InputValues } from '@app/scoring';
import { Measure, round1 } from './demo-measure';

export type EmploymentType = 'in_house' | 'contract' | 'outsourced';
export const EMPLOYMENT_TYPES: readonly EmploymentType[] = ['in_house', 'contract', 'outsourced'];

export interface StaffMonth {
  inputs: InputValues;
  tasks: Record<string, number>;
}

export interface PostProfile {
  /** Typical headcount per campus code; `other` for a campus the library adds later. */
  headcount: { CC: number; SY: number; other: number };
  /** Weights of in_house / contract / outsourced. */
  employment: [number, number, number];
  staff(m: Measure): StaffMonth;
  /** Department-level figures; `sample` holds the library's sample-month values (plans) to scale from. */
  department(m: Measure, sample: InputValues): InputValues;
}

const num = (sample: InputValues, code: string, fallback: number): number => sample[code] ?? fallback;

// Seasonal load in northern China relative to October (the library's sample month): electricity peaks with
// summer cooling, gas with winter heating.
const ELECTRICITY_SEASON = [1.08, 1.04, 0.98, 0.94, 0.97, 1.08, 1.2, 1.22, 1.04, 1.0, 1.03, 1.08];
const HEATING_SEASON = [1.65, 1.5, 1.2, 0.85, 0.6, 0.5, 0.5, 0.5, 0.62, 1.0, 1.45, 1.65];

/** Plan for the month: the sample plan, seasonally adjusted, rounded like a budget line. */
const plan = (m: Measure, base: number, season: number[] | null, roundTo: number) =>
  Math.round((base * (season ? season[m.c.month - 1] : 1) * (1 + 0.03 * m.rng.normalish())) / roundTo) *
  roundTo;

/** Cost and plan for one pair of department inputs. */
const costPair = (m: Measure, code: string, sample: InputValues, fallback: number, roundTo: number) => {
  const p = plan(m, num(sample, `${code}_plan`, fallback), null, roundTo);
  return { [code]: m.costAgainstPlan(p, roundTo / 10), [`${code}_plan`]: p };
};

export const POST_PROFILES: Record<string, PostProfile> = {
  MAINT: {
    headcount: { CC: 26, SY: 18, other: 16 },
    employment: [85, 10, 5],
    staff(m) {
      const orders = m.volume(70, 150);
      const planned = m.rng.int(0, 4);
      const inputs = {
        ...m.hours(),
        ...m.survey(25, 50),
        response_minutes: Math.round(m.level(55, 12)),
        complaints: m.complaints(),
        orders_total: orders,
        orders_ontime: m.share(orders, 0.82, 1, 0.1),
        ...m.hazards(0, 14),
        projects_planned: planned,
        projects_done: m.share(planned, 0.3, 1, 0.25),
        safety_incidents: m.incidents(0.002, 0.02),
        training_hours: m.training(),
        safety_quiz_score: m.quiz(),
      };
      const major = Math.round(orders * m.rng.between(0.08, 0.18));
      const tasks = { REPAIR_MINOR: orders - major, REPAIR_MAJOR: major, PREVENTIVE_MAINT: m.volume(8, 20) };
      return { inputs, tasks };
    },
    department: (m, sample) => costPair(m, 'maint_cost', sample, 300000, 1000),
  },

  CLEAN: {
    headcount: { CC: 60, SY: 44, other: 36 },
    employment: [55, 15, 30],
    staff(m) {
      const checks = m.volume(20, 30);
      const terminal = m.volume(40, 90);
      const inputs = {
        ...m.hours(),
        ...m.survey(30, 60),
        ...m.complaintsWithReplies(),
        inspection_total: checks,
        inspection_pass: m.share(checks, 0.8, 1, 0.1),
        terminal_cleans: terminal,
        terminal_cleans_ontime: m.share(terminal, 0.85, 1, 0.1),
        waste_errors: m.incidents(0.01, 0.2),
        training_hours: m.training(),
        safety_quiz_score: m.quiz(),
      };
      const tasks = {
        CLEAN_WARD_TERMINAL: terminal + m.volume(5, 25),
        CLEAN_PUBLIC_SHIFT: m.volume(25, 45),
        MEDICAL_WASTE_ROUND: m.volume(30, 46),
      };
      return { inputs, tasks };
    },
    department: (m, sample) => costPair(m, 'supplies_cost', sample, 70000, 100),
  },

  SECURITY: {
    headcount: { CC: 30, SY: 22, other: 18 },
    employment: [60, 25, 15],
    staff(m) {
      const patrols = m.volume(90, 130);
      const faults = m.volume(0, 7);
      const thefts = m.rng.chance(0.55) ? 0 : m.rng.int(1, 4);
      const inputs = {
        patrols_planned: patrols,
        patrols_done: m.share(patrols, 0.82, 1, 0.1),
        ...m.hours(),
        ...m.survey(20, 45),
        alarm_response_minutes: round1(m.level(8.5, 2.2, 0.15)),
        complaints: m.complaints(),
        fire_faults: faults,
        fire_faults_fixed: m.share(faults, 0.5, 1, 0.2),
        ...m.hazards(2, 12),
        theft_cases: thefts,
        theft_cases_handled: m.share(thefts, 0.4, 1, 0.25),
        drills_planned: 1,
        drills_held: m.rng.chance(0.6 + 0.4 * m.c.q) ? 1 : 0,
        safety_quiz_score: m.quiz(),
        training_hours: m.training(),
      };
      const tasks = {
        SECURITY_PATROL: inputs.patrols_done,
        INCIDENT_RESPONSE: m.volume(4, 15),
        CCTV_SHIFT: m.volume(2, 10),
      };
      return { inputs, tasks };
    },
    // A fire on the site is rare; when it happens the whole department is vetoed (一票否决).
    department: (m) => ({ fire_incidents: m.incidents(0.01, 0.06) }),
  },

  CATERING: {
    headcount: { CC: 26, SY: 18, other: 16 },
    employment: [65, 15, 20],
    staff(m) {
      const hygiene = m.volume(18, 22);
      const meals = m.volume(1300, 1900);
      const hours = m.hours();
      const inputs = {
        ...hours,
        complaints: m.complaints(),
        hygiene_checks: hygiene,
        hygiene_pass: m.share(hygiene, 0.85, 1, 0.1),
        meals_delivered: meals,
        meals_ontime: m.share(meals, 0.9, 1, 0.08),
        training_hours: m.training(),
        safety_quiz_score: m.quiz(),
      };
      const tasks = {
        MEAL_SERVICE_SHIFT: Math.max(0, Math.round(hours.standard_hours / 8) - m.rng.int(0, 2)),
        SPECIAL_DIET: m.volume(50, 150),
        WARD_MEAL_ROUND: m.volume(50, 65),
      };
      return { inputs, tasks };
    },
    department: (m, sample) => {
      const gasPlan = plan(m, num(sample, 'gas_plan', 30000), null, 100);
      return {
        ...costPair(m, 'food_cost', sample, 900000, 1000),
        gas: m.costAgainstPlan(gasPlan, 10),
        gas_plan: gasPlan,
        canteen_score: round1(m.level(70, 96)),
        dishes_offered: Math.round(m.level(22, 50)),
        food_safety_incidents: m.incidents(0.01, 0.06),
      };
    },
  },

  PORTER: {
    headcount: { CC: 34, SY: 24, other: 20 },
    employment: [70, 20, 10],
    staff(m) {
      const transfers = m.volume(120, 200);
      const specimens = m.volume(90, 150);
      const inputs = {
        ...m.hours(),
        transfers,
        transfers_ontime: m.share(transfers, 0.86, 1, 0.08),
        specimens,
        specimens_ontime: m.share(specimens, 0.9, 1, 0.08),
        ...m.survey(25, 50),
        complaints: m.complaints(),
        transport_incidents: m.incidents(0.005, 0.08),
        training_hours: m.training(),
        safety_quiz_score: m.quiz(),
      };
      const tasks = {
        PATIENT_TRANSFER: transfers,
        SPECIMEN_DELIVERY: specimens,
        EQUIPMENT_TRANSFER: m.volume(20, 45),
      };
      return { inputs, tasks };
    },
    department: () => ({}),
  },

  ENERGY: {
    headcount: { CC: 10, SY: 8, other: 6 },
    employment: [95, 5, 0],
    staff(m) {
      const records = m.volume(55, 62);
      const inputs = {
        complaints: m.complaints(),
        patrol_records_required: records,
        patrol_records_ok: m.share(records, 0.85, 1, 0.08),
        ...m.findings(3, 10),
        safety_incidents: m.incidents(0.002, 0.02),
        training_hours: m.training(),
        ...m.targets(),
        safety_quiz_score: m.quiz(),
      };
      const tasks = {
        PLANT_PATROL: records,
        BOILER_CHILLER_ROUND: m.volume(35, 48),
        METER_READING_ROUND: m.volume(28, 32),
      };
      return { inputs, tasks };
    },
    department(m, sample) {
      const kwhPlan = plan(m, num(sample, 'kwh_plan', 1500000), ELECTRICITY_SEASON, 5000);
      const waterPlan = plan(m, num(sample, 'water_plan', 50000), null, 500);
      const gasPlan = plan(m, num(sample, 'gas_plan', 120000), HEATING_SEASON, 1000);
      // Key plant (boilers, chillers, substations) scheduled round the clock; the sample month gives the count.
      const plants = Math.max(1, Math.round(num(sample, 'scheduled_hours', 2232) / (24 * 31)));
      const scheduled = plants * 24 * m.c.days;
      return {
        kwh: m.costAgainstPlan(kwhPlan, 1000),
        kwh_plan: kwhPlan,
        water: m.costAgainstPlan(waterPlan, 100),
        water_plan: waterPlan,
        gas: m.costAgainstPlan(gasPlan, 100),
        gas_plan: gasPlan,
        temp_deviation: m.signedDeviation(2.4, 0.2),
        uptime_hours: scheduled - Math.round(scheduled * m.level(0.06, 0, 0.1)),
        scheduled_hours: scheduled,
      };
    },
  },

  ADMIN: {
    headcount: { CC: 9, SY: 7, other: 5 },
    employment: [100, 0, 0],
    staff(m) {
      const budget = m.rng.int(30, 90) * 10000;
      const listed = m.volume(6, 25);
      const pos = m.volume(80, 170);
      const inputs = {
        purchase_budget: budget,
        purchase_savings: Math.round((budget * m.level(0, 0.065)) / 100) * 100,
        idle_assets_listed: listed,
        idle_assets_reused: m.share(listed, 0.15, 0.7, 0.15),
        ...m.survey(15, 35),
        ...m.complaintsWithReplies(),
        po_lead_days: round1(m.level(9.5, 3)),
        stock_variance_pct: m.signedDeviation(1.8, 0.1),
        pos_total: pos,
        pos_ontime: m.share(pos, 0.85, 1, 0.08),
        ...m.findings(2, 7),
        ...m.targets(),
        training_hours: m.training(),
      };
      const tasks = { PURCHASE_ORDER: pos, GOODS_RECEIPT: m.volume(90, 145), STOCK_COUNT: m.volume(3, 6) };
      return { inputs, tasks };
    },
    department: (m, sample) => costPair(m, 'logistics_cost', sample, 2500000, 10000),
  },
};

/**
 * Inputs left out now and then, so the demo exercises the missing-data policies: `renormalize` (survey not
 * run, no idle-asset list), `zero` (no training record, patrol log not handed in) and, rarely, `fail` (the
 * incident register not filled in: that person gets an error instead of a score).
 */
export const STAFF_GAPS: { keys: string[]; p: number }[] = [
  { keys: ['survey_satisfied', 'survey_answers'], p: 0.05 },
  { keys: ['training_hours'], p: 0.06 },
  { keys: ['safety_quiz_score'], p: 0.04 },
  { keys: ['response_minutes'], p: 0.03 },
  { keys: ['alarm_response_minutes'], p: 0.03 },
  { keys: ['patrols_planned', 'patrols_done'], p: 0.05 },
  { keys: ['patrol_records_required', 'patrol_records_ok'], p: 0.06 },
  { keys: ['idle_assets_listed', 'idle_assets_reused'], p: 0.1 },
  { keys: ['safety_incidents'], p: 0.008 },
];

/** Department figures missing some months (survey not run, building-management system outage). */
export const DEPARTMENT_GAPS: { keys: string[]; p: number }[] = [
  { keys: ['canteen_score'], p: 0.08 },
  { keys: ['temp_deviation'], p: 0.06 },
  { keys: ['dishes_offered'], p: 0.03 },
];

// The demo hospital's feeds: the maintenance staff's work orders (报修工单) arrive as a work-order system's events,
// and their satisfaction answers as a survey campaign per campus answered by the wards, instead of as numbers in the
// month's document. Both are made from the document's own figures so that what the feeds derive is exactly what
// the document said (orders, orders on time, the mean response time, minor and major repairs; answers and satisfied
// answers): the demo's scores do not move, and the feeds are exercised end to end. Deterministic like the rest.
import { DemoDocument, DemoStaff } from './demo-hospital';
import { DEMO_SITE_NAMES } from './demo-organisation';
import { Rng } from './prng';

/** The post whose figures come from the feeds. */
export const FEED_POST = 'MAINT';
/** The inputs the work-order feed derives, and the tasks. */
export const WORK_ORDER_INPUTS = ['orders_total', 'orders_ontime', 'response_minutes'] as const;
export const WORK_ORDER_TASKS: Record<string, string> = {
  'repair.minor': 'REPAIR_MINOR',
  'repair.major': 'REPAIR_MAJOR',
};
/** The inputs the survey campaign writes. */
export const SURVEY_INPUTS = { answers: 'survey_answers', satisfied: 'survey_satisfied' } as const;
/** An order is on time when completed within this many minutes of its request (the mapping says so too). */
export const ON_TIME_MINUTES = 1440;

/** The demo's work-order system, as the feed knows it. */
export const DEMO_FEED = {
  code: 'EAM',
  name: '设备报修系统',
  names: { zh: '设备报修系统', en: 'Repair work-order system' },
};

export interface DemoWorkOrderEvent {
  eventId: string;
  orderId: string;
  type: 'created' | 'assigned' | 'arrived' | 'completed' | 'reopened' | 'rated';
  occurredAt: string;
  requester?: string;
  serviceType?: string;
  assignee?: string;
  team?: string;
  result?: string;
  rating?: number;
  note?: string;
}

export interface DemoCampaign {
  code: string;
  name: string;
  names: { zh: string; en: string };
  period: string;
  content: {
    questions: { code: string; text: { zh: string; en: string }; scale: 5 | 10 }[];
    comment: boolean;
    targets: { kind: 'staff'; code: string }[];
    outputs: { answers: string; satisfied: string };
    satisfiedAtLeast: number;
  };
  /**
   * The patient slips' label: the campaign's respondents are `respondents.length` slips added at once, which the
   * survey service labels "<slipLabel> · 1", "· 2"… (each respondent's `label` below is that label).
   */
  slipLabel: string;
  /**
   * Respondents (one per ward slip), in the order they are added, and each one's answers by target code, then
   * question code; a slip with no answers was never handed back (it lowers the response rate, not the figures).
   */
  respondents: { label: string; answers: Record<string, Record<string, number>>; comment?: string }[];
}

/** What a ward writes now and then on a slip that is not satisfied. */
const COMMENTS = [
  '报修后等了很久才有人来 · Waited long for someone to come',
  '修好后没多久又坏了 · Broke again soon after the repair',
  '维修后现场没有清理 · The site was left untidy after the repair',
  '希望提前告知维修时间 · Please tell us beforehand when you will come',
];

const QUESTIONS: DemoCampaign['content']['questions'] = [
  { code: 'q1', text: { zh: '响应及时', en: 'Came promptly' }, scale: 5 },
  { code: 'q2', text: { zh: '维修质量', en: 'Quality of the repair' }, scale: 5 },
  { code: 'q3', text: { zh: '服务态度', en: 'Courtesy' }, scale: 5 },
];

/** A recorded figure of the month, or undefined (a gap). */
const figure = (s: DemoStaff, code: string): number | undefined => {
  const v = s.inputs?.[code];
  return typeof v === 'number' ? v : undefined;
};

const fedStaff = (doc: DemoDocument): DemoStaff[] => doc.staff.filter((s) => s.postType === FEED_POST);

/** The document without what the feeds bring (the maintenance staff's work-order and survey figures). */
export function withoutFeedValues(doc: DemoDocument): DemoDocument {
  const out = structuredClone(doc);
  const fed = new Set<string>([...WORK_ORDER_INPUTS, SURVEY_INPUTS.answers, SURVEY_INPUTS.satisfied]);
  const tasks = new Set(Object.values(WORK_ORDER_TASKS));
  for (const s of out.staff) {
    if (s.postType !== FEED_POST) continue;
    for (const k of Object.keys(s.inputs ?? {})) if (fed.has(k)) delete s.inputs![k];
    if (s.tasks) for (const k of Object.keys(s.tasks)) if (tasks.has(k)) delete s.tasks[k];
  }
  return out;
}

const pad = (n: number) => String(n).padStart(2, '0');
const daysIn = (period: string) => {
  const [y, m] = period.split('-').map(Number);
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
};

/** Minutes after `period`-01 00:00 in the hospital's time (UTC+8) as ISO 8601 with its offset. */
function at(period: string, minutes: number): string {
  const [y, m] = period.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1, 1) + minutes * 60_000);
  return (
    `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}` +
    `T${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:00+08:00`
  );
}

/**
 * The month's work-order events: for each maintenance worker, `orders_total` orders (minor and major repairs as the
 * document's tasks say), `orders_ontime` of them completed within ON_TIME_MINUTES, response times whose mean is
 * `response_minutes` (no arrival recorded when the document has none), some rated, late ones now and then reopened
 * and completed again; then a few events of orders the system never announced (orphans), about 1 % resent, and
 * everything shuffled (a feed delivers out of order).
 */
export function demoWorkOrderEvents(doc: DemoDocument, seed: number): DemoWorkOrderEvent[] {
  const period = doc.period;
  const rng = Rng.for(seed, 'work-orders', period);
  const lastMinute = (daysIn(period) - 2) * 1440;
  const events: DemoWorkOrderEvent[] = [];
  let serial = 0;
  for (const s of fedStaff(doc)) {
    const total = figure(s, 'orders_total') ?? 0;
    const onTime = Math.min(total, figure(s, 'orders_ontime') ?? 0);
    const major = Math.min(total, s.tasks?.REPAIR_MAJOR ?? 0);
    const mean = figure(s, 'response_minutes');
    let d = 0;
    for (let i = 0; i < total; i++) {
      const orderId = `${period.replace('-', '')}-${String(++serial).padStart(6, '0')}`;
      const e = (type: DemoWorkOrderEvent['type'], minute: number, extra: Partial<DemoWorkOrderEvent> = {}) =>
        events.push({
          eventId: `${orderId}:${events.length}`,
          orderId,
          type,
          occurredAt: at(period, minute),
          ...extra,
        });
      const created = rng.int(8 * 60, lastMinute);
      // Pairs mean ± d around the document's mean (an odd last one is the mean itself): their mean is exact.
      if (i % 2 === 0 && mean !== undefined) d = rng.int(0, Math.max(0, Math.min(mean - 1, 20)));
      const response =
        mean === undefined ? 30 : i === total - 1 && total % 2 ? mean : i % 2 ? mean + d : mean - d;
      const done = i < onTime ? rng.int(Math.max(response + 10, 60), ON_TIME_MINUTES) : rng.int(1500, 4000);
      e('created', created, {
        requester: `WARD-${pad(rng.int(1, 24))}`,
        serviceType: i < major ? 'repair.major' : 'repair.minor',
      });
      e('assigned', created + 2, { assignee: s.id, team: s.department });
      if (mean !== undefined) e('arrived', created + response);
      e('completed', created + done, { result: 'done' });
      if (i >= onTime && rng.chance(0.1)) {
        e('reopened', created + done + 60, { note: '复修 rework' });
        e('completed', created + done + 240, { result: 'done' });
      }
      if (rng.chance(0.3)) e('rated', created + done + 120, { rating: rng.int(3, 5) });
    }
  }
  for (let i = 1; i <= 3; i++)
    events.push({
      eventId: `orphan-${period}-${i}`,
      orderId: `UNKNOWN-${period}-${i}`,
      type: 'rated',
      occurredAt: at(period, 1440 * i),
      rating: 4,
    });
  const resent = events.filter(() => rng.chance(0.01)).map((ev) => ({ ...ev }));
  const all = [...events, ...resent];
  for (let i = all.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [all[i], all[j]] = [all[j], all[i]];
  }
  return all;
}

/** The mapping from the demo's orders to the library's inputs and tasks (measures: docs/WORK-ORDERS.md). */
export const DEMO_WORK_ORDER_MAPPING = {
  inputs: [
    { input: 'orders_total', per: 'staff' as const, measure: 'orders' },
    { input: 'orders_ontime', per: 'staff' as const, measure: 'on_time_count', minutes: ON_TIME_MINUTES },
    { input: 'response_minutes', per: 'staff' as const, measure: 'response_mean' },
  ],
  tasks: Object.entries(WORK_ORDER_TASKS).map(([serviceType, task]) => ({
    serviceType,
    task,
    per: 'staff' as const,
  })),
};

/**
 * One campaign per campus: the wards rate the campus's maintenance workers on three questions. A worker with
 * `survey_answers` = n and `survey_satisfied` = k is rated by the first n ward slips, the first k of them with
 * scores of 4 and 5 (satisfied: mean ≥ 4), the others with 2 and 3. Workers without survey figures this month are
 * not rated (the document's gap stays a gap). A few more slips than needed are handed out and never come back,
 * and some slips that are not satisfied with someone carry a comment.
 */
export function demoSurveyCampaigns(doc: DemoDocument, seed: number): DemoCampaign[] {
  const rng = Rng.for(seed, 'surveys', doc.period);
  const bySite = new Map<string, DemoStaff[]>();
  for (const s of fedStaff(doc))
    if (figure(s, SURVEY_INPUTS.answers) !== undefined)
      bySite.set(s.site, [...(bySite.get(s.site) ?? []), s]);
  return [...bySite.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([site, staff]) => {
      const answered = Math.max(...staff.map((s) => figure(s, SURVEY_INPUTS.answers)!));
      const slips = answered + rng.int(1, Math.max(1, Math.round(answered * 0.12)));
      const slipLabel = '病区调查表 Ward slip';
      const respondents: DemoCampaign['respondents'] = Array.from({ length: slips }, (_, i) => ({
        label: `${slipLabel} · ${i + 1}`,
        answers: {},
      }));
      for (const s of staff) {
        const n = figure(s, SURVEY_INPUTS.answers)!;
        const k = Math.min(n, figure(s, SURVEY_INPUTS.satisfied) ?? 0);
        for (let i = 0; i < n; i++) {
          const [lo, hi] = i < k ? [4, 5] : [2, 3];
          respondents[i].answers[s.id] = Object.fromEntries(QUESTIONS.map((q) => [q.code, rng.int(lo, hi)]));
          if (i >= k && respondents[i].comment === undefined && rng.chance(0.3))
            respondents[i].comment = COMMENTS[rng.int(0, COMMENTS.length - 1)];
        }
      }
      const month = doc.period.replace('-', '');
      const where = {
        zh: DEMO_SITE_NAMES[site]?.zh ?? `${site} 院区`,
        en: DEMO_SITE_NAMES[site]?.en ?? `${site} campus`,
      };
      const names = {
        zh: `${doc.period} ${where.zh}维修服务满意度测评`,
        en: `${doc.period} ${where.en} repair service satisfaction survey`,
      };
      return {
        code: `SAT-${site}-${month}`,
        name: names.zh,
        names,
        period: doc.period,
        content: {
          questions: QUESTIONS,
          comment: true,
          targets: staff.map((s) => ({ kind: 'staff' as const, code: s.id })),
          outputs: { answers: SURVEY_INPUTS.answers, satisfied: SURVEY_INPUTS.satisfied },
          satisfiedAtLeast: 4,
        },
        slipLabel,
        respondents,
      };
    });
}

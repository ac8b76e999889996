// The mapping from a month's orders to measurements: which input of the dictionary each measure of the orders
// becomes, per member of staff (the order's assignee) or per team (the order's team, a department code), and
// which workload task a service type's completed orders count as. Here the content check (every problem at once,
// each with its path in the body, as the configuration's other pieces are checked) and the measures themselves,
// computed the same way by the derivation and by "the orders behind a value" (one accumulator), so a value and
// its explanation cannot disagree.
//
// Rules (docs/WORK-ORDERS.md, "Mapping"):
// - The orders of a subject are those of the month (an order belongs to the month of its `created` event) whose
//   assignee (per staff) or team (per team) is the subject, of the entry's service types when it names some.
// - A cancelled order (completed with result `cancelled`) counts in `orders` but in none of the shares' bases.
// - Counts (`orders`, `completed`, `on_time_count`) are whole numbers, 0 included when the subject has orders.
// - Percentages (0–100) and means keep full precision: the engine rounds when it scores.
// - Percentiles are nearest-rank: the smallest value with at least p % of the values at or below it, i.e. the
//   value at rank ⌈p/100 · n⌉ of the n values sorted ascending (p = 100 gives the largest).
import type { Aggregate, WorkOrderMappingContent } from '@app/persistence';
import { at, DocumentInvalidError, problem, Problem, ProblemCode, ProblemParams } from '@app/scoring';
import { quoteValue } from '../model';
import type { WorkOrder } from './orders';

export const WORK_ORDER_MEASURES = [
  'orders',
  'completed',
  'on_time_count',
  'response_p',
  'response_mean',
  'response_within',
  'on_time',
  'rework_rate',
  'mean_rating',
] as const;
export type WorkOrderMeasure = (typeof WORK_ORDER_MEASURES)[number];

export type MappingInput = WorkOrderMappingContent['inputs'][number];
export type MappingTask = WorkOrderMappingContent['tasks'][number];

/** The result of a completion that does the work (counted in `completed`, `on_time(_count)` and task counts). */
export const DONE = 'done';
/** The result of a completion that withdraws the order (out of the shares' bases). */
export const CANCELLED = 'cancelled';

/** The longest service type accepted (the events' column). */
const MAX_SERVICE_TYPE = 64;

/** What the content check needs to know of what is stored. */
export interface MappingContext {
  /** The input dictionary: level and how a month's observations aggregate. */
  inputs: ReadonlyMap<string, { level: 'staff' | 'department'; aggregate: Aggregate }>;
  /** The task codes of the workload catalogue in force for the mapping's first month (none: no catalogue). */
  tasks: ReadonlySet<string>;
  /** The mapping's first month ("YYYY-MM"). */
  period: string;
}

const quote = (v: unknown): string => quoteValue(v);

/**
 * Checks a mapping's content and returns it as stored (only the keys it defines).
 * @param prefix where the content is in the body (`content`), for the problems' paths
 * @throws DocumentInvalidError listing every problem, each with its path (400)
 */
export function checkMappingContent(
  raw: unknown,
  ctx: MappingContext,
  prefix = 'content',
): WorkOrderMappingContent {
  const problems: Problem[] = [];
  const bad = (path: string, code: ProblemCode, params?: ProblemParams) =>
    problems.push(problem(path, code, params));
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    bad(prefix, 'NOT_AN_OBJECT', { got: quote(raw) });
    throw new DocumentInvalidError(problems);
  }
  const body = raw as Record<string, unknown>;
  for (const key of Object.keys(body))
    if (key !== 'inputs' && key !== 'tasks') bad(at(prefix, key), 'UNKNOWN_KEY_REFUSED');

  const inputs: MappingInput[] = [];
  const tasks: MappingTask[] = [];
  const list = (key: 'inputs' | 'tasks'): unknown[] => {
    const v = body[key];
    if (v === undefined) {
      bad(at(prefix, key), 'REQUIRED_LIST');
      return [];
    }
    if (!Array.isArray(v)) {
      bad(at(prefix, key), 'NOT_A_LIST', { got: quote(v) });
      return [];
    }
    return v as unknown[];
  };
  const text = (path: string, v: unknown): v is string => {
    if (typeof v === 'string' && v.trim() !== '' && v.length <= MAX_SERVICE_TYPE) return true;
    bad(path, v === undefined ? 'REQUIRED' : 'NOT_A_STRING', v === undefined ? undefined : { got: quote(v) });
    return false;
  };
  const object = (path: string, v: unknown, keys: readonly string[]): v is Record<string, unknown> => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) {
      bad(path, 'NOT_AN_OBJECT', { got: quote(v) });
      return false;
    }
    for (const key of Object.keys(v)) if (!keys.includes(key)) bad(at(path, key), 'UNKNOWN_KEY_REFUSED');
    return true;
  };

  const seenInputs = new Set<string>();
  list('inputs').forEach((item, i) => {
    const path = at(prefix, 'inputs', i);
    if (!object(path, item, ['input', 'per', 'measure', 'serviceTypes', 'minutes', 'percentile'])) return;
    const before = problems.length;
    const { input, per, measure, serviceTypes, minutes, percentile } = item;
    const def = typeof input === 'string' ? ctx.inputs.get(input) : undefined;
    if (text(at(path, 'input'), input)) {
      if (!def) bad(at(path, 'input'), 'NOT_IN_DICTIONARY', { got: quote(input) });
      else if (seenInputs.has(input)) bad(at(path, 'input'), 'DUPLICATE', { what: 'input', code: input });
      seenInputs.add(input);
    }
    if (per !== 'staff' && per !== 'team')
      bad(at(path, 'per'), per === undefined ? 'REQUIRED_ONE_OF' : 'ONE_OF_GOT', {
        values: 'staff, team',
        ...(per === undefined ? {} : { got: quote(per) }),
      });
    // A staff-level input is measured for staff, a department-level one for a department (the team).
    else if (def?.level === 'staff' && per === 'team')
      bad(at(path, 'per'), 'STAFF_LEVEL_INPUT', { input: String(input) });
    else if (def?.level === 'department' && per === 'staff')
      bad(at(path, 'per'), 'ONE_OF_GOT', { values: 'team', got: quote(per) });
    if (!(WORK_ORDER_MEASURES as readonly unknown[]).includes(measure))
      bad(at(path, 'measure'), measure === undefined ? 'REQUIRED_ONE_OF' : 'ONE_OF_GOT', {
        values: WORK_ORDER_MEASURES.join(', '),
        ...(measure === undefined ? {} : { got: quote(measure) }),
      });
    const needsMinutes =
      measure === 'response_within' || measure === 'on_time' || measure === 'on_time_count';
    if (minutes === undefined) {
      if (needsMinutes) bad(at(path, 'minutes'), 'REQUIRED');
    } else if (typeof minutes !== 'number' || !Number.isFinite(minutes))
      bad(at(path, 'minutes'), 'NOT_A_NUMBER', { got: quote(minutes) });
    else if (minutes <= 0) bad(at(path, 'minutes'), 'NOT_POSITIVE', { got: quote(minutes) });
    if (percentile === undefined) {
      if (measure === 'response_p') bad(at(path, 'percentile'), 'REQUIRED');
    } else if (
      typeof percentile !== 'number' ||
      !Number.isInteger(percentile) ||
      percentile < 1 ||
      percentile > 100
    )
      bad(at(path, 'percentile'), 'ONE_OF_GOT', {
        values: '1 … 100 (a whole number)',
        got: quote(percentile),
      });
    const types = serviceTypeList(at(path, 'serviceTypes'), serviceTypes, bad, text);
    if (problems.length === before) {
      const entry: MappingInput = {
        input: input as string,
        per: per as 'staff' | 'team',
        measure: measure as string,
      };
      if (types) entry.serviceTypes = types;
      if (minutes !== undefined) entry.minutes = minutes as number;
      if (percentile !== undefined) entry.percentile = percentile as number;
      inputs.push(entry);
    }
  });

  const seenTypes = new Set<string>();
  list('tasks').forEach((item, i) => {
    const path = at(prefix, 'tasks', i);
    if (!object(path, item, ['serviceType', 'task', 'per'])) return;
    const before = problems.length;
    const { serviceType, task, per } = item;
    if (text(at(path, 'serviceType'), serviceType)) {
      if (seenTypes.has(serviceType))
        bad(at(path, 'serviceType'), 'DUPLICATE', { what: 'serviceType', code: serviceType });
      seenTypes.add(serviceType);
    }
    if (text(at(path, 'task'), task) && !ctx.tasks.has(task))
      bad(at(path, 'task'), 'NOT_A_TASK', { got: quote(task), period: ctx.period });
    // Task counts are measured for staff (a department's workload is its staff's).
    if (per !== undefined && per !== 'staff')
      bad(at(path, 'per'), per === 'team' ? 'TASK_FOR_STAFF' : 'ONE_OF_GOT', {
        values: 'staff',
        got: quote(per),
      });
    if (problems.length === before)
      tasks.push({ serviceType: serviceType as string, task: task as string, per: 'staff' });
  });
  if (problems.length) throw new DocumentInvalidError(problems);
  return { inputs, tasks };
}

function serviceTypeList(
  path: string,
  v: unknown,
  bad: (path: string, code: ProblemCode, params?: ProblemParams) => void,
  text: (path: string, v: unknown) => boolean,
): string[] | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v)) {
    bad(path, 'NOT_A_LIST', { got: quote(v) });
    return undefined;
  }
  if (v.length === 0) bad(path, 'EMPTY_LIST');
  const seen = new Set<string>();
  v.forEach((t, j) => {
    if (!text(at(path, j), t)) return;
    if (seen.has(t as string)) bad(at(path, j), 'DUPLICATE', { what: 'serviceType', code: t as string });
    seen.add(t as string);
  });
  return v as string[];
}

/** The subject an order counts for under `per`: its assignee (staff code) or its team (department code). */
export function subjectOf(order: WorkOrder, per: 'staff' | 'team'): string | null {
  return per === 'staff' ? order.assignee : order.team;
}

/** Whether the order is one the entry looks at: of the month (not an orphan) and of its service types. */
export function inScope(order: WorkOrder, entry: { serviceTypes?: string[] }): boolean {
  if (order.orphan) return false;
  return (
    !entry.serviceTypes || (order.serviceType !== null && entry.serviceTypes.includes(order.serviceType))
  );
}

export function isCancelled(order: WorkOrder): boolean {
  return order.state === 'completed' && order.result === CANCELLED;
}

export function isDone(order: WorkOrder): boolean {
  return order.state === 'completed' && order.result === DONE;
}

/** Completed `done` within `minutes` of its creation (`on_time`'s hits, `on_time_count`'s count). */
export function isOnTime(order: WorkOrder, minutes: number): boolean {
  return isDone(order) && order.completionMinutes !== null && order.completionMinutes <= minutes;
}

/** Nearest rank: the value at rank ⌈p/100 · n⌉ (1-based) of `sorted` (ascending); undefined when empty. */
export function nearestRank(sorted: readonly number[], p: number): number | undefined {
  if (sorted.length === 0) return undefined;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1];
}

/**
 * One subject's measure, built order by order (the derivation streams orders through one per entry and
 * subject). `counts(order)` says whether the order entered the value, for "the orders behind a value".
 */
export class MeasureAccumulator {
  private count = 0;
  private hits = 0;
  private base = 0;
  private sum = 0;
  private readonly values: number[] = [];

  constructor(readonly entry: Pick<MappingInput, 'measure' | 'minutes' | 'percentile'>) {}

  /** Adds an order of the subject (in scope: the caller filtered subject and service types). */
  add(order: WorkOrder): void {
    this.count++;
    const { measure, minutes = 0 } = this.entry;
    switch (measure as WorkOrderMeasure) {
      case 'orders':
        return;
      case 'completed':
        if (isDone(order)) this.hits++;
        return;
      case 'on_time_count':
        if (isOnTime(order, minutes)) this.hits++;
        return;
      case 'response_p':
        if (order.responseMinutes !== null) this.values.push(order.responseMinutes);
        return;
      case 'response_mean':
        if (order.responseMinutes === null) return;
        this.base++;
        this.sum += order.responseMinutes;
        return;
      case 'response_within':
        if (isCancelled(order)) return;
        this.base++;
        if (order.responseMinutes !== null && order.responseMinutes <= minutes) this.hits++;
        return;
      case 'on_time':
        if (isCancelled(order)) return;
        this.base++;
        if (isOnTime(order, minutes)) this.hits++;
        return;
      case 'rework_rate':
        if (order.completedAt === null) return;
        this.base++;
        if (order.reworks > 0) this.hits++;
        return;
      case 'mean_rating':
        if (order.rating === null) return;
        this.base++;
        this.sum += order.rating;
        return;
    }
  }

  /**
   * Whether the order enters the value (for the list behind it): in its base, or its only ingredient — for a
   * count, whether it is counted.
   */
  static counts(entry: Pick<MappingInput, 'measure' | 'minutes'>, order: WorkOrder): boolean {
    switch (entry.measure as WorkOrderMeasure) {
      case 'orders':
        return true;
      case 'completed':
        return isDone(order);
      case 'on_time_count':
        return isOnTime(order, entry.minutes ?? 0);
      case 'response_p':
      case 'response_mean':
        return order.responseMinutes !== null;
      case 'response_within':
      case 'on_time':
        return !isCancelled(order);
      case 'rework_rate':
        return order.completedAt !== null;
      case 'mean_rating':
        return order.rating !== null;
      default:
        return false;
    }
  }

  /** The value, full precision; null when the subject's orders give none (no base, no values). */
  value(): number | null {
    switch (this.entry.measure as WorkOrderMeasure) {
      case 'orders':
        return this.count;
      case 'completed':
      case 'on_time_count':
        return this.hits;
      case 'response_p':
        return (
          nearestRank(
            [...this.values].sort((a, b) => a - b),
            this.entry.percentile ?? 50,
          ) ?? null
        );
      case 'response_within':
      case 'on_time':
      case 'rework_rate':
        return this.base === 0 ? null : (100 * this.hits) / this.base;
      case 'response_mean':
      case 'mean_rating':
        return this.base === 0 ? null : this.sum / this.base;
      default:
        return null;
    }
  }
}

/** The value of `entry` over one subject's orders (already filtered to the subject and the entry's scope). */
export function measureOf(entry: MappingInput, orders: readonly WorkOrder[]): number | null {
  const acc = new MeasureAccumulator(entry);
  for (const o of orders) acc.add(o);
  return acc.value();
}

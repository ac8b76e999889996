// The mapping's content check (every problem at once, each naming its field) and the measures: nearest-rank
// percentiles, shares as percentages with full precision, cancelled orders out of the shares' bases.
import { DocumentInvalidError, Problem } from '@app/scoring';
import { checkMappingContent, MappingContext, MeasureAccumulator, measureOf, nearestRank } from './mapping';
import type { WorkOrder } from './orders';

const CTX: MappingContext = {
  inputs: new Map([
    ['response_p90', { level: 'staff', aggregate: 'last' }],
    ['orders_total', { level: 'staff', aggregate: 'sum' }],
    ['team_rework', { level: 'department', aggregate: 'last' }],
  ]),
  tasks: new Set(['REPAIR_MINOR']),
  period: '2026-10',
};

function problemsOf(raw: unknown): Problem[] {
  try {
    checkMappingContent(raw, CTX);
  } catch (e) {
    if (e instanceof DocumentInvalidError) return e.problems;
    throw e;
  }
  return [];
}

describe('checkMappingContent', () => {
  it('accepts a valid mapping and returns only its keys', () => {
    const content = {
      inputs: [
        {
          input: 'response_p90',
          per: 'staff',
          measure: 'response_p',
          percentile: 90,
          serviceTypes: ['repair'],
        },
        { input: 'team_rework', per: 'team', measure: 'rework_rate' },
      ],
      tasks: [{ serviceType: 'repair', task: 'REPAIR_MINOR', per: 'staff' }],
    };
    expect(checkMappingContent(content, CTX)).toEqual(content);
    // `per` of a task may be left out: task counts are always staff's.
    expect(
      checkMappingContent({ inputs: [], tasks: [{ serviceType: 'r', task: 'REPAIR_MINOR' }] }, CTX).tasks,
    ).toEqual([{ serviceType: 'r', task: 'REPAIR_MINOR', per: 'staff' }]);
  });

  it('lists every problem with its path in the body', () => {
    const problems = problemsOf({
      inputs: [
        { input: 'nope', per: 'staff', measure: 'orders' },
        { input: 'orders_total', per: 'team', measure: 'orders' },
        { input: 'team_rework', per: 'staff', measure: 'rework_rate' },
        { input: 'response_p90', per: 'staff', measure: 'response_p' },
        { input: 'orders_total', per: 'staff', measure: 'on_time', minutes: -3, extra: 1 },
        { input: 'response_p90', per: 'staff', measure: 'median', percentile: 101 },
      ],
      tasks: [
        { serviceType: 'repair', task: 'NO_TASK', per: 'team' },
        { serviceType: 'repair', task: 'REPAIR_MINOR' },
      ],
      other: true,
    });
    expect(problems.map((p) => [p.path, p.code])).toEqual([
      ['content.other', 'UNKNOWN_KEY_REFUSED'],
      ['content.inputs[0].input', 'NOT_IN_DICTIONARY'],
      ['content.inputs[1].per', 'STAFF_LEVEL_INPUT'],
      ['content.inputs[2].per', 'ONE_OF_GOT'],
      ['content.inputs[3].percentile', 'REQUIRED'],
      ['content.inputs[4].extra', 'UNKNOWN_KEY_REFUSED'],
      ['content.inputs[4].input', 'DUPLICATE'],
      ['content.inputs[4].minutes', 'NOT_POSITIVE'],
      ['content.inputs[5].input', 'DUPLICATE'],
      ['content.inputs[5].measure', 'ONE_OF_GOT'],
      ['content.inputs[5].percentile', 'ONE_OF_GOT'],
      ['content.tasks[0].task', 'NOT_A_TASK'],
      ['content.tasks[0].per', 'TASK_FOR_STAFF'],
      ['content.tasks[1].serviceType', 'DUPLICATE'],
    ]);
    expect(problems[1].message).toBe('"nope" is not in the input dictionary');
    expect(problems[11].message).toBe(
      '"NO_TASK" is not a task of the workload catalogue in force for 2026-10',
    );
  });

  it('needs both lists, and minutes for the time limits', () => {
    expect(problemsOf({}).map((p) => p.path)).toEqual(['content.inputs', 'content.tasks']);
    expect(problemsOf([]).map((p) => [p.path, p.code])).toEqual([['content', 'NOT_AN_OBJECT']]);
    expect(
      problemsOf({
        inputs: [{ input: 'orders_total', per: 'staff', measure: 'response_within' }],
        tasks: [],
      }).map((p) => p.path),
    ).toEqual(['content.inputs[0].minutes']);
    expect(
      problemsOf({
        inputs: [
          { input: 'orders_total', per: 'staff', measure: 'on_time_count' },
          { input: 'response_p90', per: 'staff', measure: 'on_time_count', minutes: 0 },
        ],
        tasks: [],
      }).map((p) => [p.path, p.code]),
    ).toEqual([
      ['content.inputs[0].minutes', 'REQUIRED'],
      ['content.inputs[1].minutes', 'NOT_POSITIVE'],
    ]);
    // A mean needs neither minutes nor a percentile.
    const mean = { input: 'response_p90', per: 'staff', measure: 'response_mean' };
    expect(checkMappingContent({ inputs: [mean], tasks: [] }, CTX).inputs).toEqual([mean]);
  });
});

describe('measures', () => {
  let n = 0;
  const order = (o: Partial<WorkOrder>): WorkOrder => ({
    feedId: 1,
    orderId: `o${++n}`,
    month: '2026-10',
    orphan: false,
    state: 'completed',
    events: 4,
    requester: null,
    serviceType: 'repair',
    assignee: 'E1',
    team: 'T1',
    createdAt: '2026-10-01T00:00:00.000Z',
    arrivedAt: null,
    completedAt: '2026-10-01T02:00:00.000Z',
    result: 'done',
    responseMinutes: null,
    completionMinutes: 120,
    reworks: 0,
    rating: null,
    ...o,
  });

  it('takes percentiles by nearest rank', () => {
    const v = [15, 20, 35, 40, 50];
    expect(nearestRank(v, 50)).toBe(35);
    expect(nearestRank(v, 30)).toBe(20); // ⌈1.5⌉ = 2
    expect(nearestRank(v, 40)).toBe(20); // ⌈2⌉ = 2
    expect(nearestRank(v, 100)).toBe(50);
    expect(nearestRank(v, 1)).toBe(15);
    expect(nearestRank([], 90)).toBeUndefined();
  });

  it('computes each measure over the subject’s orders', () => {
    const orders = [
      order({ responseMinutes: 10, completionMinutes: 50, rating: 5 }),
      order({ responseMinutes: 40, completionMinutes: 300, reworks: 1, rating: 2 }),
      order({ responseMinutes: 25, state: 'reopened', completionMinutes: null, reworks: 2 }),
      order({ responseMinutes: null, result: 'cancelled' }),
      order({
        responseMinutes: 5,
        state: 'arrived',
        completedAt: null,
        completionMinutes: null,
        result: null,
      }),
    ];
    const m = (measure: string, extra = {}) =>
      measureOf({ input: 'x', per: 'staff', measure, ...extra }, orders);
    expect(m('orders')).toBe(5);
    expect(m('completed')).toBe(2);
    // Done within 2 hours: the first only (the cancelled one's 120 minutes are no completion of the work, the
    // reopened one is not completed now); within 5 hours, the second too; a count is 0, not missing.
    expect(m('on_time_count', { minutes: 120 })).toBe(1);
    expect(m('on_time_count', { minutes: 300 })).toBe(2);
    expect(m('on_time_count', { minutes: 1 })).toBe(0);
    expect(m('response_p', { percentile: 50 })).toBe(10); // of 5, 10, 25, 40: rank 2
    expect(m('response_p', { percentile: 90 })).toBe(40);
    // The mean of 10, 40, 25 and 5 (the order never reached is left out, cancelled or not).
    expect(m('response_mean')).toBe(20);
    // The cancelled order is out of the base: 2 of 4 within 20 minutes.
    expect(m('response_within', { minutes: 20 })).toBe(50);
    // Done within 2 hours: only the first, of 4.
    expect(m('on_time', { minutes: 120 })).toBe(25);
    // Ever completed: 4 (the arrived one never was); reopened at least once: 2.
    expect(m('rework_rate')).toBe(50);
    expect(m('mean_rating')).toBe(3.5);
    // Full precision: 1 of 3.
    expect(
      measureOf({ input: 'x', per: 'staff', measure: 'rework_rate' }, orders.slice(0, 2).concat(orders[3])),
    ).toBe(100 / 3);
    expect(measureOf({ input: 'x', per: 'staff', measure: 'mean_rating' }, orders.slice(2))).toBeNull();
    // No arrival at all: no mean response time (missing), not 0; fractions of minutes kept.
    expect(measureOf({ input: 'x', per: 'staff', measure: 'response_mean' }, [orders[3]])).toBeNull();
    expect(
      measureOf({ input: 'x', per: 'staff', measure: 'response_mean' }, [
        order({ responseMinutes: 1.5 }),
        order({ responseMinutes: 2 }),
        order({ responseMinutes: 3 }),
      ]),
    ).toBe(6.5 / 3);

    // The orders behind a count are the ones it counted; behind a mean, the ones with an arrival.
    const counted = (entry: { measure: string; minutes?: number }) =>
      orders.map((o) => MeasureAccumulator.counts(entry, o));
    expect(counted({ measure: 'on_time_count', minutes: 120 })).toEqual([true, false, false, false, false]);
    expect(counted({ measure: 'response_mean' })).toEqual([true, true, true, false, true]);
  });
});

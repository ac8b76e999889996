// A month's work orders turned into measurements (docs/WORK-ORDERS.md, "Derivation"). derive() reads the month's
// orders a chunk at a time (month-orders.ts), measures them with the mapping in force for the month (mapping.ts),
// and stores the values as one intake batch (source `work_orders`) in one transaction that first withdraws the
// month's previous derivation batch — so a derivation replaces the last one instead of adding to it, and a
// withdrawal of the batch (DELETE /batches/{id}) takes the month's derived values out like any other intake's.
// The heavy reading happens before the transaction (a month is refused early when it cannot take data, and
// checked again under the month's lock); the transaction holds only the writes. Also here: the latest
// derivation of a month with its values, the month's orders page by page, and the orders behind one value.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import {
  Department,
  InputDefinition,
  IntakeBatch,
  Observation,
  Period,
  Role,
  Staff,
  WorkOrderDerivation,
  WorkOrderMappingContent,
  WorkloadCatalogueVersion,
  WorkOrderMappingVersion,
} from '@app/persistence';
import { DocumentInvalidError, formatProblem } from '@app/scoring';
import { audit } from '../audit';
import { ConfigurationConflictError } from '../configuration/configuration-errors';
import {
  BatchView,
  batchView,
  EVIDENCE_OPTIONS,
  EvidenceOptions,
  IntakeBatchesService,
  MAX_MEASUREMENT_ROWS,
  MeasurementRow,
  MeasurementsService,
  openMonths,
  sha256OfJson,
} from '../documents';
import { ConflictError, findInForce, inForce, InvalidError, loadTimelines, NotFoundError } from '../model';
import { lockMonthsForChange, outsideIntakeWindow, periodBounds, PeriodNotFoundError } from '../periods';
import { checkMappingContent, inScope, isDone, MappingInput, MeasureAccumulator, subjectOf } from './mapping';
import {
  feedCodes,
  forEachMonthOrder,
  forEachOrderOf,
  monthOrderPage,
  ordersAssignedTo,
} from './month-orders';
import type { WorkOrder } from './orders';
import { mappingContext } from './work-order-mapping.service';

/** How many orphan orders a summary names (the count is always whole). */
export const ORPHANS_LISTED = 1000;
/** Orders on one page of a month's list. */
export const ORDERS_PAGE_SIZE = 100;

/** What a derivation read and made (stored with it, shown by GET /periods/{p}/work-orders). */
export interface DerivationSummary {
  period: string;
  mappingVersion: number;
  /** The mapping content used (what "the orders behind a value" explains with, whatever changed since). */
  mapping: WorkOrderMappingContent;
  /** Orders of the month (created in it). */
  orders: number;
  /** Events of those orders and of the orphans. */
  events: number;
  /** Orders with events in the month but no `created` event: kept, not derived. */
  orphans: number;
  /** The orphans as `<feed>:<order id>` (at most ORPHANS_LISTED). */
  orphanOrders: string[];
  /** Orders created in another month with events in this one (they count in their own month). */
  otherMonths: number;
  withoutAssignee: number;
  withoutTeam: number;
  /** Assignees that are no staff code, and teams that are no department code: skipped, with their orders. */
  unknownStaff: { code: string; orders: number }[];
  unknownTeams: { code: string; orders: number }[];
  /** Measurement rows made (inputs and task counts). */
  rows: number;
  /** True when the rows equal the batch in force, which was kept (no new batch, no new data version). */
  unchanged: boolean;
}

export interface DerivedMonth {
  rows: MeasurementRow[];
  summary: Omit<DerivationSummary, 'unchanged'>;
}

export interface DerivationResult {
  derivation: { id: number; createdAt: string; createdBy: string; mappingVersion: number };
  /** The batch holding the month's derived values (null when the orders gave none). */
  batch: BatchView | null;
  summary: DerivationSummary;
}

/** An order as the API lists it: its feed by code. */
export type OrderView = Omit<WorkOrder, 'feedId'> & { feed: string };

/** Who reads "the orders behind a value" (the API's principal has this shape). */
export interface WorkOrderReader {
  role: Role;
  staffId: number | null;
  departments: string[];
}

/** A subject of a value: a member of staff or a team (a department code). */
export type ValueSubject = { per: 'staff'; code: string } | { per: 'team'; code: string };

const byCode = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** A derived row's code and subject, for its place in the canonical order. */
function rowKey(r: MeasurementRow): string {
  return [r.input ? `i:${r.input}` : `t:${r.task}`, r.staff ? `s:${r.staff}` : `d:${r.department}`].join(
    '\u0000',
  );
}

/**
 * The month's measurements from its orders under `mapping` (nothing is written), read a chunk of orders at a
 * time. Assignees that are no staff code and teams that are no department code are skipped and reported.
 */
export async function deriveMonth(
  em: EntityManager,
  period: string,
  mapping: { version: number; content: WorkOrderMappingContent },
): Promise<DerivedMonth> {
  const inputs = mapping.content.inputs.map((entry) => ({
    entry,
    bySubject: new Map<string, MeasureAccumulator>(),
  }));
  const taskOf = new Map(mapping.content.tasks.map((t) => [t.serviceType, t.task]));
  const taskCounts = new Map<string, Map<string, number>>();
  const staffOrders = new Map<string, number>();
  const teamOrders = new Map<string, number>();
  const orphanOrders: string[] = [];
  const feeds = await feedCodes(em);
  let orders = 0;
  let events = 0;
  let orphans = 0;
  let otherMonths = 0;
  let withoutAssignee = 0;
  let withoutTeam = 0;
  const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);

  await forEachMonthOrder(em, period, (chunk) => {
    for (const o of chunk) {
      if (o.orphan) {
        orphans++;
        events += o.events;
        if (orphanOrders.length < ORPHANS_LISTED) orphanOrders.push(`${feeds.get(o.feedId)}:${o.orderId}`);
        continue;
      }
      if (o.month !== period) {
        otherMonths++;
        continue;
      }
      orders++;
      events += o.events;
      if (o.assignee !== null) bump(staffOrders, o.assignee);
      else withoutAssignee++;
      if (o.team !== null) bump(teamOrders, o.team);
      else withoutTeam++;
      for (const { entry, bySubject } of inputs) {
        const subject = subjectOf(o, entry.per);
        if (subject === null || !inScope(o, entry)) continue;
        let acc = bySubject.get(subject);
        if (!acc) bySubject.set(subject, (acc = new MeasureAccumulator(entry)));
        acc.add(o);
      }
      const task = o.serviceType === null ? undefined : taskOf.get(o.serviceType);
      if (task && o.assignee !== null && isDone(o)) {
        let counts = taskCounts.get(task);
        if (!counts) taskCounts.set(task, (counts = new Map<string, number>()));
        bump(counts, o.assignee);
      }
    }
  });

  const knownStaff = await existingCodes(em, Staff, [...staffOrders.keys()]);
  const knownTeams = await existingCodes(em, Department, [...teamOrders.keys()]);
  const date = periodBounds(period).last;
  const rows: MeasurementRow[] = [];
  for (const { entry, bySubject } of inputs) {
    const known = entry.per === 'staff' ? knownStaff : knownTeams;
    for (const [subject, acc] of bySubject) {
      const value = acc.value();
      if (value === null || !known.has(subject)) continue;
      rows.push({
        input: entry.input,
        ...(entry.per === 'staff' ? { staff: subject } : { department: subject }),
        date,
        value,
        mode: 'monthly',
      });
    }
  }
  for (const [task, counts] of taskCounts)
    for (const [staff, value] of counts)
      if (knownStaff.has(staff)) rows.push({ task, staff, date, value, mode: 'monthly' });
  // Inputs by code, then tasks in the catalogue's order (the order a person's points explanation lists them in
  // follows the rows'), each by subject: the canonical order the batch's SHA-256 is taken over.
  const catalogue = inForce(await em.find(WorkloadCatalogueVersion, { order: { version: 'ASC' } }), period);
  const place = new Map((catalogue?.content.tasks ?? []).map((t, i) => [t.code, String(i).padStart(6, '0')]));
  const sortKey = (r: MeasurementRow) =>
    r.input !== undefined ? `0${rowKey(r)}` : `1${place.get(r.task!) ?? '999999'}${rowKey(r)}`;
  rows.sort((a, b) => byCode(sortKey(a), sortKey(b)));

  const unknown = (m: Map<string, number>, known: Set<string>) =>
    [...m]
      .filter(([code]) => !known.has(code))
      .map(([code, n]) => ({ code, orders: n }))
      .sort((a, b) => byCode(a.code, b.code));
  return {
    rows,
    summary: {
      period,
      mappingVersion: mapping.version,
      mapping: mapping.content,
      orders,
      events,
      orphans,
      orphanOrders,
      otherMonths,
      withoutAssignee,
      withoutTeam,
      unknownStaff: unknown(staffOrders, knownStaff),
      unknownTeams: unknown(teamOrders, knownTeams),
      rows: rows.length,
    },
  };
}

/** Which of `codes` exist as `entity` codes (read 500 at a time). */
async function existingCodes(
  em: EntityManager,
  entity: typeof Staff | typeof Department,
  codes: readonly string[],
): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < codes.length; i += 500) {
    const rows: { code: string }[] = await em
      .getRepository<{ code: string }>(entity)
      .find({ select: { code: true }, where: { code: In(codes.slice(i, i + 500)) } });
    for (const r of rows) found.add(r.code);
  }
  return found;
}

/** An order as listed: its feed by code. */
function orderView(o: WorkOrder, feeds: ReadonlyMap<number, string>): OrderView {
  const { feedId, ...rest } = o;
  return { feed: feeds.get(feedId) ?? String(feedId), ...rest };
}

@Injectable()
export class WorkOrderDerivationService {
  private readonly measurements: MeasurementsService;
  private readonly batches: IntakeBatchesService;

  constructor(
    private readonly ds: DataSource,
    @Optional() @Inject(EVIDENCE_OPTIONS) private readonly evidence?: EvidenceOptions,
  ) {
    this.measurements = new MeasurementsService(ds);
    this.batches = new IntakeBatchesService(ds, evidence);
  }

  /**
   * Derives the month from its orders and stores the values as the month's work-order batch, replacing the
   * previous one (withdrawn in the same transaction). Audited `work_orders.derive` (and, through the intake,
   * `batch.withdraw` and `measurements.record`).
   * @throws InvalidError when the month is outside the intake window (400); PeriodNotFoundError when the month
   *   neither exists nor has orders (404); ConfigurationConflictError when no mapping is in force for the month or
   *   the mapping no longer fits its dictionary or catalogue (409); ConflictError when the month makes more rows
   *   than one batch holds (409); MonthDataLockedError when the month is approved or closed or a run of it is
   *   active (409)
   */
  async derive(actor: string, period: string): Promise<DerivationResult> {
    const outside = outsideIntakeWindow(period);
    if (outside) throw new InvalidError(outside);
    // Refused early (the month approved, closed or being scored) before a long read; checked again under the lock.
    const existing = await this.ds.manager.findOne(Period, { where: { period } });
    if (existing) await this.ds.transaction((em) => lockMonthsForChange(em, [existing.id]));
    const mapping = await this.mappingFor(this.ds.manager, period);
    const derived = await deriveMonth(this.ds.manager, period, mapping);
    const { rows } = derived;
    if (rows.length > MAX_MEASUREMENT_ROWS)
      throw new ConflictError(
        `the orders of ${period} make ${rows.length} measurement rows, more than the ${MAX_MEASUREMENT_ROWS} one ` +
          'intake batch holds: map fewer inputs, or derive per team rather than per person',
        'WORK_ORDER_TOO_MANY_ROWS',
      );
    const sha256 = sha256OfJson(rows);
    const evidenceFiles: string[] = [];
    const result = await this.ds.transaction(async (em) => {
      let month = await em.findOne(Period, { where: { period } });
      if (!month) {
        if (rows.length === 0) throw new PeriodNotFoundError(period);
        [month] = await openMonths(em, [period]);
      }
      await lockMonthsForChange(em, [month.id]);
      const previous = await em.findOne(WorkOrderDerivation, {
        where: { periodId: month.id },
        order: { id: 'DESC' },
      });
      const prior = previous?.batchId
        ? await em.findOne(IntakeBatch, { where: { id: previous.batchId } })
        : null;
      const inForce = prior && !prior.withdrawnAt ? prior : null;
      let batch: BatchView | null = null;
      let unchanged = false;
      if (inForce && rows.length > 0 && inForce.sha256 === sha256) {
        // The same values again: the batch in force stays (no withdrawal, no new data version to re-score).
        batch = batchView(inForce);
        unchanged = true;
      } else {
        if (inForce) await this.batches.withdrawIn(em, actor, inForce.id, evidenceFiles);
        if (rows.length > 0)
          batch = (await this.measurements.recordIn(em, actor, rows, { source: 'work_orders', sha256 }))
            .batch;
      }
      const summary: DerivationSummary = { ...derived.summary, unchanged };
      const saved = await em.save(
        em.create(WorkOrderDerivation, {
          periodId: month.id,
          batchId: batch?.id ?? null,
          mappingVersion: mapping.version,
          summary: summary as unknown as Record<string, unknown>,
          createdBy: actor,
          createdAt: new Date().toISOString(),
        }),
      );
      // The audit entry keeps the counts; the mapping and the orphans' ids are the derivation row's.
      const counts = Object.fromEntries(
        Object.entries(summary).filter(([k]) => k !== 'mapping' && k !== 'orphanOrders'),
      );
      await audit(em, {
        actor,
        action: 'work_orders.derive',
        entity: 'work_order_derivation',
        entityKey: period,
        before: inForce ? { batchId: inForce.id } : null,
        after: { derivation: saved.id, batchId: batch?.id ?? null, ...counts },
      });
      return {
        derivation: {
          id: saved.id,
          createdAt: saved.createdAt,
          createdBy: saved.createdBy,
          mappingVersion: saved.mappingVersion,
        },
        batch,
        summary,
      };
    });
    // Evidence files hung on withdrawn observations go once the withdrawal is committed.
    if (evidenceFiles.length && this.evidence?.dir)
      await Promise.all(evidenceFiles.map((rel) => rm(join(this.evidence!.dir!, rel), { force: true })));
    return result;
  }

  /**
   * The mapping in force for the month, checked again against the month's dictionary and catalogue (both may
   * have changed since the mapping was written).
   * @throws ConfigurationConflictError naming the mapping's version and the fields that no longer fit
   */
  private async mappingFor(
    em: EntityManager,
    period: string,
  ): Promise<{ version: number; content: WorkOrderMappingContent }> {
    const row = await findInForce(em, WorkOrderMappingVersion, period);
    if (!row)
      throw new ConfigurationConflictError(
        `no work-order mapping is in force for ${period}: write one first (PUT /api/v1/work-orders/mapping)`,
        'WORK_ORDER_NO_MAPPING',
      );
    try {
      checkMappingContent(row.content, await mappingContext(em, period), '');
    } catch (e) {
      if (!(e instanceof DocumentInvalidError)) throw e;
      throw new ConfigurationConflictError(
        `work-order mapping version ${row.version} no longer fits ${period}: ` +
          e.problems.map(formatProblem).join('; '),
        'WORK_ORDER_MAPPING_STALE',
      );
    }
    return { version: row.version, content: row.content };
  }

  /**
   * The month's latest derivation (null when never derived) and the values its batch holds now.
   * @throws PeriodNotFoundError
   */
  async latest(period: string) {
    const em = this.ds.manager;
    const month = await em.findOne(Period, { where: { period } });
    if (!month) throw new PeriodNotFoundError(period);
    const d = await em.findOne(WorkOrderDerivation, { where: { periodId: month.id }, order: { id: 'DESC' } });
    if (!d) return { period, derivation: null, batch: null, values: [] };
    const batch = d.batchId ? await em.findOne(IntakeBatch, { where: { id: d.batchId } }) : null;
    const values = batch && !batch.withdrawnAt ? await this.batchValues(em, batch.id) : [];
    return {
      period,
      derivation: {
        id: d.id,
        createdAt: d.createdAt,
        createdBy: d.createdBy,
        mappingVersion: d.mappingVersion,
        summary: d.summary as unknown as DerivationSummary,
      },
      batch: batch ? batchView(batch) : null,
      values,
    };
  }

  /**
   * The inputs and tasks the month's latest derivation wrote and its batch still holds (empty when never derived
   * or the batch was withdrawn): what a person's page needs to know which of an explanation's inputs came from
   * work orders. Codes only, no value: anyone signed in may read it.
   * @throws PeriodNotFoundError
   */
  async derivedCodes(period: string) {
    const em = this.ds.manager;
    const month = await em.findOne(Period, { where: { period } });
    if (!month) throw new PeriodNotFoundError(period);
    const d = await em.findOne(WorkOrderDerivation, { where: { periodId: month.id }, order: { id: 'DESC' } });
    const batch = d?.batchId ? await em.findOne(IntakeBatch, { where: { id: d.batchId } }) : null;
    if (!d || !batch || batch.withdrawnAt) return { period, mappingVersion: null, inputs: [], tasks: [] };
    const written = await em
      .createQueryBuilder(Observation, 'o')
      .select('o.inputId', 'inputId')
      .addSelect('o.taskCode', 'taskCode')
      .where('o.batchId = :batchId', { batchId: batch.id })
      .distinct(true)
      .getRawMany<{ inputId: number | null; taskCode: string | null }>();
    const inputIds = written.map((w) => w.inputId).filter((x): x is number => x !== null);
    const codes = inputIds.length
      ? await em.find(InputDefinition, { select: { id: true, code: true }, where: { id: In(inputIds) } })
      : [];
    const summary = d.summary as unknown as DerivationSummary;
    // An input is mapped once (the mapping check refuses a second entry), so its `per` is the entry's.
    const perOf = new Map(summary.mapping.inputs.map((i) => [i.input, i.per]));
    return {
      period,
      mappingVersion: d.mappingVersion,
      inputs: codes
        .map((c) => ({ input: c.code, per: perOf.get(c.code) ?? 'staff' }))
        .sort((a, b) => byCode(a.input, b.input)),
      tasks: [...new Set(written.map((w) => w.taskCode).filter((x): x is string => !!x))].sort(byCode),
    };
  }

  /** The values a batch holds: input or task, staff or team (codes), value. */
  private async batchValues(em: EntityManager, batchId: number) {
    const obs = await em.find(Observation, { where: { batchId }, order: { id: 'ASC' } });
    const ids = (pick: (o: Observation) => number | null) => [
      ...new Set(obs.map(pick).filter((x): x is number => x !== null)),
    ];
    const codes = async (
      entity: typeof Staff | typeof Department | typeof InputDefinition,
      list: number[],
    ) => {
      const out = new Map<number, string>();
      for (let i = 0; i < list.length; i += 500)
        for (const r of await em
          .getRepository<{ id: number; code: string }>(entity)
          .find({ select: { id: true, code: true }, where: { id: In(list.slice(i, i + 500)) } }))
          out.set(r.id, r.code);
      return out;
    };
    const inputs = await codes(
      InputDefinition,
      ids((o) => o.inputId),
    );
    const staff = await codes(
      Staff,
      ids((o) => o.staffId),
    );
    const teams = await codes(
      Department,
      ids((o) => o.departmentId),
    );
    return obs.map((o) => ({
      ...(o.inputId !== null ? { input: inputs.get(o.inputId) } : { task: o.taskCode }),
      ...(o.staffId !== null ? { staff: staff.get(o.staffId) } : { team: teams.get(o.departmentId!) }),
      value: o.value,
    }));
  }

  /**
   * One page of the month's orders (its own and its orphans), or of one member of staff's or team's orders.
   * @param page 1-based
   */
  async orders(period: string, filter: { staff?: string; team?: string; page?: number }) {
    const em = this.ds.manager;
    const page = Math.max(1, filter.page ?? 1);
    const feeds = await feedCodes(em);
    const subject: ValueSubject | null = filter.staff
      ? { per: 'staff', code: filter.staff }
      : filter.team
        ? { per: 'team', code: filter.team }
        : null;
    if (filter.staff && filter.team) throw new InvalidError('give staff or team, not both');
    if (subject) {
      // One person's or team's orders: all rebuilt (a few hundred), the exact ones kept, paged here.
      const all = await this.subjectOrders(em, period, subject);
      const start = (page - 1) * ORDERS_PAGE_SIZE;
      return {
        period,
        page,
        pageSize: ORDERS_PAGE_SIZE,
        total: all.length,
        items: all.slice(start, start + ORDERS_PAGE_SIZE).map((o) => orderView(o, feeds)),
      };
    }
    const { total, keys } = await monthOrderPage(em, period, (page - 1) * ORDERS_PAGE_SIZE, ORDERS_PAGE_SIZE);
    const items: WorkOrder[] = [];
    await forEachOrderOf(em, keys, (chunk) =>
      items.push(...chunk.filter((o) => o.orphan || o.month === period)),
    );
    return { period, page, pageSize: ORDERS_PAGE_SIZE, total, items: items.map((o) => orderView(o, feeds)) };
  }

  /** The month's orders (not orphans) whose assignee or team, as rebuilt, is the subject. */
  private async subjectOrders(
    em: EntityManager,
    period: string,
    subject: ValueSubject,
  ): Promise<WorkOrder[]> {
    const keys = await ordersAssignedTo(em, subject.per, subject.code);
    const out: WorkOrder[] = [];
    await forEachOrderOf(em, keys, (chunk) =>
      out.push(
        ...chunk.filter((o) => !o.orphan && o.month === period && subjectOf(o, subject.per) === subject.code),
      ),
    );
    return out;
  }

  /**
   * The value of one input (or workload task) for a member of staff or a team, as the month's latest derivation
   * made it, with the orders behind it: each order of the subject the mapping looked at, and whether it entered
   * the value. Recomputed from the events with the mapping that derivation used; `stored` is the value its batch
   * holds (they differ only when events arrived since: derive again).
   * HR and auditors see any; a manager those of their departments' staff and teams; staff their own (and their
   * team's). Otherwise not found, as for a value that does not exist.
   * @throws NotFoundError (404)
   */
  async behind(reader: WorkOrderReader | undefined, period: string, code: string, subject: ValueSubject) {
    const em = this.ds.manager;
    const missing = () =>
      new NotFoundError(`no work-order value ${code} of ${subject.per} ${subject.code} in ${period}`);
    const month = await em.findOne(Period, { where: { period } });
    if (!month || !(await this.maySee(em, reader, period, subject))) throw missing();
    const d = await em.findOne(WorkOrderDerivation, { where: { periodId: month.id }, order: { id: 'DESC' } });
    if (!d) throw missing();
    const summary = d.summary as unknown as DerivationSummary;
    const entry = summary.mapping.inputs.find((i) => i.input === code && i.per === subject.per);
    const taskTypes = summary.mapping.tasks.filter((t) => t.task === code).map((t) => t.serviceType);
    if (!entry && (subject.per !== 'staff' || taskTypes.length === 0)) throw missing();

    const orders = await this.subjectOrders(em, period, subject);
    const feeds = await feedCodes(em);
    let value: number | null;
    let listed: { order: WorkOrder; counts: boolean }[];
    if (entry) {
      const inEntry = orders.filter((o) => inScope(o, entry));
      const acc = new MeasureAccumulator(entry);
      inEntry.forEach((o) => acc.add(o));
      value = acc.value();
      listed = inEntry.map((o) => ({ order: o, counts: MeasureAccumulator.counts(entry, o) }));
    } else {
      listed = orders
        .filter((o) => o.serviceType !== null && taskTypes.includes(o.serviceType))
        .map((o) => ({ order: o, counts: isDone(o) }));
      const done = listed.filter((l) => l.counts).length;
      value = done > 0 ? done : null;
    }
    const stored = await this.storedValue(em, d.batchId, code, subject, !!entry);
    return {
      period,
      ...(entry ? { input: code } : { task: code }),
      [subject.per]: subject.code,
      mappingVersion: d.mappingVersion,
      rule: entry ? describe(entry) : { measure: 'task_count', serviceTypes: taskTypes },
      value,
      stored,
      orders: listed.map((l) => ({ ...orderView(l.order, feeds), counts: l.counts })),
    };
  }

  /** The value the derivation's batch holds for the subject (null when none, or the batch was withdrawn). */
  private async storedValue(
    em: EntityManager,
    batchId: number | null,
    code: string,
    subject: ValueSubject,
    isInput: boolean,
  ): Promise<number | null> {
    if (batchId === null) return null;
    const who =
      subject.per === 'staff'
        ? { staffId: (await em.findOne(Staff, { where: { code: subject.code } }))?.id ?? -1 }
        : { departmentId: (await em.findOne(Department, { where: { code: subject.code } }))?.id ?? -1 };
    const what = isInput
      ? { inputId: (await em.findOne(InputDefinition, { where: { code } }))?.id ?? -1 }
      : { taskCode: code };
    const obs = await em.findOne(Observation, { where: { batchId, ...who, ...what } });
    return obs?.value ?? null;
  }

  /** The rule of "the orders behind a value": as the person's (or team's) result and evidence are read. */
  private async maySee(
    em: EntityManager,
    reader: WorkOrderReader | undefined,
    period: string,
    subject: ValueSubject,
  ): Promise<boolean> {
    if (!reader) return false;
    if (reader.role === 'hr_admin' || reader.role === 'auditor') return true;
    if (reader.role !== 'dept_manager' && reader.role !== 'staff') return false;
    if (subject.per === 'team') {
      if (reader.role === 'dept_manager') return reader.departments.includes(subject.code);
      if (reader.staffId === null) return false;
      return (await this.departmentOf(em, reader.staffId, period)) === subject.code;
    }
    const staff = await em.findOne(Staff, { where: { code: subject.code } });
    if (!staff) return false;
    if (reader.role === 'staff') return reader.staffId === staff.id;
    return reader.departments.includes((await this.departmentOf(em, staff.id, period)) ?? '');
  }

  /** The department (code) a member of staff was placed in during the month. */
  private async departmentOf(em: EntityManager, staffId: number, period: string): Promise<string | null> {
    const staff = await em.findOne(Staff, { where: { id: staffId } });
    if (!staff) return null;
    const [timeline] = await loadTimelines(em, [staff]);
    const departmentId = timeline.at(period).departmentId;
    return (await em.findOne(Department, { where: { id: departmentId } }))?.code ?? null;
  }
}

/** A mapping entry as "the orders behind a value" states its rule. */
function describe(entry: MappingInput) {
  return {
    measure: entry.measure,
    ...(entry.serviceTypes ? { serviceTypes: entry.serviceTypes } : {}),
    ...(entry.minutes !== undefined ? { minutes: entry.minutes } : {}),
    ...(entry.percentile !== undefined ? { percentile: entry.percentile } : {}),
  };
}

// The month in Excel: the template HR fills in (workbook-template.ts), built from what a run of the month would
// read (the sets in force, the staff active with their set, the month's values as the input's aggregate makes
// them), and its upload (workbook-upload.ts), stored through the measurements intake as one `xlsx` batch, so a
// workbook and the same values sent as CSV give the same observations. Values are dated the month's last day:
// for a `last` input the workbook's value is then the month's latest.
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Period, PostType, Staff } from '@app/persistence';
import { nameText, parseFormula, symbolsOf } from '@app/scoring';
import { loadStaff, NotFoundError, InvalidError } from '../model';
import { periodBounds } from '../periods';
import { checkIntakeOptions, duplicateBatch, batchView, sha256Of } from './intake-batches';
import { checkMeasurements, MeasurementsInvalidError } from './measurements';
import { MeasurementsService, RecordedMeasurements } from './measurements.service';
import {
  buildDocument,
  loadCorrections,
  loadObservations,
  loadPeriodConfig,
  PeriodConfig,
  PeriodMember,
  periodMembers,
} from './period-snapshot';
import { TemplateSheet, templateWorkbook } from './workbook-template';
import {
  measurementsFromWorkbook,
  oncePerCell,
  problemsAtCells,
  readWorkbook,
  WorkbookInvalidError,
} from './workbook-upload';

export interface WorkbookFile {
  fileName: string;
  bytes: Buffer;
}

@Injectable()
export class WorkbookService {
  constructor(
    private readonly ds: DataSource,
    private readonly measurements: MeasurementsService,
  ) {}

  /**
   * The month's template, for one department (its code) or all.
   * @throws PeriodNotFoundError, NotFoundError for an unknown department or a month with nobody to score
   */
  async template(period: string, department?: string): Promise<WorkbookFile> {
    const em = this.ds.manager;
    const config = await loadPeriodConfig(em, period);
    let members = periodMembers(config, await loadStaff(em, undefined, period));
    if (department !== undefined) {
      const dept = config.departments.find((d) => d.code === department);
      if (!dept) throw new NotFoundError(`department: no department "${department}"`);
      members = members.filter((m) => m.staff.departmentId === dept.id);
    }
    if (!members.length)
      throw new NotFoundError(
        `nobody in ${period}${department ? ` (department ${department})` : ''} is active with an indicator set`,
      );
    const values = await monthValues(em, config, members);
    const [names, posts] = await Promise.all([
      em
        .getRepository(Staff)
        .createQueryBuilder('s')
        .select(['s.id AS id', 's.name AS name'])
        .getRawMany<{ id: number; name: string }>(),
      em.find(PostType),
    ]);
    const nameOf = new Map(names.map((n) => [Number(n.id), n.name]));
    const postOf = new Map(posts.map((p) => [p.id, p.code]));
    const deptOf = new Map(config.departments.map((d) => [d.id, d.code]));
    const inputByCode = new Map(config.inputs.map((i) => [i.code, i]));
    const sheets: TemplateSheet[] = [];
    for (const set of config.indicatorSets) {
      const people = members.filter((m) => m.setCode === set.code);
      if (!people.length) continue;
      // The staff-level inputs the set's formulas read, in the order the set first uses them.
      const codes = new Set<string>();
      for (const ind of set.indicators) {
        try {
          for (const s of symbolsOf(parseFormula(ind.formula, (c) => inputByCode.has(c)))) codes.add(s);
        } catch {
          // A set in force validated when it was saved; an unreadable formula reads nothing here.
        }
      }
      const inputs = [...codes]
        .map((c) => inputByCode.get(c)!)
        .filter((i) => i.level === 'staff')
        .map(({ code, name, unit, aggregate }) => ({ code, name, unit, aggregate }));
      sheets.push({
        set: set.code,
        setName: nameText(set.name),
        inputs,
        people: people
          .map(({ staff: s }) => ({
            code: s.code,
            name: nameOf.get(s.id) ?? '',
            employeeNo: s.employeeNo,
            department: deptOf.get(s.departmentId) ?? '',
            post: s.postTypeId === null ? '' : (postOf.get(s.postTypeId) ?? ''),
            values: values.get(s.code) ?? {},
          }))
          .sort((a, b) =>
            a.department === b.department ? cmp(a.code, b.code) : cmp(a.department, b.department),
          ),
      });
    }
    return {
      fileName: `${period}${department ? `-${department}` : ''}-workbook.xlsx`,
      bytes: await templateWorkbook(period, sheets),
    };
  }

  /**
   * Stores the workbook's values for the month as one `xlsx` batch (the same bytes again: the earlier batch,
   * `duplicate: true`).
   * @throws WorkbookInvalidError naming every bad cell (400), nothing stored; MonthDataLockedError (409)
   */
  upload(
    actor: string,
    period: string,
    bytes: Buffer,
    fileName?: string | null,
  ): Promise<RecordedMeasurements> {
    const sha256 = sha256Of(bytes);
    checkIntakeOptions({ source: 'xlsx', sha256, fileName });
    return this.ds.transaction(async (em) => {
      // A resend is answered before the cells are compared with the month (they all equal it now).
      const earlier = await duplicateBatch(em, 'xlsx', sha256, [period]);
      if (earlier) return { batch: batchView(earlier), duplicate: true, stored: 0, periods: earlier.periods };
      const wb = await readWorkbook(bytes);
      const recorded = await recordedValues(em, period);
      const { rows, cells, unchanged, problems } = measurementsFromWorkbook(
        wb,
        periodBounds(period).last,
        (s, i) => recorded.get(s)?.[i],
      );
      const rowNumbers = rows.map((_, i) => i + 1);
      if (problems.length) {
        // Every bad cell at once: the cells that made no row, and what the measurement checks find in the rest.
        const later = rows.length
          ? await checkMeasurements(em, rows, rowNumbers).then(
              () => [],
              (e: unknown) => {
                if (e instanceof MeasurementsInvalidError) return problemsAtCells(e.rows, cells);
                throw e;
              },
            )
          : [];
        throw new WorkbookInvalidError(oncePerCell([...problems, ...later]));
      }
      if (!rows.length)
        throw new InvalidError(
          `the workbook has no new values for ${period}: every input cell is empty` +
            (unchanged ? ` or holds the value already recorded (${unchanged} such cells)` : ''),
        );
      try {
        return await this.measurements.recordIn(em, actor, rows, {
          source: 'xlsx',
          fileName,
          sha256,
          rowNumbers,
        });
      } catch (e) {
        if (e instanceof MeasurementsInvalidError)
          throw new WorkbookInvalidError(problemsAtCells(e.rows, cells));
        throw e;
      }
    });
  }
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The month's value of each staff-level input per member of staff (by code), as a run of it would read it. */
async function monthValues(
  em: EntityManager,
  config: PeriodConfig,
  members: readonly PeriodMember[],
): Promise<Map<string, Record<string, number>>> {
  // A correction in force is the month's value, as a run reads it.
  const observations = await loadObservations(em, config.period.id);
  const corrections = await loadCorrections(em, config.period.id);
  const doc = buildDocument(config, members, observations, false, corrections);
  const out = new Map<string, Record<string, number>>();
  for (const s of doc.staff) {
    const values: Record<string, number> = {};
    for (const [code, v] of Object.entries(s.inputs ?? {})) if (typeof v === 'number') values[code] = v;
    out.set(s.id, values);
  }
  return out;
}

/** The month's recorded values (none when the month does not exist yet). */
async function recordedValues(
  em: EntityManager,
  period: string,
): Promise<Map<string, Record<string, number>>> {
  if (!(await em.getRepository(Period).findOne({ where: { period } }))) return new Map();
  const config = await loadPeriodConfig(em, period);
  return monthValues(em, config, periodMembers(config, await loadStaff(em, undefined, period)));
}

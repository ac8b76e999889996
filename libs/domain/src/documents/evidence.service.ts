// Evidence of a month (POST /periods/{p}/evidence, GET /evidence/{id}, GET /periods/{p}/staff/{code}/evidence,
// GET /me/evidence): a note and optionally a file attached to an observation, a value correction, or a person's
// month value of one input. HR attaches to anyone's, a manager to the staff (or department) of their departments
// in that month. The file's type is what its bytes show (evidence.ts); it is kept in the database (base64) or,
// with EVIDENCE_DIR, on disk as `<period>/<id>-<sha256>` (never the client's name). Evidence is part of the
// month's data: attaching locks the month (409 once approved or closed, or during a run) and raises its data
// version, since runs write the evidence into the deduction and veto explanations. Only those who may read the
// person's result may read it; anyone else gets 404, which says nothing about whether it exists.
import { createHash } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { DataSource, EntityManager, In, IsNull } from 'typeorm';
import {
  Department,
  Evidence,
  InputDefinition,
  Observation,
  Period,
  Staff,
  ValueCorrection,
} from '@app/persistence';
import { auditedWrite } from '../audit';
import { InvalidError, loadTimelines, NotFoundError, RefusedError } from '../model';
import { bumpDataVersion, lockMonthsForChange, PeriodNotFoundError } from '../periods';
import {
  DEFAULT_EVIDENCE_OPTIONS,
  detectEvidenceKind,
  EVIDENCE_OPTIONS,
  EvidenceOptions,
  EvidenceReader,
  evidenceInputs,
  mayReadEvidence,
} from './evidence';

/** The longest note kept. */
export const MAX_EVIDENCE_NOTE = 2000;

export class EvidenceInvalidError extends InvalidError {}
export class EvidenceNotFoundError extends NotFoundError {}
export class EvidenceTooLargeError extends RefusedError {
  constructor(size: number, max: number) {
    super(413, `file: ${size} bytes, more than the ${max} bytes evidence may have (EVIDENCE_MAX_BYTES)`);
  }
}

/** Who attaches or reads: the audit's actor and the signed-in user. */
export interface EvidenceCaller {
  actor: string;
  user?: EvidenceReader;
}

/** Evidence as the API lists it (never its content). */
export interface EvidenceView {
  id: number;
  period: string;
  staff?: string;
  department?: string;
  input: string | null;
  observation: number | null;
  correction: number | null;
  note: string | null;
  fileName: string | null;
  contentType: string | null;
  size: number | null;
  sha256: string | null;
  createdBy: string;
  createdAt: string;
}

/** A file as served. */
export interface EvidenceFile {
  contentType: string;
  bytes: Buffer;
  /** A safe download name: `evidence-<id>.<ext>`. */
  fileName: string;
}

const FIELDS = new Set(['note', 'observation', 'correction', 'staff', 'input']);
const EXT: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'application/pdf': 'pdf',
  'image/webp': 'webp',
  'image/heic': 'heic',
  // Not uploadable (the bytes of an upload decide its type, and text has no magic bytes): written by the product
  // itself, as a survey campaign's statistics table.
  'text/csv': 'csv',
};

@Injectable()
export class EvidenceService {
  private readonly options: EvidenceOptions;

  constructor(
    private readonly ds: DataSource,
    @Optional() @Inject(EVIDENCE_OPTIONS) options?: EvidenceOptions,
  ) {
    this.options = options ?? DEFAULT_EVIDENCE_OPTIONS;
  }

  /** Attaches a note and optionally a file (see the file's header). Audited `evidence.add` (no content). */
  async add(
    caller: EvidenceCaller,
    period: string,
    body: unknown,
    file?: { buffer: Buffer; originalname?: string } | null,
  ): Promise<EvidenceView> {
    const fields = checkFields(body);
    let bytes: Buffer | null = null;
    let kind: { contentType: string } | null = null;
    if (file) {
      bytes = file.buffer;
      if (bytes.length > this.options.maxBytes)
        throw new EvidenceTooLargeError(bytes.length, this.options.maxBytes);
      const detected = detectEvidenceKind(bytes);
      if (!detected.accepted)
        throw new EvidenceInvalidError(
          `file: ${detected.detected} is not accepted as evidence (JPEG, PNG, WebP or HEIC photos and PDF scans only)`,
        );
      kind = detected.kind;
    }
    if (!bytes && !fields.note) throw new EvidenceInvalidError('note: required when no file is attached');
    const written: string[] = [];
    try {
      return await this.ds.transaction(async (em) => {
        const p = await em.getRepository(Period).findOne({ where: { period } });
        if (!p) throw new PeriodNotFoundError(period);
        const subject = await resolveSubject(em, p, fields);
        const department = await subjectDepartment(em, p.period, subject);
        if (!mayAttach(caller.user, department))
          throw new EvidenceNotFoundError(`${subject.what} not found in ${period}`);
        await lockMonthsForChange(em, [p.id]);
        const what = { action: 'evidence.add', entity: 'evidence' };
        return auditedWrite(em, caller.actor, what, async (tx) => {
          const sha256 = bytes ? createHash('sha256').update(bytes).digest('hex') : null;
          const repo = tx.getRepository(Evidence);
          const row = await repo.save(
            repo.create({
              periodId: p.id,
              observationId: subject.observationId,
              correctionId: subject.correctionId,
              batchId: subject.batchId,
              staffId: subject.staffId,
              departmentId: subject.staffId === null ? subject.departmentId : null,
              note: fields.note,
              fileName: file ? safeName(file.originalname) : null,
              contentType: kind?.contentType ?? null,
              size: bytes?.length ?? null,
              sha256,
              content: bytes && !this.options.dir ? bytes.toString('base64') : null,
              inputId: subject.inputId,
              path: null,
              createdBy: caller.actor,
              createdAt: new Date().toISOString(),
            }),
          );
          if (bytes && this.options.dir) {
            // Named by the month, the id and the bytes' hash: nothing of the client's file name reaches the disk.
            const rel = `${p.period}/${row.id}-${sha256}`;
            const full = join(this.options.dir, rel);
            await mkdir(dirname(full), { recursive: true });
            await writeFile(full, bytes, { flag: 'wx' });
            written.push(full);
            row.path = rel;
            await repo.update({ id: row.id }, { path: row.path });
          }
          await bumpDataVersion(tx, [p.id]);
          const [view] = await this.views(tx, p.period, [row]);
          return { result: view, entityKey: String(row.id), after: view };
        });
      });
    } catch (e) {
      // The transaction rolled back: a file written for it must not stay behind.
      await Promise.all(written.map((f) => rm(f, { force: true })));
      throw e;
    }
  }

  /** The file of one piece of evidence, for a permitted reader (else 404). */
  async file(user: EvidenceReader | undefined, id: number): Promise<EvidenceFile> {
    const em = this.ds.manager;
    const e = await this.readable(em, user, id);
    if (!e.contentType) throw new EvidenceNotFoundError(`evidence ${id} has no file (only a note)`);
    const rel = e.path;
    const bytes =
      e.content !== null
        ? Buffer.from(e.content, 'base64')
        : rel !== null && this.options.dir
          ? await readFile(join(this.options.dir, rel))
          : null;
    if (!bytes) throw new EvidenceNotFoundError(`evidence ${id}: its file is not available`);
    return { contentType: e.contentType, bytes, fileName: `evidence-${e.id}.${EXT[e.contentType] ?? 'bin'}` };
  }

  /**
   * A person's evidence of the month (their own, and their department's of that month), oldest first, for a
   * permitted reader (else 404).
   */
  async listForStaff(
    user: EvidenceReader | undefined,
    period: string,
    by: { code: string } | { staffId: number },
  ): Promise<EvidenceView[]> {
    const em = this.ds.manager;
    const missing = () =>
      new EvidenceNotFoundError(
        'code' in by ? `no staff ${by.code} in ${period}` : `no month ${period} of yours`,
      );
    const p = await em.getRepository(Period).findOne({ where: { period } });
    const staff = await em.getRepository(Staff).findOne({
      where: 'code' in by ? { code: by.code } : { id: by.staffId },
    });
    if (!p || !staff) throw missing();
    const departmentId = await departmentIn(em, staff, period);
    const department = await em.getRepository(Department).findOneBy({ id: departmentId });
    if (!department || !mayReadEvidence(user, { staffId: staff.id, department: department.code }))
      throw missing();
    const rows = await em.find(Evidence, {
      where: [
        { periodId: p.id, staffId: staff.id },
        { periodId: p.id, staffId: IsNull(), departmentId },
      ],
      order: { id: 'ASC' },
    });
    return this.views(em, period, rows);
  }

  private async readable(em: EntityManager, user: EvidenceReader | undefined, id: number): Promise<Evidence> {
    const missing = new EvidenceNotFoundError(`no evidence ${id}`);
    const e = await em.findOne(Evidence, { where: { id } });
    if (!e || !user) throw missing;
    const p = await em.getRepository(Period).findOneByOrFail({ id: e.periodId });
    let department: string | undefined;
    let readerDepartment: string | null = null;
    if (e.staffId !== null) {
      const staff = await em.getRepository(Staff).findOneBy({ id: e.staffId });
      if (!staff) throw missing;
      department = (
        await em.getRepository(Department).findOneBy({ id: await departmentIn(em, staff, p.period) })
      )?.code;
    } else {
      department = (await em.getRepository(Department).findOneBy({ id: e.departmentId ?? -1 }))?.code;
      if (user.role === 'staff' && user.staffId !== null) {
        const me = await em.getRepository(Staff).findOneBy({ id: user.staffId });
        if (me)
          readerDepartment =
            (await em.getRepository(Department).findOneBy({ id: await departmentIn(em, me, p.period) }))
              ?.code ?? null;
      }
    }
    if (
      department === undefined ||
      !mayReadEvidence(user, { staffId: e.staffId, department, readerDepartment })
    )
      throw missing;
    return e;
  }

  private async views(em: EntityManager, period: string, rows: readonly Evidence[]): Promise<EvidenceView[]> {
    const inputOf = await evidenceInputs(em, rows);
    const inputIds = [...new Set(inputOf.values())];
    const inputs = new Map(
      (inputIds.length ? await em.find(InputDefinition, { where: { id: In(inputIds) } }) : []).map((i) => [
        i.id,
        i.code,
      ]),
    );
    const staffIds = [...new Set(rows.map((r) => r.staffId).filter((x): x is number => x !== null))];
    const deptIds = [...new Set(rows.map((r) => r.departmentId).filter((x): x is number => x !== null))];
    const staff = new Map(
      (staffIds.length ? await em.find(Staff, { where: { id: In(staffIds) } }) : []).map((s) => [
        s.id,
        s.code,
      ]),
    );
    const depts = new Map(
      (deptIds.length ? await em.find(Department, { where: { id: In(deptIds) } }) : []).map((d) => [
        d.id,
        d.code,
      ]),
    );
    return rows.map((e) => ({
      id: e.id,
      period,
      ...(e.staffId !== null
        ? { staff: staff.get(e.staffId) ?? '' }
        : { department: depts.get(e.departmentId ?? -1) ?? '' }),
      input: inputs.get(inputOf.get(e.id) ?? -1) ?? null,
      observation: e.observationId,
      correction: e.correctionId,
      note: e.note,
      fileName: e.fileName,
      contentType: e.contentType,
      size: e.size,
      sha256: e.sha256,
      createdBy: e.createdBy,
      createdAt: e.createdAt,
    }));
  }
}

/**
 * Checks that each id is evidence of the person's month (their own, or their department's of that month), in the
 * caller's transaction (an appeal citing evidence).
 * @throws EvidenceInvalidError naming the ids that are not
 */
export async function checkCitedEvidence(
  em: EntityManager,
  periodId: number,
  staffId: number,
  ids: readonly number[],
): Promise<void> {
  if (!ids.length) return;
  const p = await em.getRepository(Period).findOneByOrFail({ id: periodId });
  const staff = await em.getRepository(Staff).findOneByOrFail({ id: staffId });
  const departmentId = await departmentIn(em, staff, p.period);
  const rows = await em.find(Evidence, {
    select: { id: true, staffId: true, departmentId: true },
    where: { id: In([...new Set(ids)]), periodId },
  });
  const ok = new Set(
    rows
      .filter((r) => r.staffId === staffId || (r.staffId === null && r.departmentId === departmentId))
      .map((r) => r.id),
  );
  const bad = [...new Set(ids)].filter((id) => !ok.has(id));
  if (bad.length)
    throw new EvidenceInvalidError(
      `evidence: ${bad.map((id) => `#${id}`).join(', ')} ${bad.length === 1 ? 'is' : 'are'} not evidence of ` +
        `${staff.code}'s month ${p.period}`,
    );
}

interface Fields {
  note: string | null;
  observation: number | null;
  correction: number | null;
  staff: string | null;
  input: string | null;
}

/** The fields as sent (multipart fields are text; JSON may carry numbers): every bad one named at once. */
function checkFields(body: unknown): Fields {
  const b = (typeof body === 'object' && body !== null && !Array.isArray(body) ? body : null) as Record<
    string,
    unknown
  > | null;
  if (!b) throw new EvidenceInvalidError('body: must be an object (multipart form fields or JSON)');
  const problems: string[] = [];
  for (const k of Object.keys(b)) if (!FIELDS.has(k)) problems.push(`${k}: unknown field`);
  const id = (k: string): number | null => {
    const v = b[k];
    if (v === undefined || v === '') return null;
    const text = typeof v === 'number' ? String(v) : typeof v === 'string' ? v.trim() : '';
    if (!/^\d{1,10}$/.test(text) || Number(text) < 1 || Number(text) > 2 ** 31 - 1) {
      problems.push(`${k}: must be an id (a whole number), got ${JSON.stringify(v)?.slice(0, 40)}`);
      return null;
    }
    return Number(text);
  };
  const code = (k: string): string | null => {
    const v = b[k];
    if (v === undefined || v === '') return null;
    if (typeof v !== 'string' || v.length > 64) {
      problems.push(`${k}: must be a code of at most 64 characters`);
      return null;
    }
    return v.trim();
  };
  let note: string | null = null;
  if (b.note !== undefined) {
    if (typeof b.note !== 'string') problems.push('note: must be a text');
    else if (b.note.length > MAX_EVIDENCE_NOTE)
      problems.push(`note: at most ${MAX_EVIDENCE_NOTE} characters, got ${b.note.length}`);
    else note = b.note.trim() || null;
  }
  const f: Fields = {
    note,
    observation: id('observation'),
    correction: id('correction'),
    staff: code('staff'),
    input: code('input'),
  };
  const targets = [f.observation !== null, f.correction !== null, f.staff !== null || f.input !== null];
  // What it is attached to, unless one of those fields was bad already (named above).
  if (!problems.some((p) => /^(observation|correction|staff|input):/.test(p))) {
    if (targets.filter(Boolean).length !== 1)
      problems.push('observation: give exactly one of observation, correction, or staff and input');
    else if (targets[2] && (f.staff === null || f.input === null))
      problems.push(`${f.staff === null ? 'staff' : 'input'}: staff and input go together`);
  }
  if (problems.length) throw new EvidenceInvalidError(`${problems.join('; ')}; nothing was stored`);
  return f;
}

interface Subject {
  what: string;
  staffId: number | null;
  departmentId: number | null;
  observationId: number | null;
  correctionId: number | null;
  batchId: number | null;
  inputId: number | null;
}

async function resolveSubject(em: EntityManager, p: Period, f: Fields): Promise<Subject> {
  if (f.observation !== null) {
    const o = await em.findOne(Observation, { where: { id: f.observation, periodId: p.id } });
    if (!o || (o.staffId === null && o.departmentId === null))
      throw new EvidenceNotFoundError(`observation ${f.observation} not found in ${p.period}`);
    return {
      what: `observation ${o.id}`,
      staffId: o.staffId,
      departmentId: o.departmentId,
      observationId: o.id,
      correctionId: null,
      batchId: o.batchId,
      inputId: null,
    };
  }
  if (f.correction !== null) {
    const c = await em.findOne(ValueCorrection, { where: { id: f.correction, periodId: p.id } });
    if (!c) throw new EvidenceNotFoundError(`correction ${f.correction} not found in ${p.period}`);
    return {
      what: `correction ${c.id}`,
      staffId: c.staffId,
      departmentId: c.departmentId,
      observationId: null,
      correctionId: c.id,
      batchId: c.batchId,
      inputId: null,
    };
  }
  const staff = await em.findOne(Staff, { where: { code: f.staff! } });
  if (!staff) throw new EvidenceNotFoundError(`staff ${f.staff} not found in ${p.period}`);
  const input = await em.findOne(InputDefinition, { where: { code: f.input! } });
  if (!input)
    throw new EvidenceInvalidError(`input: ${JSON.stringify(f.input)} is not in the input dictionary`);
  return {
    what: `staff ${staff.code}`,
    staffId: staff.id,
    departmentId: null,
    observationId: null,
    correctionId: null,
    batchId: null,
    inputId: input.id,
  };
}

/** The department (code) the subject belongs to in the month: a person's placement then, or the department. */
async function subjectDepartment(em: EntityManager, period: string, s: Subject): Promise<string | null> {
  let departmentId = s.departmentId;
  if (s.staffId !== null) {
    const staff = await em.findOneByOrFail(Staff, { id: s.staffId });
    departmentId = await departmentIn(em, staff, period);
  }
  return departmentId === null
    ? null
    : ((await em.findOneBy(Department, { id: departmentId }))?.code ?? null);
}

/** HR attaches to anyone's month; a manager to the staff and departments of their departments. */
function mayAttach(user: EvidenceReader | undefined, department: string | null): boolean {
  if (!user) return false;
  if (user.role === 'hr_admin') return true;
  return user.role === 'dept_manager' && department !== null && user.departments.includes(department);
}

/** The department a member of staff was placed in during the month. */
async function departmentIn(em: EntityManager, staff: Staff, period: string): Promise<number> {
  const [timeline] = await loadTimelines(em, [staff]);
  return timeline.at(period).departmentId;
}

/** Only the name's last segment, printable, at most 255 characters (kept for people; never used as a path). */
function safeName(name: string | undefined): string | null {
  const base = [...((name ?? '').split(/[\\/]/).pop() ?? '')]
    .filter((c) => c.charCodeAt(0) >= 0x20 && c.charCodeAt(0) !== 0x7f)
    .join('')
    .trim();
  return base ? base.slice(0, 255) : null;
}

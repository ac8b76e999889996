// Evidence behind a month's value ("有据可查": every deduction has its evidence): the file kinds accepted (decided by
// the bytes, never by the client's name or content type), who may read a person's evidence, the explanation
// sentence a run adds to deduction and veto indicators, and the withdrawal of a batch's evidence. The HTTP-facing
// rules (attach, serve, list) are EvidenceService's.
import { EntityManager, In, IsNull } from 'typeorm';
import { Evidence, Observation, Role, ValueCorrection } from '@app/persistence';
import type { IndicatorNotes, ScorecardDocument } from '@app/scoring';
import { formulaInputs } from './value-corrections';

/** The settings of evidence files (EVIDENCE_MAX_BYTES, EVIDENCE_DIR), injected under EVIDENCE_OPTIONS. */
export const EVIDENCE_OPTIONS = Symbol('EVIDENCE_OPTIONS');
export interface EvidenceOptions {
  /** The largest file accepted, in bytes. */
  maxBytes: number;
  /** The directory files are kept in (`<period>/<id>-<sha256>`); null: in the database, as base64. */
  dir: string | null;
}
export const DEFAULT_EVIDENCE_OPTIONS: EvidenceOptions = { maxBytes: 5 * 1024 * 1024, dir: null };

/** A file kind evidence may be. */
export interface EvidenceKind {
  contentType: string;
  /** How the explanation names it. */
  label: 'photo' | 'PDF';
}

const startsWith = (bytes: Buffer, sig: readonly number[], at = 0) =>
  bytes.length >= at + sig.length && sig.every((b, i) => bytes[at + i] === b);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

/**
 * The kind of a file by its magic bytes: JPEG, PNG, PDF, WebP, HEIC/HEIF. `accepted: false` names what it looks
 * like instead (text, a ZIP or Office file, an executable…) for the refusal.
 */
export function detectEvidenceKind(
  bytes: Buffer,
): { accepted: true; kind: EvidenceKind } | { accepted: false; detected: string } {
  if (startsWith(bytes, [0xff, 0xd8, 0xff]))
    return { accepted: true, kind: { contentType: 'image/jpeg', label: 'photo' } };
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
    return { accepted: true, kind: { contentType: 'image/png', label: 'photo' } };
  if (startsWith(bytes, ascii('%PDF-')))
    return { accepted: true, kind: { contentType: 'application/pdf', label: 'PDF' } };
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8))
    return { accepted: true, kind: { contentType: 'image/webp', label: 'photo' } };
  // ISO base media: a box `ftyp` at 4 whose brand says HEIC/HEIF (phone photos).
  if (startsWith(bytes, ascii('ftyp'), 4)) {
    const brand = bytes.subarray(8, 12).toString('latin1');
    if (['heic', 'heix', 'hevc', 'heim', 'heis', 'mif1', 'msf1'].includes(brand))
      return { accepted: true, kind: { contentType: 'image/heic', label: 'photo' } };
    return {
      accepted: false,
      detected: `an ISO media file (brand "${brand.replace(/[^\x20-\x7e]/g, '?')}")`,
    };
  }
  return { accepted: false, detected: describeOther(bytes) };
}

function describeOther(bytes: Buffer): string {
  if (!bytes.length) return 'an empty file';
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return 'a ZIP archive (or an Office document)';
  if (startsWith(bytes, ascii('GIF8'))) return 'a GIF image';
  if (startsWith(bytes, [0x4d, 0x5a])) return 'a Windows executable';
  if (startsWith(bytes, [0x7f, 0x45, 0x4c, 0x46])) return 'an ELF executable';
  if (startsWith(bytes, [0x1f, 0x8b])) return 'a gzip archive';
  if (startsWith(bytes, ascii('<')) || startsWith(bytes, [0xef, 0xbb, 0xbf, 0x3c])) return 'HTML or XML text';
  const head = bytes.subarray(0, 512);
  // eslint-disable-next-line no-control-regex
  if (!/[\x00-\x08\x0e-\x1f]/.test(head.toString('latin1'))) return 'a text file';
  return 'an unknown binary file';
}

/** Who reads evidence (the API's principal has this shape). */
export interface EvidenceReader {
  role: Role;
  staffId: number | null;
  departments: string[];
}

/**
 * Whether the reader may read evidence of a person (or a department) in a month: as that person's result —
 * HR and auditors, the manager of the department the person was in that month, the person themself (and, for a
 * department's evidence, its staff of that month, whose explanations cite it).
 * @param department the person's department in the month (or the department the evidence is about)
 */
export function mayReadEvidence(
  reader: EvidenceReader | undefined,
  subject: { staffId: number | null; department: string; readerDepartment?: string | null },
): boolean {
  if (!reader) return false;
  if (reader.role === 'hr_admin' || reader.role === 'auditor') return true;
  if (reader.role === 'dept_manager') return reader.departments.includes(subject.department);
  if (reader.role !== 'staff' || reader.staffId === null) return false;
  if (subject.staffId !== null) return reader.staffId === subject.staffId;
  return subject.readerDepartment === subject.department;
}

/** The explanation's longest note: longer ones are cut (with "…"). */
export const EVIDENCE_NOTE_CHARS = 60;

/** `#12 (spot check 2026-10-14, photo)`: one piece of evidence as an explanation cites it. */
export function evidenceCitation(e: Pick<Evidence, 'id' | 'note' | 'contentType'>): string {
  const note = (e.note ?? '').replace(/\s+/g, ' ').trim();
  const cut = note.length > EVIDENCE_NOTE_CHARS ? `${note.slice(0, EVIDENCE_NOTE_CHARS - 1)}…` : note;
  const label = e.contentType === null ? null : e.contentType === 'application/pdf' ? 'PDF' : 'photo';
  const parts = [cut, label].filter((p): p is string => !!p);
  return parts.length ? `#${e.id} (${parts.join(', ')})` : `#${e.id}`;
}

/** The month's evidence by subject (`s:<staff code>` or `d:<department code>`), then input code, oldest first. */
export type EvidenceIndex = Map<string, Map<string, Pick<Evidence, 'id' | 'note' | 'contentType'>[]>>;

/** The codes behind the ids evidence rows carry (a run's config and staff give them). */
export interface EvidenceCodes {
  inputs: ReadonlyMap<number, string>;
  staff: ReadonlyMap<number, string>;
  departments: ReadonlyMap<number, string>;
}

/**
 * The month's evidence of these staff and departments, by the input it stands behind (an observation's or a
 * correction's input, or the input named when attached to the person's month value). Contents are not read.
 */
export async function loadEvidenceIndex(
  em: EntityManager,
  periodId: number,
  codes: EvidenceCodes,
): Promise<EvidenceIndex> {
  const index: EvidenceIndex = new Map();
  const select = {
    id: true,
    note: true,
    contentType: true,
    staffId: true,
    departmentId: true,
    observationId: true,
    correctionId: true,
    inputId: true,
  } as const;
  // Most months have no evidence: one look, and a run's chunk reads nothing more.
  if (!(await em.findOne(Evidence, { select: { id: true }, where: { periodId } }))) return index;
  const staffIds = [...codes.staff.keys()];
  const departmentIds = [...codes.departments.keys()];
  const rows: Evidence[] = [];
  for (let i = 0; i < staffIds.length; i += 500)
    rows.push(
      ...(await em.find(Evidence, { select, where: { periodId, staffId: In(staffIds.slice(i, i + 500)) } })),
    );
  for (let i = 0; i < departmentIds.length; i += 500)
    rows.push(
      ...(await em.find(Evidence, {
        select,
        where: { periodId, staffId: IsNull(), departmentId: In(departmentIds.slice(i, i + 500)) },
      })),
    );
  if (!rows.length) return index;
  const inputOf = await evidenceInputs(em, rows);
  for (const e of rows.sort((a, b) => a.id - b.id)) {
    const inputId = inputOf.get(e.id);
    const input = inputId === undefined ? undefined : codes.inputs.get(inputId);
    const subject =
      e.staffId !== null ? codes.staff.get(e.staffId) : codes.departments.get(e.departmentId ?? -1);
    if (input === undefined || subject === undefined) continue;
    const key = `${e.staffId !== null ? 's' : 'd'}:${subject}`;
    const byInput = index.get(key) ?? new Map<string, Evidence[]>();
    byInput.set(input, [...(byInput.get(input) ?? []), e]);
    index.set(key, byInput);
  }
  return index;
}

/** The input each evidence row stands behind, by evidence id. */
export async function evidenceInputs(
  em: EntityManager,
  rows: readonly Pick<Evidence, 'id' | 'observationId' | 'correctionId' | 'inputId'>[],
): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  const obsIds = [...new Set(rows.map((r) => r.observationId).filter((x): x is number => x !== null))];
  const corrIds = [...new Set(rows.map((r) => r.correctionId).filter((x): x is number => x !== null))];
  const obs = new Map<number, number | null>();
  for (let i = 0; i < obsIds.length; i += 500)
    for (const o of await em.find(Observation, {
      select: { id: true, inputId: true },
      where: { id: In(obsIds.slice(i, i + 500)) },
    }))
      obs.set(o.id, o.inputId);
  const corr = new Map<number, number>();
  for (let i = 0; i < corrIds.length; i += 500)
    for (const c of await em.find(ValueCorrection, {
      select: { id: true, inputId: true },
      where: { id: In(corrIds.slice(i, i + 500)) },
    }))
      corr.set(c.id, c.inputId);
  for (const r of rows) {
    const inputId =
      r.observationId !== null
        ? obs.get(r.observationId)
        : r.correctionId !== null
          ? corr.get(r.correctionId)
          : r.inputId;
    if (inputId !== undefined && inputId !== null) out.set(r.id, inputId);
  }
  return out;
}

/**
 * The note `; evidence: #12 (spot check 2026-10-14, photo), #15 (…)` a run adds to the explanation of every
 * deduction or veto indicator whose formula reads an input with evidence for the person, or for their department
 * (department evidence stands behind the department's value, which the engine reads when the person has none of
 * their own). Undefined without evidence: the results stay byte for byte.
 */
export function evidenceNotesOf(doc: ScorecardDocument, index: EvidenceIndex): IndicatorNotes | undefined {
  if (!index.size) return undefined;
  const symbols = formulaInputs(doc, (ind) => ind.scoring?.method === 'deduction' || !!ind.veto);
  return (s, indicator) => {
    const own = index.get(`s:${s.id}`);
    const dept = index.get(`d:${s.department}`);
    if (!own && !dept) return '';
    const reads = symbols.get(s.indicatorSet)?.get(indicator);
    if (!reads) return '';
    const cited = new Map<number, string>();
    for (const code of reads)
      for (const e of [...(own?.get(code) ?? []), ...(dept?.get(code) ?? [])])
        cited.set(e.id, evidenceCitation(e));
    if (!cited.size) return '';
    return `; evidence: ${[...cited.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([, t]) => t)
      .join(', ')}`;
  };
}

/**
 * Takes back the evidence of a batch being withdrawn, in the withdrawal's transaction: what came with the batch
 * and what hangs on its observations (deleted with them) or its corrections. Files on disk are left for
 * `removeFiles` after the commit (a rolled-back withdrawal must not lose them).
 * @returns the paths of the files kept on disk, relative to the evidence directory
 */
export async function withdrawBatchEvidence(
  em: EntityManager,
  batchId: number,
): Promise<{ removed: number; files: string[] }> {
  const obsIds = (await em.find(Observation, { select: { id: true }, where: { batchId } })).map((o) => o.id);
  const corrIds = (await em.find(ValueCorrection, { select: { id: true }, where: { batchId } })).map(
    (c) => c.id,
  );
  const select = { id: true, path: true } as const;
  const found = new Map<number, string | null>();
  const add = (rows: Pick<Evidence, 'id' | 'path'>[]) => rows.forEach((r) => found.set(r.id, r.path));
  add(await em.find(Evidence, { select, where: { batchId } }));
  for (let i = 0; i < obsIds.length; i += 500)
    add(await em.find(Evidence, { select, where: { observationId: In(obsIds.slice(i, i + 500)) } }));
  for (let i = 0; i < corrIds.length; i += 500)
    add(await em.find(Evidence, { select, where: { correctionId: In(corrIds.slice(i, i + 500)) } }));
  const ids = [...found.keys()];
  for (let i = 0; i < ids.length; i += 500) await em.delete(Evidence, { id: In(ids.slice(i, i + 500)) });
  const files = [...found.values()].filter((p): p is string => p !== null);
  return { removed: ids.length, files };
}

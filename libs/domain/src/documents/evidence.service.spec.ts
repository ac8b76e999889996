// Evidence on a real database: the kinds a file's bytes may be (JPEG, PNG, PDF, WebP, HEIC; text, ZIP and the
// rest refused by name), the explanation's citation (notes cut to 60 characters), attaching raises the month's
// data version and is audited without the content, an approved month refuses with 409, a correction keeps its
// note, and a cited id must be evidence of that person's month.
import type { DataSource } from 'typeorm';
import { AuditEntry, Evidence, Period, Staff } from '@app/persistence';
import { closeDatabase, testDatabases } from '../../../../test/support/database';
import { libraryMonth } from '../../../../test/factories/month';
import { detectEvidenceKind, evidenceCitation } from './evidence';
import { checkCitedEvidence, EvidenceService } from './evidence.service';
import { importDocument } from './import-document';
import { ValueCorrectionsService } from './value-corrections.service';

const PERIOD = '2026-10';
const HR = { actor: 'user:hr', user: { role: 'hr_admin' as const, staffId: null, departments: [] } };
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46]);

describe('evidence kinds and citations', () => {
  it('decides the kind by the magic bytes', () => {
    const kind = (b: Buffer) => {
      const k = detectEvidenceKind(b);
      return k.accepted ? k.kind.contentType : k.detected;
    };
    expect(kind(JPEG)).toBe('image/jpeg');
    expect(kind(Buffer.from('%PDF-1.7\n'))).toBe('application/pdf');
    expect(kind(Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WEBPVP8 ')]))).toBe(
      'image/webp',
    );
    expect(kind(Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypheic')]))).toBe('image/heic');
    expect(kind(Buffer.from('plain words\n'))).toBe('a text file');
    expect(kind(Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2]))).toBe('a ZIP archive (or an Office document)');
    expect(kind(Buffer.from('<html><script>'))).toBe('HTML or XML text');
    expect(kind(Buffer.alloc(0))).toBe('an empty file');
  });

  it('cites a note cut to 60 characters, and the file as a photo or a PDF', () => {
    expect(evidenceCitation({ id: 12, note: 'spot check 2026-10-14', contentType: 'image/png' })).toBe(
      '#12 (spot check 2026-10-14, photo)',
    );
    const long = 'x'.repeat(80);
    expect(evidenceCitation({ id: 3, note: long, contentType: 'application/pdf' })).toBe(
      `#3 (${'x'.repeat(59)}…, PDF)`,
    );
    expect(evidenceCitation({ id: 4, note: null, contentType: null })).toBe('#4');
  });
});

describe.each(testDatabases('documents_evidence'))('%s', (_name, db) => {
  let ds: DataSource;
  let evidence: EvidenceService;
  beforeEach(async () => {
    ds = await db.open();
    evidence = new EvidenceService(ds, { maxBytes: 1024, dir: null });
    await importDocument(ds, libraryMonth(), 'test');
  });
  afterEach(() => closeDatabase(ds));

  it('attaches, raises the data version, audits without the content, and refuses an approved month', async () => {
    const before = (await ds.getRepository(Period).findOneByOrFail({ period: PERIOD })).dataVersion;
    const added = await evidence.add(
      HR,
      PERIOD,
      { staff: 'E101', input: 'complaints', note: 'spot check' },
      {
        buffer: JPEG,
        originalname: 'IMG_1.jpg',
      },
    );
    expect(added).toMatchObject({ staff: 'E101', input: 'complaints', contentType: 'image/jpeg', size: 8 });
    expect((await ds.getRepository(Period).findOneByOrFail({ period: PERIOD })).dataVersion).toBeGreaterThan(
      before,
    );
    const entry = await ds.getRepository(AuditEntry).findOneByOrFail({ action: 'evidence.add' });
    expect(JSON.stringify(entry)).not.toContain(JPEG.toString('base64'));
    expect((await ds.getRepository(Evidence).findOneByOrFail({ id: added.id })).content).toBe(
      JPEG.toString('base64'),
    );

    await ds.getRepository(Period).update({ period: PERIOD }, { status: 'approved' });
    await expect(
      evidence.add(HR, PERIOD, { staff: 'E101', input: 'complaints', note: 'late' }),
    ).rejects.toMatchObject({ status: 409 });
    expect(await ds.getRepository(Evidence).count()).toBe(1);
  });

  it('names every bad field; a correction keeps its note; cited ids must be the person’s', async () => {
    await expect(evidence.add(HR, PERIOD, { staff: 'E101', color: 'red' })).rejects.toThrow(
      'color: unknown field; input: staff and input go together',
    );
    await expect(
      evidence.add(HR, PERIOD, { note: 'x', observation: '12' }, { buffer: Buffer.alloc(2000) }),
    ).rejects.toMatchObject({ status: 413 });
    const correction = await new ValueCorrectionsService(ds).create(
      PERIOD,
      { input: 'complaints', staff: 'E102', value: 0, reason: 'complaint withdrawn', note: 'see the letter' },
      'user:hr',
    );
    expect(correction.note).toBe('see the letter');
    const onCorrection = await evidence.add(HR, PERIOD, {
      correction: String(correction.id),
      note: 'letter',
    });
    expect(onCorrection).toMatchObject({ staff: 'E102', input: 'complaints', correction: correction.id });
    const period = await ds.getRepository(Period).findOneByOrFail({ period: PERIOD });
    const e101 = await ds.getRepository(Staff).findOneByOrFail({ code: 'E101' });
    const e102 = await ds.getRepository(Staff).findOneByOrFail({ code: 'E102' });
    await expect(
      checkCitedEvidence(ds.manager, period.id, e102.id, [onCorrection.id]),
    ).resolves.toBeUndefined();
    await expect(checkCitedEvidence(ds.manager, period.id, e101.id, [onCorrection.id, 999])).rejects.toThrow(
      `evidence: #${onCorrection.id}, #999 are not evidence of E101's month ${PERIOD}`,
    );
  });
});

// POST /api/v1/documents and GET /api/v1/periods/{period}/document, in-process on SQLite in memory with the
// migrations: imports are all-or-nothing, exports round-trip to the same scores.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { parseDocumentText, ScorecardDocument, scoreDocument, validateDocument } from '@app/scoring';
import { startTestApp } from './support/app';
import { createScratchDatabase, explainSkip, TEST_DATABASE_URL } from './support/postgres';
import { REPO_ROOT, scenario as fixture } from './support/scenarios';

const TABLES = [
  'sites',
  'departments',
  'post_types',
  'staff',
  'input_definitions',
  'indicator_sets',
  'indicator_set_versions',
  'workload_catalogue_versions',
  'assignment_rules',
  'periods',
  'observations',
];

describe('documents: import and export', () => {
  let app: NestExpressApplication;
  let ds: DataSource;
  const scenario = fixture('logistics-basic');
  const yamlText = readFileSync(scenario.document, 'utf8');
  const doc = parseDocumentText(yamlText) as ScorecardDocument;
  const server = () => app.getHttpServer();
  const counts = async (): Promise<Record<string, number>> => {
    const out: Record<string, number> = {};
    for (const t of TABLES) {
      const rows: { n: number }[] = await ds.query(`SELECT COUNT(*) AS n FROM ${t}`);
      out[t] = Number(rows[0].n);
    }
    return out;
  };

  beforeEach(async () => {
    app = await startTestApp();
    ds = app.get(DataSource);
  });
  afterEach(() => app.close());

  it('imports a document and answers {period, counts, batch, duplicate}', async () => {
    const res = await request(server()).post('/api/v1/documents').send(doc).expect(200);
    expect(res.body).toEqual({
      period: '2026-10',
      counts: { inputs: 18, indicatorSets: 2, departments: 4, staff: 9, observations: expect.any(Number) },
      batch: expect.objectContaining({ source: 'document', periods: ['2026-10'], withdrawnAt: null }),
      duplicate: false,
    });
    const c = await counts();
    expect(c).toMatchObject({
      staff: 9,
      departments: 4,
      sites: 2,
      indicator_sets: 2,
      indicator_set_versions: 2,
      workload_catalogue_versions: 1,
      periods: 1,
    });
    expect(c.observations).toBe(res.body.counts.observations);
  });

  it('exports the period as a valid document that scores exactly like the imported one', async () => {
    await request(server())
      .post('/api/v1/documents')
      .set('Content-Type', 'application/yaml')
      .send(yamlText)
      .expect(200);
    const res = await request(server()).get('/api/v1/periods/2026-10/document').expect(200);
    const exported = res.body as ScorecardDocument;
    expect(validateDocument(exported)).toEqual({ problems: [], warnings: [] });
    expect(scoreDocument(exported)).toEqual(scoreDocument(doc));
  });

  it('importing the same document again changes nothing', async () => {
    await request(server()).post('/api/v1/documents').send(doc).expect(200);
    const before = await counts();
    const first = (await request(server()).get('/api/v1/periods/2026-10/document')).body;
    await request(server()).post('/api/v1/documents').send(doc).expect(200);
    expect(await counts()).toEqual(before);
    expect((await request(server()).get('/api/v1/periods/2026-10/document')).body).toEqual(first);
  });

  it('a set’s improvement plan rule and grade quotas round-trip: exported as imported, re-imported unchanged', async () => {
    const withRules = JSON.parse(JSON.stringify(doc)) as ScorecardDocument;
    const quotas = {
      scope: 'hospital' as const,
      rules: [
        { grade: 'A', maxShare: 20 },
        { grade: 'D', minCount: 1, minStaff: 3 },
      ],
    };
    Object.assign(withRules.indicatorSets[0], { plans: { threshold: 65, items: 2 }, quotas });
    await request(server()).post('/api/v1/documents').send(withRules).expect(200);
    const exported = (await request(server()).get('/api/v1/periods/2026-10/document').expect(200))
      .body as ScorecardDocument;
    const set = exported.indicatorSets.find((s) => s.code === withRules.indicatorSets[0].code)!;
    expect([set.plans, set.quotas]).toEqual([{ threshold: 65, items: 2 }, quotas]);
    expect(exported.indicatorSets.find((s) => s.code !== set.code)?.quotas).toBeUndefined();
    expect(validateDocument(exported).problems).toEqual([]);
    // The export read back is the same content: no new version.
    const before = await counts();
    await request(server()).post('/api/v1/documents').send(exported).expect(200);
    expect((await counts()).indicator_set_versions).toBe(before.indicator_set_versions);
  });

  it('a changed set becomes a new version from the later period; the earlier period keeps its version', async () => {
    await request(server()).post('/api/v1/documents').send(doc).expect(200);
    const next = structuredClone(doc);
    next.period = '2026-11';
    next.indicatorSets[0].indicators[0].scoring = {
      method: 'ratio',
      target: 100,
      direction: 'lower',
      cap: 120,
    };
    await request(server()).post('/api/v1/documents').send(next).expect(200);
    const versions = await ds.query(
      `SELECT version, effective_from AS "from" FROM indicator_set_versions ORDER BY id`,
    );
    expect(versions).toEqual([
      { version: 1, from: '2026-10' },
      { version: 1, from: '2026-10' },
      { version: 2, from: '2026-11' },
    ]);
    const october = (await request(server()).get('/api/v1/periods/2026-10/document'))
      .body as ScorecardDocument;
    const november = (await request(server()).get('/api/v1/periods/2026-11/document'))
      .body as ScorecardDocument;
    expect(october.indicatorSets[0].indicators[0].scoring).toEqual(
      doc.indicatorSets[0].indicators[0].scoring,
    );
    expect(november.indicatorSets[0].indicators[0].scoring).toMatchObject({ cap: 120 });
  });

  it('a changed set may not take effect in a closed month, even from an earlier open one (409)', async () => {
    const september = structuredClone(doc);
    september.period = '2026-09';
    await request(server()).post('/api/v1/documents').send(september).expect(200);
    await request(server()).post('/api/v1/documents').send(doc).expect(200); // October: the same sets
    await ds.query(`UPDATE periods SET status = 'closed' WHERE period = '2026-10'`);
    // Re-importing September unchanged is fine; a changed set would be in force in the closed October too.
    await request(server()).post('/api/v1/documents').send(september).expect(200);
    september.indicatorSets[0].indicators[0].name = 'renamed';
    const res = await request(server()).post('/api/v1/documents').send(september).expect(409);
    expect(res.body.message).toContain('period 2026-10 is closed');
    const versions = await ds.query(`SELECT COUNT(*) AS n FROM indicator_set_versions`);
    expect(Number(versions[0].n)).toBe(doc.indicatorSets.length);
  });

  it('an invalid document is refused with every problem and stores nothing', async () => {
    await request(server()).post('/api/v1/documents').send(doc).expect(200);
    const before = await counts();
    const bad = structuredClone(doc) as unknown as Record<string, unknown>;
    (bad.staff as Record<string, unknown>[])[0].inputs = { orders_total: 'many' };
    bad.period = '2026-13';
    const res = await request(server()).post('/api/v1/documents').send(bad).expect(400);
    expect(res.body.problems.map((p: { path: string }) => p.path)).toEqual(
      expect.arrayContaining(['period', 'staff[0].inputs.orders_total']),
    );
    expect(await counts()).toEqual(before);
  });

  it('checks the service fields of a valid document too (aggregate, employment type)', async () => {
    const odd = structuredClone(doc) as unknown as {
      inputs: Record<string, unknown>[];
      staff: Record<string, unknown>[];
    };
    odd.inputs[0].aggregate = 'median';
    odd.staff[1].employmentType = 'freelance';
    const res = await request(server()).post('/api/v1/documents').send(odd).expect(400);
    expect(res.body.problems.map((p: { path: string }) => p.path)).toEqual([
      'inputs[0].aggregate',
      'staff[1].employmentType',
    ]);
    expect((await counts()).periods).toBe(0);
  });

  it('a conflict found half-way rolls everything back (409)', async () => {
    await request(server()).post('/api/v1/documents').send(doc).expect(200);
    const before = await counts();
    const clash = structuredClone(doc);
    clash.period = '2026-11';
    clash.inputs.push({ code: 'new_input', name: 'New', unit: 'n', level: 'staff' });
    clash.staff.push({
      ...clash.staff[0],
      id: 'E999',
      employeeNo: 'E101',
    } as ScorecardDocument['staff'][number]);
    const res = await request(server()).post('/api/v1/documents').send(clash).expect(409);
    expect(res.body.message).toContain('"E101" already belongs to staff E101');
    expect(await counts()).toEqual(before);
  });

  it('answers 404 for an unknown period and 400 for a malformed one', async () => {
    await request(server()).get('/api/v1/periods/2030-01/document').expect(404);
    await request(server()).get('/api/v1/periods/October/document').expect(400);
  });

  it('imports a month of 10,000 staff (about 5 MB of JSON) in one request', async () => {
    const library = parseDocumentText(
      readFileSync(join(REPO_ROOT, 'config/indicator-library/hospital-logistics.yaml'), 'utf8'),
    ) as ScorecardDocument;
    const staff = Array.from({ length: 10_000 }, (_, i) => {
      const model = library.staff[i % library.staff.length];
      return { ...model, id: `X${String(i).padStart(5, '0')}` };
    });
    const big = { ...library, staff };
    const body = JSON.stringify(big);
    expect(body.length).toBeGreaterThan(4_000_000);
    const res = await request(server())
      .post('/api/v1/documents')
      .set('Content-Type', 'application/json')
      .send(body)
      .expect(200);
    expect(res.body.counts.staff).toBe(10_000);
    const exported = (await request(server()).get(`/api/v1/periods/${library.period}/document`))
      .body as ScorecardDocument;
    expect(exported.staff).toHaveLength(10_000);
  }, 180_000);
});

explainSkip('documents on PostgreSQL');
(TEST_DATABASE_URL ? describe : describe.skip)('documents on PostgreSQL', () => {
  it('imports, re-imports and exports with the same scores', async () => {
    const db = await createScratchDatabase('scorecard_documents');
    const app = await startTestApp({ database: { kind: 'postgres', url: db.url } });
    try {
      const scenario = fixture('logistics-basic');
      const doc = parseDocumentText(readFileSync(scenario.document, 'utf8')) as ScorecardDocument;
      await request(app.getHttpServer()).post('/api/v1/documents').send(doc).expect(200);
      await request(app.getHttpServer()).post('/api/v1/documents').send(doc).expect(200);
      const exported = (
        await request(app.getHttpServer()).get('/api/v1/periods/2026-10/document').expect(200)
      ).body as ScorecardDocument;
      expect(scoreDocument(exported)).toEqual(scoreDocument(doc));
    } finally {
      await app.close();
      await db.drop();
    }
  });
});

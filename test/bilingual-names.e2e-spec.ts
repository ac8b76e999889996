// Names in Chinese and English over the API: write routes take a name as one text or {zh, en}; the API answers
// `name` (the Chinese when given) and `names`; an imported document's names are stored and exported the same way.
import request from 'supertest';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { startTestApp } from './support/app';
import { libraryMonth } from './factories/month';

const dimensions = [{ code: 'EFF', name: { zh: '效率与能耗', en: 'Efficiency & energy' }, weight: 100 }];
const indicators = [
  {
    code: 'I1',
    name: { zh: '维修及时率', en: 'Work orders closed on time' },
    dimension: 'EFF',
    weight: 100,
    formula: 'rooms',
    scoring: { method: 'direct' },
  },
];

describe('bilingual names', () => {
  let app: NestExpressApplication;
  const http = () => request(app.getHttpServer());

  beforeEach(async () => {
    app = await startTestApp();
  });
  afterEach(() => app.close());

  it('stores a site, department and post type named in both languages, and renames them to one text', async () => {
    await http()
      .post('/api/v1/sites')
      .send({ code: 'CC', name: { zh: '长春院区', en: 'Changchun campus' } })
      .expect(201);
    expect((await http().get('/api/v1/sites/CC').expect(200)).body).toMatchObject({
      code: 'CC',
      name: '长春院区',
      names: { zh: '长春院区', en: 'Changchun campus' },
    });
    await http()
      .post('/api/v1/departments')
      .send({ code: 'ENG', name: { en: 'Maintenance team' }, site: 'CC' })
      .expect(201);
    expect((await http().get('/api/v1/departments/ENG').expect(200)).body).toMatchObject({
      name: 'Maintenance team',
      names: { en: 'Maintenance team' },
    });
    await http()
      .patch('/api/v1/departments/ENG')
      .send({ name: { zh: '维修班组', en: 'Maintenance team' } })
      .expect(200);
    expect((await http().get('/api/v1/departments/ENG').expect(200)).body).toMatchObject({
      name: '维修班组',
      names: { zh: '维修班组', en: 'Maintenance team' },
    });
    await http().post('/api/v1/post-types').send({ code: 'CLEAN', name: '保洁员' }).expect(201);
    expect((await http().get('/api/v1/post-types/CLEAN').expect(200)).body).toMatchObject({
      name: '保洁员',
      names: null,
    });
    await http().patch('/api/v1/sites/CC').send({ name: 'Changchun' }).expect(200);
    expect((await http().get('/api/v1/sites/CC').expect(200)).body).toMatchObject({
      name: 'Changchun',
      names: null,
    });
  });

  it('refuses a name that is not a text or {zh, en}, naming the field', async () => {
    for (const [name, message] of [
      [{}, 'name needs zh or en (the name in Chinese, in English, or both)'],
      [{ zh: '保洁', fr: 'Nettoyage' }, 'name may only hold zh and en, not fr'],
      [{ zh: '' }, 'name zh must be a non-empty text of at most 200 characters'],
      [{ en: 'x'.repeat(201) }, 'name en must be a non-empty text of at most 200 characters'],
      ['x'.repeat(201), 'name must be shorter than or equal to 200 characters'],
      [42, 'name must be a text or {zh, en} (the name in Chinese and in English)'],
    ] as const) {
      const res = await http().post('/api/v1/sites').send({ code: 'SY', name }).expect(400);
      expect([name, res.body.message]).toEqual([name, message]);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    }
    await http()
      .post('/api/v1/sites')
      .send({ code: 'SY', name: { zh: '沈'.repeat(200) } })
      .expect(201);
  });

  it('names inputs and the indicators of a set version in both languages, and takes them back as shown', async () => {
    const input = await http()
      .post('/api/v1/inputs')
      .send({ code: 'rooms', name: { zh: '清洁房间数', en: 'Rooms cleaned' }, unit: 'n', level: 'staff' })
      .expect(201);
    expect(input.body).toEqual({
      code: 'rooms',
      name: '清洁房间数',
      names: { zh: '清洁房间数', en: 'Rooms cleaned' },
      unit: 'n',
      level: 'staff',
      aggregate: 'sum',
    });
    await http().patch('/api/v1/inputs/rooms').send({ name: 'Rooms' }).expect(200);
    expect((await http().get('/api/v1/inputs/rooms').expect(200)).body).toEqual({
      code: 'rooms',
      name: 'Rooms',
      unit: 'n',
      level: 'staff',
      aggregate: 'sum',
    });

    const created = await http()
      .post('/api/v1/indicator-sets')
      .send({
        code: 'MAINT',
        name: { zh: '工程维修', en: 'Engineering & maintenance' },
        effectiveFrom: '2026-01',
        content: { dimensions, indicators },
      })
      .expect(201);
    expect(created.body).toMatchObject({
      code: 'MAINT',
      name: '工程维修',
      names: { zh: '工程维修', en: 'Engineering & maintenance' },
    });
    const v1 = (await http().get('/api/v1/indicator-sets/MAINT/versions/1').expect(200)).body;
    expect(v1.dimensions[0]).toEqual({ ...dimensions[0], name: '效率与能耗', names: dimensions[0].name });
    expect(v1.indicators[0]).toEqual({ ...indicators[0], name: '维修及时率', names: indicators[0].name });
    // A version sent back as it was shown (name and names) keeps both languages.
    const { dimensions: shownDims, indicators: shownInds } = v1 as {
      dimensions: unknown[];
      indicators: unknown[];
    };
    await http()
      .post('/api/v1/indicator-sets/MAINT/versions')
      .send({ effectiveFrom: '2026-02', dimensions: shownDims, indicators: shownInds })
      .expect(201);
    const v2 = (await http().get('/api/v1/indicator-sets/MAINT/versions/2').expect(200)).body;
    expect(v2.indicators[0]).toEqual(v1.indicators[0]);
    const renamed = await http()
      .patch('/api/v1/indicator-sets/MAINT')
      .send({ name: { zh: '维修班组', en: 'Maintenance team' } })
      .expect(200);
    expect(renamed.body).toEqual({
      code: 'MAINT',
      name: '维修班组',
      names: { zh: '维修班组', en: 'Maintenance team' },
    });
  });

  it("stores an imported document's names and gives them back in the month's document", async () => {
    const doc = libraryMonth();
    await http().post('/api/v1/documents').send(doc).expect(200);
    expect((await http().get('/api/v1/inputs/effective_hours').expect(200)).body).toMatchObject({
      name: '有效工时',
      names: { zh: '有效工时', en: 'Effective work hours' },
    });
    expect((await http().get('/api/v1/departments/CLEAN-SY').expect(200)).body).toMatchObject({
      name: '沈阳院区保洁部',
      names: { zh: '沈阳院区保洁部', en: 'Cleaning Shenyang' },
    });
    const sets = (await http().get('/api/v1/indicator-sets').expect(200)).body as { code: string }[];
    expect(sets.find((s) => s.code === 'CLEAN')).toMatchObject({
      name: '保洁',
      names: { zh: '保洁', en: 'Cleaning' },
    });
    const exported = (await http().get('/api/v1/periods/2026-10/document').expect(200)).body;
    expect(exported.inputs[0].name).toEqual(doc.inputs[0].name);
    expect(exported.indicatorSets[0].name).toEqual(doc.indicatorSets[0].name);
    expect(exported.indicatorSets[0].indicators[0].name).toEqual(doc.indicatorSets[0].indicators[0].name);
    expect(exported.departments[0].name).toEqual(
      doc.departments!.find((d) => d.code === exported.departments[0].code)!.name,
    );
  });
});

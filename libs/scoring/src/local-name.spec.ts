// Names in one text or per language: what the format accepts, what is stored of them, and that scoring ignores them.
import { document, indicator, indicatorSet } from '../../../test/factories/document';
import {
  nameIn,
  nameLangs,
  nameText,
  scoreDocument,
  storedName,
  validateDocument,
  withoutUnknownKeys,
} from '.';

const problems = (raw: unknown) => validateDocument(raw).problems.map((p) => `${p.path}: ${p.message}`);

describe('bilingual names', () => {
  const bilingual = () =>
    document({
      inputs: [
        { code: 'x', name: { zh: '维修工单数', en: 'Work orders' }, unit: 'n', level: 'staff' },
        { code: 'y', name: { en: 'Complaints' }, unit: 'n', level: 'staff' },
        { code: 'z', name: 'z', unit: 'n', level: 'staff' },
      ],
      indicatorSets: [
        indicatorSet([indicator({ code: 'I1', name: { zh: '维修及时率', en: 'Repairs on time' } })], {
          name: { zh: '维修班组', en: 'Maintenance team' },
          dimensions: [{ code: 'd1', name: { zh: '内部管理', en: 'Internal management' }, weight: 100 }],
        }),
      ],
      workload: { tasks: [{ code: 'T', name: { zh: '小修', en: 'Minor repair' }, rvu: 1 }] },
      departments: [{ code: 'DEP', name: { zh: '保洁科', en: 'Cleaning' } }],
    });

  it('accepts a name as a text or as {zh, en} everywhere a document names something', () => {
    expect(validateDocument(bilingual())).toEqual({ problems: [], warnings: [] });
  });

  it('refuses an empty, too long, mistyped or foreign-language name, with its path', () => {
    const doc = bilingual() as unknown as Record<string, unknown[]> & { workload: { tasks: unknown[] } };
    (doc.inputs[0] as { name: unknown }).name = {};
    (doc.inputs[1] as { name: unknown }).name = { zh: '', en: 'x' };
    (doc.inputs[2] as { name: unknown }).name = 'x'.repeat(201);
    (doc.indicatorSets[0] as { name: unknown }).name = { zh: '保洁', fr: 'Nettoyage' };
    (doc.departments[0] as { name: unknown }).name = 42;
    doc.workload.tasks[0] = { code: 'T', rvu: 1 };
    expect(problems(doc)).toEqual([
      'inputs[0].name: needs zh or en (the name in Chinese, in English, or both), got {}',
      'inputs[1].name: zh must be a non-empty text of at most 200 characters, got {"zh":"","en":"x"}',
      expect.stringMatching(/^inputs\[2\]\.name: must be a non-empty text of at most 200 characters/),
      'indicatorSets[0].name: may only hold zh and en, not fr, got {"zh":"保洁","fr":"Nettoyage"}',
      'workload.tasks[0].name: is required',
      'departments[0].name: must be a text or {zh, en} (the name in Chinese and in English), got 42',
    ]);
  });

  it('counts characters, not bytes: 200 Chinese characters are a valid name', () => {
    const doc = bilingual();
    doc.inputs[0].name = { zh: '维'.repeat(200) };
    expect(problems(doc)).toEqual([]);
  });

  it('keeps names when unknown keys are dropped', () => {
    const raw = { ...bilingual(), extra: 1 };
    expect((withoutUnknownKeys(raw) as { inputs: { name: unknown }[] }).inputs[0].name).toEqual({
      zh: '维修工单数',
      en: 'Work orders',
    });
  });

  it('scores a document the same whatever language its names are in', () => {
    const plain = document({ staff: [{ id: 'A', department: 'DEP', indicatorSet: 'S', inputs: { x: 50 } }] });
    const named = bilingual();
    named.staff = plain.staff;
    delete named.workload;
    delete named.departments;
    expect(scoreDocument(named)).toEqual(scoreDocument(plain));
  });

  it('stores one text (Chinese first) and both languages', () => {
    expect(storedName({ zh: '保洁', en: 'Cleaning' })).toEqual({
      name: '保洁',
      names: { zh: '保洁', en: 'Cleaning' },
    });
    expect(storedName({ en: 'Cleaning' })).toEqual({ name: 'Cleaning', names: { en: 'Cleaning' } });
    expect(storedName('保洁')).toEqual({ name: '保洁', names: null });
    expect(nameText(undefined)).toBe('');
    expect(nameLangs('x')).toBeNull();
    expect(nameIn({ zh: '保洁', en: 'Cleaning' }, 'en')).toBe('Cleaning');
    expect(nameIn({ zh: '保洁' }, 'en')).toBe('保洁');
  });
});

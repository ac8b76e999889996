// The statistics of a campaign against a hand computation: 1–10 scores count half, a response's mean is over the
// questions it answered, the target's mean is the mean of its responses' means, satisfied is a response mean of
// at least satisfiedAtLeast (exactly the threshold counts), and the CSV says the same numbers.
import type { SurveyContent } from '@app/persistence';
import { statisticsCsv, SurveyAnswers, surveyStatistics } from './statistics';

const CONTENT: SurveyContent = {
  questions: [
    { code: 'q1', text: { zh: '整洁', en: 'Clean' }, scale: 5 },
    { code: 'q2', text: { zh: '及时', en: 'On time' }, scale: 10 },
  ],
  comment: false,
  targets: [
    { kind: 'staff', code: 'C101', label: { zh: '张三' } },
    { kind: 'staff', code: 'C102' },
    { kind: 'department', code: 'PORT', label: { zh: '运送组', en: 'Porters' } },
  ],
  outputs: { answers: 'survey_answers', satisfied: 'survey_satisfied' },
};

const RESPONSES: { answers: SurveyAnswers }[] = [
  { answers: { C101: { q1: 5, q2: 10 }, C102: { q1: 2, q2: 4 } } },
  { answers: { C101: { q1: 4, q2: 6 } } },
  { answers: { C101: { q1: 3 }, C102: { q2: 9 } } },
  // Rated nothing the content knows: counted as a response received, not as a response of any target.
  { answers: { GONE: { q1: 1 } } },
];

describe('surveyStatistics', () => {
  it('equals the hand computation', () => {
    const s = surveyStatistics(CONTENT, RESPONSES);
    const [c101, c102, port] = s.targets;
    // C101: response means on 1–5 terms: (5 + 10/2)/2 = 5, (4 + 6/2)/2 = 3.5, 3/1 = 3.
    expect(c101).toMatchObject({ code: 'C101', responses: 3, satisfied: 1 });
    expect(c101.mean).toBeCloseTo((5 + 3.5 + 3) / 3, 12);
    expect(c101.questionMeans.q1).toBeCloseTo((5 + 4 + 3) / 3, 12);
    expect(c101.questionMeans.q2).toBeCloseTo((10 + 6) / 2, 12);
    expect(c101.questionAnswers).toEqual({ q1: 3, q2: 2 });
    expect(c101.satisfactionRate).toBeCloseTo((1 / 3) * 100, 12);
    // C102: (2 + 4/2)/2 = 2, 9/2 = 4.5 (satisfied).
    expect(c102).toMatchObject({ code: 'C102', responses: 2, satisfied: 1, satisfactionRate: 50 });
    expect(c102.mean).toBeCloseTo((2 + 4.5) / 2, 12);
    expect(c102.questionMeans).toEqual({ q1: 2, q2: (4 + 9) / 2 });
    // Nobody rated PORT: no mean, no rate (not zero).
    expect(port).toMatchObject({ responses: 0, satisfied: 0, mean: null, satisfactionRate: null });
    expect(port.questionMeans).toEqual({ q1: null, q2: null });
    expect(s).toMatchObject({ responses: 4, satisfiedAtLeast: 4 });
  });

  it('counts a mean exactly at the threshold as satisfied, and follows satisfiedAtLeast', () => {
    // 4 and 8/2: a mean of exactly 4.
    const exactly = [{ answers: { C101: { q1: 4, q2: 8 } } }, { answers: { C101: { q1: 3, q2: 9 } } }];
    expect(surveyStatistics(CONTENT, exactly).targets[0].satisfied).toBe(1);
    // 3.75 ≥ 3.5 as well.
    expect(surveyStatistics({ ...CONTENT, satisfiedAtLeast: 3.5 }, exactly).targets[0].satisfied).toBe(2);
  });

  it('writes the table as CSV with Chinese and English headers and the same numbers', () => {
    const csv = statisticsCsv(CONTENT, surveyStatistics(CONTENT, RESPONSES));
    const lines = csv
      .replace(/^\ufeff/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toBe(
      '测评对象 Target,类型 Kind,名称 Label,答卷数 Responses,q1 均分 mean (1–5),q2 均分 mean (1–10),' +
        '平均分(5分制) Mean (1–5),满意答卷(≥4) Satisfied,满意率% Satisfaction rate %',
    );
    expect(lines[1]).toBe('C101,人员 staff,张三,3,4.00,8.00,3.83,1,33.33');
    expect(lines[2]).toBe('C102,人员 staff,,2,2.00,6.50,3.25,1,50.00');
    expect(lines[3]).toBe('PORT,科室 department,运送组,0,,,,0,');
  });

  it('quotes a label a spreadsheet would read as a formula', () => {
    const content = {
      ...CONTENT,
      targets: [{ kind: 'staff' as const, code: 'C1', label: { zh: '=HYPERLINK("x")' } }],
    };
    const csv = statisticsCsv(content, surveyStatistics(content, []));
    expect(csv).toContain(`"'=HYPERLINK(""x"")"`);
  });
});

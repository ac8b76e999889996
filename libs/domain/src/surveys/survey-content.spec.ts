// The content check of a campaign: a good content passes as stored; each kind of mistake is named by its field, in
// Chinese and English, all of them in one refusal.
import { checkSurveyContent, SurveyDictionary, SurveyInvalidError } from './survey-content';

const KNOWN: SurveyDictionary = {
  departments: new Set(['CLEAN-CC', 'PORT']),
  staff: new Set(['C101', 'C102']),
  inputs: new Map([
    ['survey_answers', 'staff'],
    ['survey_satisfied', 'staff'],
    ['dept_answers', 'department'],
  ]),
};

const GOOD = {
  questions: [
    { code: 'q1', text: { zh: '病区是否整洁', en: 'Is the ward clean?' }, scale: 5 },
    { code: 'q2', text: { en: 'On time?' }, scale: 10 },
  ],
  comment: true,
  targets: [
    { kind: 'staff', code: 'C101' },
    { kind: 'staff', code: 'C102', label: { zh: '李四' } },
  ],
  outputs: { answers: 'survey_answers', satisfied: 'survey_satisfied' },
};

/** The problems of a refused content. */
function problems(content: unknown): string[] {
  try {
    checkSurveyContent(content, KNOWN);
  } catch (e) {
    expect(e).toBeInstanceOf(SurveyInvalidError);
    expect((e as SurveyInvalidError).status).toBe(400);
    expect((e as SurveyInvalidError).code).toBe('SURVEY_INVALID');
    return (e as SurveyInvalidError).problems;
  }
  throw new Error('the content was accepted');
}

describe('checkSurveyContent', () => {
  it('accepts a good content as it is stored (comment false when absent)', () => {
    expect(checkSurveyContent(GOOD, KNOWN)).toEqual(GOOD);
    const noComment: Record<string, unknown> = { ...GOOD, satisfiedAtLeast: 3.5 };
    delete noComment.comment;
    expect(checkSurveyContent(noComment, KNOWN)).toEqual({
      ...GOOD,
      comment: false,
      satisfiedAtLeast: 3.5,
    });
  });

  it('names duplicate question codes, bad scales and missing texts, in Chinese and English', () => {
    const found = problems({
      ...GOOD,
      questions: [
        { code: 'q1', text: { zh: '一' }, scale: 5 },
        { code: 'q1', text: { zh: '二' }, scale: 7 },
        { code: 'q3', text: {}, scale: 10 },
        { code: 'q4', text: { fr: 'non' }, scale: 5 },
      ],
    });
    expect(found).toEqual([
      'content.questions[1].code: 问题代码 "q1" 重复 / duplicate question code "q1"',
      'content.questions[1].scale: 须为 5 或 10（分制） / must be 5 or 10, got 7',
      'content.questions[2].text: 须有中文或英文 / needs zh or en',
      'content.questions[3].text.fr: 只可有 zh 和 en / only zh and en are accepted',
    ]);
  });

  it('names targets that do not exist and duplicate targets', () => {
    const found = problems({
      ...GOOD,
      targets: [
        { kind: 'staff', code: 'C101' },
        { kind: 'staff', code: 'C999' },
        { kind: 'department', code: 'NOPE' },
        { kind: 'staff', code: 'C101' },
        { kind: 'team', code: 'PORT' },
      ],
    });
    expect(found).toEqual(
      expect.arrayContaining([
        'content.targets[1].code: 人员 "C999" 不存在 / staff "C999" does not exist',
        'content.targets[2].code: 科室 "NOPE" 不存在 / department "NOPE" does not exist',
        'content.targets[3].code: 测评对象 "C101" 重复 / duplicate target "C101"',
        'content.targets[4].kind: 须为 department（科室/班组）或 staff（人员） / must be department or staff, got "team"',
      ]),
    );
  });

  it('names outputs not in the dictionary or at the wrong level for the targets', () => {
    expect(problems({ ...GOOD, outputs: { answers: 'nope', mean: 'dept_answers' } })).toEqual([
      'content.outputs.answers: 输入项 "nope" 不在输入字典中 / "nope" is not in the input dictionary',
      'content.outputs.mean: "dept_answers" 是科室级输入项，人员测评对象须用人员级输入项 / "dept_answers" is a ' +
        'department-level input: staff targets need a staff-level input',
    ]);
    expect(
      problems({
        ...GOOD,
        targets: [{ kind: 'department', code: 'PORT' }],
        outputs: { answers: 'survey_answers' },
      }),
    ).toEqual([
      'content.outputs.answers: "survey_answers" 是人员级输入项，科室测评对象须用科室级输入项 / "survey_answers" ' +
        'is a staff-level input: department targets need a department-level input',
    ]);
    expect(problems({ ...GOOD, outputs: {} })).toEqual([
      'content.outputs: 至少填写一个（answers、satisfied 或 mean） / name at least one of answers, satisfied or mean',
    ]);
  });

  it('names empty lists, unknown fields and a threshold off the 1–5 scale, all at once', () => {
    const found = problems({
      questions: [],
      targets: [],
      outputs: GOOD.outputs,
      satisfiedAtLeast: 6,
      extra: 1,
    });
    expect(found).toEqual([
      'content.extra: 未知字段 / unknown field',
      'content.questions: 须为非空列表 / must be a non-empty list of questions',
      'content.targets: 须为非空列表（测评对象） / must be a non-empty list of targets',
      'content.satisfiedAtLeast: 须为 1 到 5 之间的数（5分制） / must be a number from 1 to 5 (on the 1–5 scale), got 6',
    ]);
    expect(problems('x')).toEqual(['content: 须为对象 / must be an object, got "x"']);
  });
});

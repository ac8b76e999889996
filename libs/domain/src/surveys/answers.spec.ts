// The check of a respondent's answer: only the campaign's targets and questions, whole scores from 1 to the
// question's scale, at least one target rated, a comment only where the campaign takes one — each bad field named.
import type { SurveyContent } from '@app/persistence';
import { checkAnswer } from './answers.service';
import { SurveyInvalidError } from './survey-content';

const content: SurveyContent = {
  questions: [
    { code: 'q1', text: { zh: '整洁' }, scale: 5 },
    { code: 'q2', text: { zh: '及时' }, scale: 10 },
  ],
  comment: false,
  targets: [
    { kind: 'staff', code: 'C101' },
    { kind: 'department', code: 'PORT' },
  ],
  outputs: { answers: 'survey_answers' },
};

function refused(body: unknown, c: SurveyContent = content): string[] {
  try {
    checkAnswer({ content: c }, body);
  } catch (e) {
    expect(e).toBeInstanceOf(SurveyInvalidError);
    return (e as SurveyInvalidError).problems;
  }
  throw new Error('the answer was accepted');
}

describe('checkAnswer', () => {
  it('keeps the scores given (a target with none is left out) and a trimmed comment', () => {
    expect(checkAnswer({ content }, { answers: { C101: { q1: 5, q2: 10 }, PORT: {} } })).toEqual({
      answers: { C101: { q1: 5, q2: 10 } },
      comment: null,
    });
    expect(
      checkAnswer(
        { content: { ...content, comment: true } },
        { answers: { PORT: { q2: 1 } }, comment: ' 好 ' },
      ),
    ).toEqual({ answers: { PORT: { q2: 1 } }, comment: '好' });
  });

  it('names each bad score, unknown target and unknown question', () => {
    expect(refused({ answers: { C101: { q1: 6, q2: 2.5, q9: 3 }, NOPE: { q1: 1 } } })).toEqual([
      'answers.C101.q1: 须为 1 到 5 的整数 / must be a whole number from 1 to 5, got 6',
      'answers.C101.q2: 须为 1 到 10 的整数 / must be a whole number from 1 to 10, got 2.5',
      'answers.C101.q9: 不是本测评的题目 / is not a question of this survey',
      'answers.NOPE: 不是本测评的测评对象 / is not a target of this survey',
    ]);
    expect(refused({ answers: { C101: { q1: 0 } } })).toEqual([
      'answers.C101.q1: 须为 1 到 5 的整数 / must be a whole number from 1 to 5, got 0',
    ]);
  });

  it('asks for at least one target rated, and refuses a comment the campaign does not take', () => {
    expect(refused({ answers: { C101: {} } })).toEqual([
      'answers: 请至少评价一个测评对象 / rate at least one target',
    ]);
    expect(refused({ answers: { C101: { q1: 4 } }, comment: 'x' })).toEqual([
      'comment: 本测评不收集意见 / this survey takes no comment',
    ]);
    expect(refused({ answers: [] })).toEqual([
      'answers: 须为对象 {测评对象: {题目: 分数}} / must be an object {target: {question: score}}',
    ]);
  });
});

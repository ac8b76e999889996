// The opinion summary, pure: means, distributions and the unfair share by hand; texts sorted whatever order the
// answers came in; a set under the minimum shows counts only; the CSV quotes and keeps the small set's words out.
import type { OpinionQuestions } from '@app/persistence';
import { AnswerData, opinionSummary, summaryCsv } from './summary';

const QUESTIONS: OpinionQuestions = {
  sets: [
    {
      set: 'A',
      name: { zh: '甲', en: 'A' },
      indicators: [
        { code: 'X', name: { zh: '指标X', en: 'X' } },
        { code: 'Y', name: { zh: '指标Y', en: 'Y' } },
      ],
    },
    { set: 'B', name: { zh: '乙', en: 'B' }, indicators: [{ code: 'X', name: { zh: '指标X', en: 'X' } }] },
  ],
};

const a = (
  setCode: string,
  ratings: Record<string, number>,
  comment?: string,
  suggestion?: string,
): AnswerData => ({
  setCode,
  ratings,
  comments: comment ? { X: comment } : {},
  suggestion: suggestion ?? null,
});

describe('opinionSummary', () => {
  const answers = [
    a('A', { X: 2, Y: 5 }, 'zebra', 'second'),
    a('A', { X: 3 }, 'apple'),
    a('A', { X: 5, Y: 4 }, undefined, 'first'),
    a('B', { X: 1 }, 'secret', 'secret too'),
  ];
  const summary = opinionSummary(
    QUESTIONS,
    answers,
    new Map([
      ['A', 4],
      ['B', 2],
    ]),
    3,
  );

  it('computes each indicator of a set with enough answers', () => {
    const [setA] = summary.sets;
    expect(setA).toMatchObject({ answers: 3, eligible: 4, responseRate: 75, shown: true });
    // X: 2 3 5 → mean 3.33, [0,1,1,0,1], unfair 1 of 3 = 33.3 % (flagged at 30).
    expect(setA.indicators[0]).toEqual({
      code: 'X',
      name: { zh: '指标X', en: 'X' },
      ratings: 3,
      mean: 3.33,
      distribution: [0, 1, 1, 0, 1],
      unfairPercent: 33.3,
      flagged: true,
      comments: ['apple', 'zebra'],
    });
    // Y: 5 4 → 4.5, nobody unfair.
    expect(setA.indicators[1]).toMatchObject({ ratings: 2, mean: 4.5, unfairPercent: 0, flagged: false });
    expect(setA.suggestions).toEqual(['first', 'second']);
  });

  it('shows a set under the minimum as counts only, and sums the counts', () => {
    expect(summary.sets[1]).toEqual({
      set: 'B',
      name: { zh: '乙', en: 'B' },
      answers: 1,
      eligible: 2,
      responseRate: 50,
      shown: false,
      indicators: [],
      suggestions: [],
    });
    expect(summary).toMatchObject({ minAnswers: 3, answers: 4, eligible: 6 });
    expect(opinionSummary(QUESTIONS, [], new Map(), 3).sets[0].responseRate).toBeNull();
  });

  it('does not depend on the order the answers came in', () => {
    const reversed = opinionSummary(
      QUESTIONS,
      [...answers].reverse(),
      new Map([
        ['A', 4],
        ['B', 2],
      ]),
      3,
    );
    expect(reversed).toEqual(summary);
  });

  it('writes the CSV without the small set’s words', () => {
    const csv = summaryCsv(summary);
    expect(csv.startsWith('\ufeff')).toBe(true);
    expect(csv).toContain('A,甲 / A,3,4,75.0,X,指标X / X,3,3.33,0,1,1,0,1,33.3,是 yes,');
    expect(csv).toContain('apple');
    expect(csv).not.toContain('secret');
  });
});

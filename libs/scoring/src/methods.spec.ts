// One block per scoring method of docs/FORMAT.md, checked on the column scorer and its explanation.
import { Scoring } from './document';
import { explainScore, scoreColumn } from './methods';

// Scores rounded to 9 decimals: the method's arithmetic is IEEE double (100·(2 − 0.9) = 110.00000000000001).
const score = (s: Scoring, ...xs: number[]) =>
  Array.from(scoreColumn(s, Float64Array.from(xs), xs.length), (v) =>
    Number.isNaN(v) ? v : Math.round(v * 1e9) / 1e9,
  );

describe('scoring methods', () => {
  it('linear: 100·(x − worst)/(target − worst), clamped to [floor, cap], both directions', () => {
    expect(score({ method: 'linear', worst: 70, target: 95 }, 70, 82.5, 95, 100, 60)).toEqual([
      0, 50, 100, 100, 0,
    ]);
    // lower is better when target < worst
    expect(score({ method: 'linear', worst: 60, target: 15 }, 15, 37.5, 60, 5)).toEqual([100, 50, 0, 100]);
    expect(score({ method: 'linear', worst: 0, target: 10, floor: 20, cap: 120 }, 0, 11, 15)).toEqual([
      20, 110, 120,
    ]);
  });

  it('ratio: higher 100·x/target, lower 100·(2 − x/target), clamped', () => {
    expect(score({ method: 'ratio', target: 200 }, 100, 200, 300)).toEqual([50, 100, 100]);
    expect(score({ method: 'ratio', target: 200, cap: 120 }, 300)).toEqual([120]);
    // lower is better: 90% of target → 110 when the cap allows it
    expect(score({ method: 'ratio', target: 100, direction: 'lower', cap: 120 }, 90, 100, 150, 250)).toEqual([
      110, 100, 50, 0,
    ]);
    expect(score({ method: 'ratio', target: 100, direction: 'lower' }, 90)).toEqual([100]);
  });

  it('band: 100 inside [low, high], linear fall-off over the tolerance outside', () => {
    expect(score({ method: 'band', low: -1, high: 1, tolerance: 2 }, 0, -1, 1, 1.8, -2, 3, 10)).toEqual([
      100, 100, 100, 60, 50, 0, 0,
    ]);
  });

  it('thresholds: the first step whose condition holds; none → 0', () => {
    const s: Scoring = {
      method: 'thresholds',
      steps: [
        { atLeast: 98, score: 100 },
        { atLeast: 90, atMost: 95, score: 70 },
        { atMost: 10, score: 5 },
      ],
    };
    expect(score(s, 99, 98, 96, 92, 50, 3)).toEqual([100, 100, 0, 70, 0, 5]);
    expect(score({ method: 'thresholds', steps: [{ atLeast: 1, score: 10 }, { score: 42 }] }, 0)).toEqual([
      42,
    ]);
  });

  it('efficacy: 60 + 40·(x − unacceptable)/(satisfactory − unacceptable), clamped', () => {
    expect(score({ method: 'efficacy', satisfactory: 98, unacceptable: 80 }, 80, 98, 89, 70, 100)).toEqual([
      60, 100, 80, 37.777777778, 100,
    ]);
    expect(score({ method: 'efficacy', satisfactory: 98, unacceptable: 80, floor: 40 }, 0)).toEqual([40]);
  });

  it('deduction: max(floor, base − perUnit·x)', () => {
    expect(score({ method: 'deduction', perUnit: 20 }, 0, 1, 3, 6)).toEqual([100, 80, 40, 0]);
    expect(score({ method: 'deduction', perUnit: 5, base: 50, floor: 10 }, 2, 100)).toEqual([40, 10]);
  });

  it('direct: clamp(x)', () => {
    expect(score({ method: 'direct' }, -5, 55.5, 130)).toEqual([0, 55.5, 100]);
    expect(score({ method: 'direct', floor: -10, cap: 150 }, -5, 130)).toEqual([-5, 130]);
  });

  it('keeps missing values (NaN) missing under every method', () => {
    const all: Scoring[] = [
      { method: 'linear', worst: 0, target: 1 },
      { method: 'ratio', target: 1 },
      { method: 'band', low: 0, high: 1, tolerance: 1 },
      { method: 'thresholds', steps: [{ score: 1 }] },
      { method: 'efficacy', satisfactory: 1, unacceptable: 0 },
      { method: 'deduction', perUnit: 1 },
      { method: 'direct' },
    ];
    for (const s of all) expect(score(s, NaN)[0]).toBeNaN();
  });

  it('explains each score in words with the numbers used', () => {
    expect(explainScore({ method: 'linear', worst: 70, target: 95 }, 100, 100)).toContain('capped at 100');
    expect(explainScore({ method: 'band', low: -1, high: 1, tolerance: 2 }, 1.8, 60)).toContain(
      '0.8 outside the band',
    );
    expect(
      explainScore({ method: 'thresholds', steps: [{ atLeast: 98, score: 100 }, { score: 0 }] }, 50, 0),
    ).toContain('step 2 (otherwise)');
    expect(explainScore({ method: 'deduction', perUnit: 50 }, 3, 0)).toContain('floored at 0');
  });
});

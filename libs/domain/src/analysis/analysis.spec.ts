// The arithmetic of the analysis against hand computations written here: quartiles by linear interpolation
// between closest ranks (ties included), the population standard deviation, 10-point bins with 100 in the top
// bin, a group flagged only when its difference from the others is strictly above the threshold, variance shares
// that sum to 1 when totals are the sum of the contributions (and are null without a spread), the range of
// months, and what counts as improved.
import {
  flagGroups,
  improved,
  monthsBetween,
  nextMonth,
  quantile,
  ValueCounts,
  VarianceAcc,
} from './analysis';
import { analysisSheets, checkQuery, type Analysis } from './analysis.service';

const counts = (...xs: number[]): ValueCounts => {
  const c = new ValueCounts();
  xs.forEach((x) => c.add(x));
  return c;
};

describe('quartiles and the spread of a group', () => {
  it('interpolates between closest ranks: h = (n − 1)·p', () => {
    const xs = [1, 2, 3, 4];
    // q1: h = 0.75 → 1 + 0.75·(2 − 1); median: h = 1.5 → 2.5; q3: h = 2.25 → 3 + 0.25·(4 − 3).
    expect(quantile(4, (k) => xs[k], 0.25)).toBe(1.75);
    expect(quantile(4, (k) => xs[k], 0.5)).toBe(2.5);
    expect(quantile(4, (k) => xs[k], 0.75)).toBe(3.25);
    expect(quantile(0, (k) => xs[k], 0.5)).toBeNull();
  });

  it('counts tied totals once per person: 70, 80, 80, 90', () => {
    const s = counts(80, 90, 70, 80).stats();
    // Sorted 70, 80, 80, 90: q1 h = 0.75 → 70 + 0.75·10 = 77.5; median h = 1.5 → 80 (between two 80s);
    // q3 h = 2.25 → 80 + 0.25·10 = 82.5. Mean 80; deviations −10, 0, 0, 10: variance 200 / 4 = 50.
    expect(s).toMatchObject({ n: 4, mean: 80, min: 70, q1: 77.5, median: 80, q3: 82.5, max: 90 });
    expect(s.sd).toBe(Math.round(Math.sqrt(50) * 100) / 100);
  });

  it('all equal: every quartile is the value, no spread', () => {
    expect(counts(60, 60, 60).stats()).toMatchObject({ q1: 60, median: 60, q3: 60, sd: 0, min: 60, max: 60 });
  });

  it('bins totals by 10 points without gaps, 100 in the 90–100 bin', () => {
    expect(counts(55, 100, 90, 59.99).stats().histogram).toEqual([
      { from: 50, to: 60, count: 2 },
      { from: 60, to: 70, count: 0 },
      { from: 70, to: 80, count: 0 },
      { from: 80, to: 90, count: 0 },
      { from: 90, to: 100, count: 2 },
    ]);
  });

  it('an empty group has no figures', () => {
    expect(new ValueCounts().stats()).toMatchObject({ n: 0, mean: null, q1: null, histogram: [] });
  });
});

describe('flags: a group scored apart from the others', () => {
  // B and C score 70 each: the others of A have a mean of 70.
  const others = [
    { code: 'B', counts: counts(70) },
    { code: 'C', counts: counts(70) },
  ];

  it('flags a difference just above the threshold', () => {
    const flags = flagGroups('site', [{ code: 'A', counts: counts(80.01, 80.01) }, ...others], 10);
    // A: 80.01 − 70 = 10.01 > 10. B: 70 − (80.01 + 80.01 + 70) / 3 = −6.67, within.
    expect(flags).toEqual([{ group: 'site', code: 'A', mean: 80.01, othersMean: 70, difference: 10.01 }]);
  });

  it('does not flag one just below it, nor one exactly at it', () => {
    expect(flagGroups('site', [{ code: 'A', counts: counts(79.99, 79.99) }, ...others], 10)).toEqual([]);
    expect(flagGroups('site', [{ code: 'A', counts: counts(80, 80) }, ...others], 10)).toEqual([]);
  });

  it('a lone group has no others to differ from', () => {
    expect(flagGroups('set', [{ code: 'A', counts: counts(10, 90) }], 0)).toEqual([]);
  });
});

describe('variance shares: cov(contribution, total) / var(total)', () => {
  it('matches a hand computation and sums to 1 when the total is the sum of contributions', () => {
    const v = new VarianceAcc();
    const people: [number, number][] = [
      [30, 20],
      [40, 40],
      [35, 25],
    ];
    for (const [x, y] of people)
      v.add(x + y, [
        { code: 'X', contribution: x },
        { code: 'Y', contribution: y },
      ]);
    // Totals 50, 80, 60 (mean 63.33): var = (2500 + 6400 + 3600) / 3 − 63.33² = 155.56.
    // cov(X, t) = (1500 + 3200 + 2100) / 3 − 35 · 63.33 = 50; cov(Y, t) = (1000 + 3200 + 1500) / 3 − 28.33 · 63.33 = 105.56.
    const shares = v.shares();
    expect(shares).toEqual([
      { indicator: 'Y', share: Math.round((105.5556 / 155.5556) * 10000) / 10000 },
      { indicator: 'X', share: Math.round((50 / 155.5556) * 10000) / 10000 },
    ]);
    expect(shares.reduce((s, x) => s + x.share!, 0)).toBeCloseTo(1, 3);
  });

  it('an indicator a person lacks (or scored missing) contributes 0', () => {
    const v = new VarianceAcc();
    v.add(40, [{ code: 'X', contribution: 40 }]);
    v.add(60, [
      { code: 'X', contribution: 50 },
      { code: 'Y', contribution: 10 },
    ]);
    v.add(70, [
      { code: 'X', contribution: 70 },
      { code: 'Y', contribution: null },
    ]);
    const shares = v.shares();
    // Totals 40, 60, 70 (mean 56.67, var 155.56); Y is 0, 10, 0: cov = 600/3 − 3.33·56.67 = 11.11.
    expect(shares.find((s) => s.indicator === 'Y')!.share).toBeCloseTo(11.1111 / 155.5556, 4);
    expect(shares.reduce((s, x) => s + x.share!, 0)).toBeCloseTo(1, 3);
  });

  it('without a spread of totals (var = 0) every share is null', () => {
    const v = new VarianceAcc();
    v.add(70, [{ code: 'X', contribution: 70 }]);
    v.add(70, [{ code: 'X', contribution: 70 }]);
    expect(v.shares()).toEqual([{ indicator: 'X', share: null }]);
  });
});

describe('the range and the plans', () => {
  it('lists the months of a range across a year end', () => {
    expect(monthsBetween('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(nextMonth('2026-12')).toBe('2027-01');
  });

  it('checks the query, naming the field', () => {
    expect(checkQuery({ from: '2026-01' })).toEqual({ from: '2026-01', to: '2026-01', threshold: 10 });
    expect(() => checkQuery({ from: '2026-13' })).toThrow(/^from/);
    expect(() => checkQuery({ from: '2026-02', to: '2026-01' })).toThrow(/^to/);
    expect(() => checkQuery({ from: '2024-01', to: '2026-01' })).toThrow(/^to.*24 months/);
    expect(checkQuery({ from: '2024-01', to: '2025-12' }).to).toBe('2025-12');
    expect(() => checkQuery({ from: '2026-01', threshold: -1 })).toThrow(/^threshold/);
  });

  it('improved: the following month scores higher; unknown is not improved', () => {
    expect(improved(60, 60.5)).toBe(true);
    expect(improved(60, 60)).toBe(false);
    expect(improved(60, 50)).toBe(false);
    expect(improved(null, 70)).toBe(false);
    expect(improved(60, undefined)).toBe(false);
  });
});

describe('the workbook sheets', () => {
  it('puts the heat map as indicator rows × department columns', () => {
    const a = {
      months: [{ period: '2026-01', runId: 'r', staff: 2 }],
      indicators: [{ code: 'X', name: { zh: '满意度', en: 'Satisfaction' }, dimension: 'service' }],
      departments: [
        { code: 'D1', name: 'D1', site: null },
        { code: 'D2', name: 'D2', site: null },
      ],
      heatmap: [{ indicator: 'X', department: 'D2', mean: 75.5, n: 1 }],
      weakest: { hospital: [], byDepartment: [] },
      distribution: { byPostType: [], bySite: [], bySet: [], flags: [] },
      variance: [],
      plans: [],
    } as unknown as Analysis;
    const [heat] = analysisSheets(a);
    expect(heat.columns.map((c) => c.header)).toEqual(['指标 Indicator', '名称 Name', 'D1', 'D2']);
    expect([...(heat.pages as Iterable<unknown[][]>)][0]).toEqual([
      ['X', '满意度 / Satisfaction', null, 75.5],
    ]);
  });
});

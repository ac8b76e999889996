// The demo hospital is deterministic, valid, big enough to be interesting, has the gaps and churn it
// promises, and scores with only the rare deliberate `missing: fail` errors; the report text ranks and
// sorts as specified.
import { isStaffError, ScorecardResult, scoreDocument, validateDocument } from '@app/scoring';
import {
  consecutiveMonths,
  DemoDocument,
  findRepoRoot,
  generateDemoHospital,
  LIBRARY_RELATIVE_PATH,
  loadIndicatorLibrary,
} from './demo-hospital';
import {
  DemoMonthResult,
  formatCampusRankings,
  formatTopMovers,
  rankWithinCampus,
  topMovers,
} from './demo-report';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

describe('generateDemoHospital', () => {
  const library = loadIndicatorLibrary();
  let docs: DemoDocument[];
  let results: ScorecardResult[];

  beforeAll(() => {
    docs = generateDemoHospital({ library });
    results = docs.map((d) => scoreDocument(d));
  });

  it('finds the library from the sources', () => {
    expect(existsSync(join(findRepoRoot(), LIBRARY_RELATIVE_PATH))).toBe(true);
  });

  it('defaults to the year 2026, January to December', () => {
    expect(docs.map((d) => d.period)).toEqual(
      Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`),
    );
    expect(consecutiveMonths('2026-12', 12)[0]).toBe('2026-01');
    expect(consecutiveMonths('2026-02', 3)).toEqual(['2025-12', '2026-01', '2026-02']);
  });

  it('is deterministic: same seed, identical JSON; another seed, different data', () => {
    const again = generateDemoHospital({ library });
    expect(JSON.stringify(again)).toBe(JSON.stringify(docs));
    const other = generateDemoHospital({ library, seed: 7, months: ['2026-10'] });
    expect(JSON.stringify(other[0].staff)).not.toBe(JSON.stringify(docs[9].staff));
  });

  it('gives every month a document that validates with no problems and no warnings', () => {
    for (const d of docs) expect(validateDocument(d)).toEqual({ problems: [], warnings: [] });
  });

  it('has two campuses, at least 6 departments each, every post type, and at least 300 staff a month', () => {
    for (const d of docs) {
      const sites = new Set(d.departments.map((x) => x.site));
      expect([...sites].sort()).toEqual(['CC', 'SY']);
      for (const site of sites)
        expect(d.departments.filter((x) => x.site === site).length).toBeGreaterThanOrEqual(6);
      expect(d.staff.length).toBeGreaterThanOrEqual(300);
      expect(new Set(d.staff.map((s) => s.indicatorSet))).toEqual(
        new Set(['MAINT', 'CLEAN', 'SECURITY', 'CATERING', 'PORTER', 'ENERGY', 'ADMIN']),
      );
      for (const s of d.staff) {
        expect(s.postType).toBe(s.indicatorSet);
        expect(['in_house', 'contract', 'outsourced']).toContain(s.employmentType);
        expect(s.employeeNo).toMatch(/^HL\d{5}$/);
        expect(s.name).toMatch(/^[A-Z][a-z]+ [A-Z][a-z]+$/);
      }
    }
    const types = docs.at(-1)!.staff.map((s) => s.employmentType);
    const inHouse = types.filter((t) => t === 'in_house').length;
    expect(inHouse).toBeGreaterThan(types.length / 2);
    expect(types).toEqual(expect.arrayContaining(['contract', 'outsourced']));
  });

  it('keeps every incentive pool paid to a department with staff', () => {
    for (const d of docs) {
      const depts = new Set(d.staff.map((s) => s.department));
      expect(d.incentive?.pools?.length).toBe(library.incentive?.pools?.length);
      for (const p of d.incentive!.pools!) expect(depts.has(p.department)).toBe(true);
    }
  });

  it('has gaps: inputs missing for some staff in some months, joiners and leavers', () => {
    // Staff-months lacking an input that colleagues on the same set do record.
    const keysOfSet = new Map<string, Set<string>>();
    for (const d of docs)
      for (const s of d.staff) {
        const keys = keysOfSet.get(s.indicatorSet) ?? new Set<string>();
        for (const k of Object.keys(s.inputs!)) keys.add(k);
        keysOfSet.set(s.indicatorSet, keys);
      }
    const lacking = (code: string) =>
      docs
        .flatMap((d) => d.staff)
        .filter((s) => keysOfSet.get(s.indicatorSet)!.has(code) && !(code in s.inputs!));
    expect(lacking('survey_answers').length).toBeGreaterThan(10); // renormalize
    expect(lacking('training_hours').length).toBeGreaterThan(10); // zero
    expect(lacking('patrols_done').length).toBeGreaterThan(0); // zero
    const ids = docs.map((d) => new Set(d.staff.map((s) => s.id)));
    const first = ids[0];
    const last = ids[ids.length - 1];
    const joined = [...last].filter((id) => !first.has(id));
    const left = [...first].filter((id) => !last.has(id));
    // A few percent of the staff over the year each way, the joiners numbered in this year's range.
    expect(joined.length).toBeGreaterThan(5);
    expect(left.length).toBeGreaterThan(5);
    expect(joined.length + left.length).toBeLessThan(first.size * 0.2);
    for (const id of joined) expect(Number(id.slice(2))).toBeGreaterThanOrEqual(26000);
    expect(new Set(docs.map((d) => d.staff.length)).size).toBeGreaterThan(1);
  });

  it('scores nearly everyone: errors only from missing incident registers, a handful a month at most', () => {
    for (const r of results) {
      const errors = r.staff.filter(isStaffError);
      expect(errors.length).toBeLessThanOrEqual(5);
      for (const e of errors) expect(e.error).toMatch(/policy is "fail"/);
    }
  });

  it('has month-on-month movers in both directions', () => {
    const month = (r: ScorecardResult): DemoMonthResult => ({ period: r.period, departments: r.departments });
    const { up, down } = topMovers(month(results.at(-2)!), month(results.at(-1)!));
    expect(up.length).toBeGreaterThan(0);
    expect(down.length).toBeGreaterThan(0);
  });

  it('has trends over the year: departments improving and declining, none from one end of the scale to the other', () => {
    // Each department's mean score of the first quarter against the last.
    const mean = (rs: ScorecardResult[], code: string) =>
      rs.reduce((n, r) => n + r.departments.find((d) => d.code === code)!.score!, 0) / rs.length;
    const changes = results[0].departments.map(
      (d) => mean(results.slice(-3), d.code) - mean(results.slice(0, 3), d.code),
    );
    expect(changes.filter((c) => c > 5).length).toBeGreaterThanOrEqual(2);
    expect(changes.filter((c) => c < -5).length).toBeGreaterThanOrEqual(2);
    for (const c of changes) expect(Math.abs(c)).toBeLessThan(20);
  });

  it('sizes departments by post type and honours staffPerDepartment', () => {
    const count = (code: string) => docs[0].staff.filter((s) => s.department === code).length;
    expect(count('CLEAN-CC')).toBeGreaterThan(count('ENERGY-CC'));
    expect(count('PORT-SY')).toBeGreaterThan(count('ADMIN-SY'));
    const small = generateDemoHospital({ library, months: ['2026-10'], staffPerDepartment: 2 });
    expect(small[0].staff.length).toBe(2 * small[0].departments.length);
    expect(validateDocument(small[0]).problems).toEqual([]);
  });
});

describe('demo report', () => {
  const latest: DemoMonthResult = {
    period: '2026-10',
    departments: [
      { code: 'A-CC', name: 'Alpha', site: 'CC', score: 80, rank: 4, staffCount: 3 },
      { code: 'B-CC', name: 'Beta', site: 'CC', score: 91.5, rank: 1, staffCount: 5 },
      { code: 'C-CC', name: 'Gamma', site: 'CC', score: 85.25, rank: 2, staffCount: 4 },
      { code: 'D-CC', name: 'Delta', site: 'CC', score: 85.25, rank: 2, staffCount: 2 },
      { code: 'E-CC', site: 'CC', score: null, rank: null, staffCount: 0 },
      { code: 'F-SY', name: 'Phi', site: 'SY', score: 70.1, rank: 5, staffCount: 6 },
    ],
  };
  const previous: DemoMonthResult = {
    period: '2026-09',
    departments: [
      { code: 'A-CC', site: 'CC', score: 82.37, rank: 2, staffCount: 3 },
      { code: 'B-CC', site: 'CC', score: 79.12, rank: 3, staffCount: 5 },
      { code: 'C-CC', site: 'CC', score: 85.25, rank: 1, staffCount: 4 },
      { code: 'D-CC', site: 'CC', score: 80.0, rank: 4, staffCount: 2 },
      { code: 'E-CC', site: 'CC', score: 60, rank: 5, staffCount: 1 },
      { code: 'F-SY', site: 'SY', score: 75.3, rank: 4, staffCount: 6 },
    ],
  };

  it('ranks within a campus with competition ranking and unscored departments last', () => {
    const cc = latest.departments.filter((d) => d.site === 'CC');
    expect(rankWithinCampus(cc).map((r) => [r.department.code, r.campusRank])).toEqual([
      ['B-CC', 1],
      ['C-CC', 2],
      ['D-CC', 2],
      ['A-CC', 4],
      ['E-CC', null],
    ]);
  });

  it('prints one aligned table per campus', () => {
    expect(formatCampusRankings(latest)).toBe(
      [
        'Campus CC, 2026-10',
        'rank  department  name   score  staff  hospital rank',
        '----  ----------  -----  -----  -----  -------------',
        '   1  B-CC        Beta   91.50      5              1',
        '   2  C-CC        Gamma  85.25      4              2',
        '   2  D-CC        Delta  85.25      2              2',
        '   4  A-CC        Alpha  80.00      3              4',
        '   -  E-CC                   -      0              -',
        '',
        'Campus SY, 2026-10',
        'rank  department  name  score  staff  hospital rank',
        '----  ----------  ----  -----  -----  -------------',
        '   1  F-SY        Phi   70.10      6              5',
      ].join('\n'),
    );
  });

  it('lists movers by size of change, signed to 2 decimals, up and down', () => {
    const { up, down } = topMovers(previous, latest, 5);
    expect(up.map((m) => [m.department.code, m.change])).toEqual([
      ['B-CC', 12.38],
      ['D-CC', 5.25],
    ]);
    expect(down.map((m) => [m.department.code, m.change])).toEqual([
      ['F-SY', -5.2],
      ['A-CC', -2.37],
    ]);
    expect(topMovers(previous, latest, 1).up.map((m) => m.department.code)).toEqual(['B-CC']);
    expect(formatTopMovers(previous, latest)).toBe(
      [
        'Top movers 2026-09 to 2026-10',
        '',
        'Up',
        'department  name   site  2026-09  2026-10  change',
        '----------  -----  ----  -------  -------  ------',
        'B-CC        Beta   CC      79.12    91.50  +12.38',
        'D-CC        Delta  CC      80.00    85.25   +5.25',
        '',
        'Down',
        'department  name   site  2026-09  2026-10  change',
        '----------  -----  ----  -------  -------  ------',
        'F-SY        Phi    SY      75.30    70.10   -5.20',
        'A-CC        Alpha  CC      82.37    80.00   -2.37',
      ].join('\n'),
    );
  });

  it('says so when nobody moved', () => {
    expect(formatTopMovers(previous, previous)).toContain('Up\n(none)');
  });
});

// The PlanItems migration's data conversion, on SQLite (a scratch file) and PostgreSQL (with TEST_DATABASE_URL):
// plans of the old shape (a row per staff member, month and indicator, with actions) become one plan per person
// and month holding them as items, the actions moved to it and the status the furthest its rows had; undone, each
// item is a row of its own again with the plan's status (the actions with the first).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { createScratchDatabase, explainSkip, TEST_DATABASE_URL } from '../../../../test/support/postgres';
import { dataSourceOptions, MIGRATIONS_TABLE } from '../data-source';
import { PlanItems1795970000000 } from './postgres/1795970000000-PlanItems';

const AT = '2026-10-05T00:00:00.000Z';

/** The old rows: [staff, period, indicator, reason, baseline, status, outcome, outcome period, outcome score]. */
const OLD: [
  number,
  string,
  string,
  string,
  number | null,
  string,
  string | null,
  string | null,
  number | null,
][] = [
  [1, '2026-09', 'X', 'low_score', 20, 'proposed', 'improved', '2026-10', 70],
  [1, '2026-09', 'V', 'veto', 5, 'agreed', null, null, null],
  [1, '2026-10', 'M', 'manager', null, 'closed', null, null, null],
  [1, '2026-10', 'Y', 'low_score', 30, 'closed', null, null, null],
  [2, '2026-09', 'Z', 'low_score', 40, 'proposed', 'not_improved', '2026-10', 35],
];

/** The migrations up to, not including, PlanItems. */
function before(url: string) {
  const options = dataSourceOptions(url);
  const all = options.migrations as { prototype: { name?: string }; name: string }[];
  const at = all.findIndex((m) => m.name === PlanItems1795970000000.name);
  expect(at).toBeGreaterThan(0);
  return new DataSource({ ...options, migrations: all.slice(0, at) } as typeof options);
}

async function check(url: string): Promise<void> {
  const p = (ds: DataSource) => (n: number) => (ds.options.type === 'postgres' ? `$${n}` : '?');
  // The old shape, with rows and actions.
  const old = before(url);
  await old.initialize();
  try {
    await old.runMigrations({ transaction: 'each' });
    const q = p(old);
    await old.query(`INSERT INTO departments (code, name) VALUES ('D', 'D')`);
    for (const code of ['S1', 'S2'])
      await old.query(
        `INSERT INTO staff (code, employee_no, department_id, active_from) VALUES (${q(1)}, ${q(2)}, 1, '2026-01-01')`,
        [code, code],
      );
    for (const r of OLD)
      await old.query(
        'INSERT INTO improvement_plans (staff_id, period, indicator, reason, baseline_score, status, outcome, ' +
          'outcome_period, outcome_score, created_by, created_at) ' +
          `VALUES (${[...Array(11).keys()].map((i) => q(i + 1)).join(', ')})`,
        [...r, r[3] === 'manager' ? 'boss' : 'system', AT],
      );
    // An action on each of person 1's September rows, and on the October manager's one.
    for (const [plan, what] of [
      [1, 'a1'],
      [2, 'a2'],
      [3, 'a3'],
    ] as const)
      await old.query(
        'INSERT INTO plan_actions (plan_id, what, owner, due_date, status, kind, created_by, created_at) ' +
          `VALUES (${q(1)}, ${q(2)}, 'lead', '2026-10-31', 'open', 'task', 'boss', ${q(3)})`,
        [plan, what, AT],
      );
  } finally {
    await old.destroy();
  }

  // The rest of the migrations.
  const ds = new DataSource(dataSourceOptions(url));
  await ds.initialize();
  try {
    await ds.runMigrations({ transaction: 'each' });
    const plans = await ds.query<{ id: number; staff_id: number; period: string; status: string }[]>(
      'SELECT id, staff_id, period, status, created_by FROM improvement_plans ORDER BY id',
    );
    expect(plans.map((r) => ({ ...r, id: Number(r.id), staff_id: Number(r.staff_id) }))).toEqual([
      { id: 1, staff_id: 1, period: '2026-09', status: 'agreed', created_by: 'system' },
      { id: 3, staff_id: 1, period: '2026-10', status: 'closed', created_by: 'boss' },
      { id: 5, staff_id: 2, period: '2026-09', status: 'proposed', created_by: 'system' },
    ]);
    const items = await ds.query<Record<string, unknown>[]>(
      'SELECT plan_id, staff_id, period, indicator, reason, baseline_score, outcome, outcome_period, ' +
        'outcome_score, created_by FROM plan_items ORDER BY id',
    );
    expect(
      items.map((i) => [Number(i.plan_id), Number(i.staff_id), i.period, i.indicator, i.reason]),
    ).toEqual([
      [1, 1, '2026-09', 'X', 'low_score'],
      [1, 1, '2026-09', 'V', 'veto'],
      [3, 1, '2026-10', 'M', 'manager'],
      [3, 1, '2026-10', 'Y', 'low_score'],
      [5, 2, '2026-09', 'Z', 'low_score'],
    ]);
    expect(
      items.map((i) => [
        i.baseline_score === null ? null : Number(i.baseline_score),
        i.outcome,
        i.outcome_period,
        i.outcome_score === null ? null : Number(i.outcome_score),
        i.created_by,
      ]),
    ).toEqual(OLD.map((r) => [r[4], r[6], r[7], r[8], r[3] === 'manager' ? 'boss' : 'system']));
    const actions = await ds.query<{ plan_id: number; what: string }[]>(
      'SELECT plan_id, what FROM plan_actions ORDER BY id',
    );
    expect(actions.map((a) => [Number(a.plan_id), a.what])).toEqual([
      [1, 'a1'],
      [1, 'a2'],
      [3, 'a3'],
    ]);

    // Undone (and whatever came after it): a row per item again, with its plan's status; the actions stay with
    // the plan's first row.
    // As TypeORM undoes it: in a transaction, where SQLite keeps its foreign keys on (the migration keeps the
    // actions aside while it rebuilds the plans' table, and makes theirs again naming improvement_plans).
    for (;;) {
      const [last] = await ds.query<{ name: string }[]>(
        `SELECT name FROM ${MIGRATIONS_TABLE} ORDER BY timestamp DESC LIMIT 1`,
      );
      await ds.undoLastMigration({ transaction: 'each' });
      if (last.name === PlanItems1795970000000.name) break;
    }
    if (ds.options.type !== 'postgres') {
      const [actions] = await ds.query<{ sql: string }[]>(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'plan_actions'",
      );
      expect(actions.sql).toContain('REFERENCES "improvement_plans"');
      expect(await ds.query('PRAGMA foreign_key_check')).toEqual([]);
    }
    const rows = await ds.query<Record<string, unknown>[]>(
      'SELECT id, staff_id, period, indicator, reason, baseline_score, status, outcome, outcome_period, ' +
        'outcome_score FROM improvement_plans ORDER BY staff_id, period, indicator',
    );
    const num = (x: unknown) => (x === null ? null : Number(x));
    expect(
      rows.map((r) => [
        num(r.staff_id),
        r.period,
        r.indicator,
        r.reason,
        num(r.baseline_score),
        r.status,
        r.outcome,
        r.outcome_period,
        num(r.outcome_score),
      ]),
    ).toEqual(
      [
        [...OLD[1].slice(0, 5), 'agreed', ...OLD[1].slice(6)],
        [...OLD[0].slice(0, 5), 'agreed', ...OLD[0].slice(6)],
        OLD[2],
        OLD[3],
        OLD[4],
      ].map((r) => [...r]),
    );
    // Plans 1, 3 and 5 keep their ids (and so their actions).
    const kept = rows.filter((r) => [1, 3, 5].includes(Number(r.id))).map((r) => r.indicator);
    expect(kept.sort()).toEqual(['M', 'X', 'Z']);
    const back = await ds.query<{ plan_id: number; what: string }[]>(
      'SELECT plan_id, what FROM plan_actions ORDER BY id',
    );
    expect(back.map((a) => [Number(a.plan_id), a.what])).toEqual([
      [1, 'a1'],
      [1, 'a2'],
      [3, 'a3'],
    ]);
  } finally {
    await ds.destroy();
  }
}

describe('the PlanItems migration on SQLite', () => {
  it('turns rows per indicator into one plan a month with items, and back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plan-items-'));
    try {
      await check(`sqlite:${join(dir, 'db.sqlite')}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60000);
});

explainSkip('the PlanItems migration on PostgreSQL');
(TEST_DATABASE_URL ? describe : describe.skip)('the PlanItems migration on PostgreSQL', () => {
  it('turns rows per indicator into one plan a month with items, and back', async () => {
    const db = await createScratchDatabase('scorecard_plan_items');
    try {
      await check(db.url);
    } finally {
      await db.drop();
    }
  }, 60000);
});

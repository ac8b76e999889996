// A scored month as the demo report wants it: the period's current department results, named after the
// generated documents (the database keeps department codes and sites; the names live in the documents).
import { IsNull, Not, type DataSource } from 'typeorm';
import type { DemoDocument, DemoMonthResult } from '../index';
import { StaffResultRow } from '@app/persistence';
import { departmentResults } from '@app/domain/runs';
import { nameIn } from '@app/scoring';

export async function demoMonthResult(ds: DataSource, doc: DemoDocument): Promise<DemoMonthResult> {
  const names = new Map(doc.departments.map((d) => [d.code, d.name]));
  const { items } = await departmentResults(ds, doc.period);
  return {
    period: doc.period,
    departments: items.map((d) => ({
      code: d.code,
      // The report is printed in English (a terminal table aligns Latin text; the pages show both languages).
      name: names.has(d.code) ? nameIn(names.get(d.code), 'en') : undefined,
      site: d.site,
      score: d.score,
      rank: d.rank,
      staffCount: d.staffCount,
    })),
  };
}

/** Staff results of a run, and how many of them are errors (a required input missing, say). */
export async function countStaffResults(
  ds: DataSource,
  runId: string,
): Promise<{ results: number; errors: number }> {
  const repo = ds.getRepository(StaffResultRow);
  const [results, errors] = await Promise.all([
    repo.countBy({ runId }),
    repo.countBy({ runId, error: Not(IsNull()) }),
  ]);
  return { results, errors };
}

// A period's results as people read them: staff results a page at a time (a department manager sees the staff
// of their own departments only) and department results with their comparison across sites. Always those of the
// period's current run (results-query.ts), so a run in progress is invisible until it is whole.
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Role } from '@app/persistence';
import { departmentResults, DepartmentsView, listResults, ResultsPage, ResultVersion } from './results-query';

export interface StaffResultsQuery {
  department?: string;
  limit?: number;
  cursor?: string;
  version?: ResultVersion;
}

/** Who reads: their role, and for a department manager the departments they manage. */
export interface ResultsReader {
  role: Role;
  departments: readonly string[];
}

@Injectable()
export class ResultsService {
  constructor(private readonly ds: DataSource) {}

  /** Staff results in staff code order; a manager's `department` filter outside their departments reads nothing. */
  staff(period: string, query: StaffResultsQuery, reader?: ResultsReader): Promise<ResultsPage> {
    const within = reader?.role === 'dept_manager' ? reader.departments : undefined;
    return listResults(this.ds, period, query, within);
  }

  departments(period: string, version?: ResultVersion): Promise<DepartmentsView> {
    return departmentResults(this.ds, period, version);
  }
}

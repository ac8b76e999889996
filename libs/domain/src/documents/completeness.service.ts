// The month's completeness for HR, auditors and (their departments' staff) managers (GET /api/v1/periods/{p}/
// completeness): what a run planned now would find missing, and what each gap would do. Read-only; the rules
// are completeness.ts's.
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { monthCompleteness, MonthCompleteness } from './completeness';

@Injectable()
export class CompletenessService {
  constructor(private readonly ds: DataSource) {}

  /**
   * @param departments a department manager's departments (codes): only their staff are counted and listed
   * @throws PeriodNotFoundError for an unknown month
   */
  get(period: string, departments?: readonly string[]): Promise<MonthCompleteness> {
    return monthCompleteness(this.ds.manager, period, { departments });
  }
}

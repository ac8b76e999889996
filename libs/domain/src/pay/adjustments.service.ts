// Adjustments of closed months as HR asks for them: record corrections and start the run that computes them,
// list a month's adjustments, read one with its lines. The rules are in adjustments.ts (checking, booking) and
// adjustment-run.ts (starting the run); this is their face for the API.
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { RunsService, RunView } from '../runs';
import { startAdjustmentRun } from './adjustment-run';
import { AdjustmentRequest, AdjustmentView, getAdjustment, listAdjustments } from './adjustments';

@Injectable()
export class AdjustmentsService {
  constructor(
    private readonly ds: DataSource,
    private readonly runs: RunsService,
  ) {}

  /** Records an adjustment of a closed month and starts its run (409 unless closed or while a run is going). */
  start(
    period: string,
    request: AdjustmentRequest,
    actor: string,
  ): Promise<{ adjustment: AdjustmentView; run: RunView }> {
    return startAdjustmentRun(this.ds, this.runs, period, request, actor);
  }

  /** The month's adjustments, oldest first (404 for an unknown month). */
  list(period: string): Promise<AdjustmentView[]> {
    return listAdjustments(this.ds, period);
  }

  /** One adjustment with its lines: per staff member what was paid before, as corrected, and the difference. */
  get(period: string, id: number): ReturnType<typeof getAdjustment> {
    return getAdjustment(this.ds, period, id);
  }
}

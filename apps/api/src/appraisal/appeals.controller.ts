// Appeals for HR and managers: the list (a manager's departments only), and HR's decision. Rejecting needs a
// reason. Accepting re-scores the month: on an open or scored month the given measurements are recorded and a
// new run of the month starts; an approved month is signed off (409: adjust it after closing); on a closed
// month the given corrections become an adjustment.
import {
  BadRequestException,
  Body,
  ConflictException,
  Controller,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  ParseIntPipe,
  Post,
  Query,
  Req,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { DataSource, EntityManager, FindOptionsWhere, In } from 'typeorm';
import { recordMeasurements } from '@app/domain/documents';
import { Appeal, Period, Staff } from '@app/persistence';
import { audit } from '@app/domain/audit';
import { findActiveRun, RunsService } from '@app/domain/runs';
import { Allow, AuthedRequest, HrWrite } from '../access/access';
import { actorOf } from '../common/actor';
import { joinTransaction } from '../common/join-transaction';
import { AppealDecisionDto, AppealsQueryDto } from './loop.dto';
import { appealView } from './loop-store';

@ApiTags('appeals')
@Controller('api/v1/appeals')
export class AppealsController {
  constructor(
    private readonly ds: DataSource,
    private readonly runs: RunsService,
  ) {}

  @Allow('hr_admin', 'auditor', 'dept_manager')
  @Get()
  @ApiOperation({ summary: 'Appeals, oldest first (a manager: their departments’ staff only)' })
  async list(@Query() query: AppealsQueryDto, @Req() req: AuthedRequest) {
    const user = req.user!;
    const where: FindOptionsWhere<Appeal> = {
      ...(query.status ? { status: query.status } : {}),
      ...(query.period ? { period: query.period } : {}),
      ...(user.role === 'dept_manager' ? { department: In(user.departments) } : {}),
    };
    const appeals = await this.ds.getRepository(Appeal).find({ where, order: { id: 'ASC' }, take: 5000 });
    const codes = await this.codes(
      this.ds.manager,
      appeals.map((a) => a.staffId),
    );
    return appeals.map((a) => appealView(a, codes.get(a.staffId) ?? ''));
  }

  @HrWrite()
  @Post(':id/decision')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Decide an open appeal: reject with a reason, or accept and re-score the month',
    description:
      'accept on an open or scored month: `measurements` (as POST /api/v1/measurements takes them, dates in the ' +
      'month) are recorded and a new run of the month starts (the appeal keeps its runId). On a closed month: ' +
      '`corrections` (as POST /periods/{period}/adjustments takes them) start an adjustment (the appeal keeps its ' +
      'adjustmentId). An approved month is signed off: 409.',
  })
  @ApiBadRequestResponse({ description: 'a reject without a reason, bad measurements or corrections' })
  @ApiNotFoundResponse({ description: 'no such appeal' })
  @ApiConflictResponse({ description: 'decided already, the month is approved, or a run of it is going' })
  async decide(
    @Param('id', ParseIntPipe) id: number,
    @Body() body: AppealDecisionDto,
    @Req() req: AuthedRequest,
  ) {
    const actor = actorOf(req);
    const appeal = await this.ds.getRepository(Appeal).findOneBy({ id });
    if (!appeal) throw new NotFoundException(`no appeal ${id}`);
    if (appeal.status !== 'open') throw new ConflictException(`appeal ${id} was ${appeal.status} already`);
    const decided = {
      decisionReason: body.reason,
      decidedBy: req.user?.username ?? actor,
      decidedAt: new Date().toISOString(),
      openKey: null,
    };
    if (body.decision === 'reject') {
      if (!body.reason.trim()) throw new BadRequestException('a rejection needs a reason');
      return this.close(id, { ...decided, status: 'rejected' }, actor);
    }
    const period = await this.ds.getRepository(Period).findOneBy({ period: appeal.period });
    if (!period) throw new NotFoundException(`no period ${appeal.period}`);
    if (period.status === 'approved')
      throw new ConflictException(
        `${appeal.period} is approved (signed off): correct it with an adjustment after closing`,
      );
    if (period.status === 'closed') {
      const { adjustment, run } = await this.runs.startAdjustment(
        appeal.period,
        { reason: `appeal ${id}: ${body.reason}`.slice(0, 2000), corrections: body.corrections },
        actor,
      );
      return this.close(
        id,
        { ...decided, status: 'accepted', adjustmentId: adjustment.id, runId: run.id },
        actor,
      );
    }
    const active = await findActiveRun(this.ds, appeal.period);
    if (active)
      throw new ConflictException(
        `period ${appeal.period} has a run in progress (${active.id}): wait for it`,
      );
    await this.close(id, { ...decided, status: 'accepted' }, actor, async (tx) => {
      if (!body.measurements?.length) return;
      const recorded = await recordMeasurements(joinTransaction(this.ds, tx), body.measurements, {
        source: 'api',
        enteredBy: actor,
      });
      const outside = recorded.periods.filter((p) => p !== appeal.period);
      if (outside.length)
        throw new BadRequestException(
          `measurements for an appeal of ${appeal.period} must be dated in it, not in ${outside.join(', ')}`,
        );
      await audit(tx, {
        actor,
        action: 'measurements.record',
        entity: 'measurements',
        entityKey: appeal.period,
        after: { source: 'api', stored: recorded.stored, periods: recorded.periods, appeal: id },
      });
    });
    // The decision (and its measurements) is stored; a run that cannot start now (the queue unreachable, a
    // run started meanwhile) leaves the appeal accepted without a run, which POST /appeals/{id}/run starts.
    try {
      return await this.startRun(id, appeal.period, actor);
    } catch (e) {
      const runError = e instanceof Error ? e.message : String(e);
      await audit(this.ds.manager, {
        actor,
        action: 'appeal.run_failed',
        entity: 'appeal',
        entityKey: String(id),
        after: { error: runError },
      });
      return { ...(await this.view(id)), runError };
    }
  }

  @HrWrite()
  @Post(':id/run')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Start the re-run of an accepted appeal whose run could not start when it was decided',
  })
  @ApiNotFoundResponse({ description: 'no such appeal' })
  @ApiConflictResponse({
    description:
      'the appeal is not accepted, already has its run or adjustment, or the month is approved/closed',
  })
  async run(@Param('id', ParseIntPipe) id: number, @Req() req: AuthedRequest) {
    const appeal = await this.ds.getRepository(Appeal).findOneBy({ id });
    if (!appeal) throw new NotFoundException(`no appeal ${id}`);
    if (appeal.status !== 'accepted')
      throw new ConflictException(`appeal ${id} is ${appeal.status}, not accepted`);
    if (appeal.runId !== null || appeal.adjustmentId !== null)
      throw new ConflictException(
        `appeal ${id} has its run already (${appeal.runId ?? `adjustment ${appeal.adjustmentId}`})`,
      );
    return this.startRun(id, appeal.period, actorOf(req));
  }

  /** Starts the month's run for an accepted appeal and links it (a period that takes no run answers 409). */
  private async startRun(id: number, period: string, actor: string) {
    const { run } = await this.runs.start(period, 'manual', actor);
    await this.ds.transaction(async (tx) => {
      await tx.getRepository(Appeal).update({ id }, { runId: run.id });
      await audit(tx, {
        actor,
        action: 'appeal.run',
        entity: 'appeal',
        entityKey: String(id),
        after: { runId: run.id },
      });
    });
    return this.view(id);
  }

  /** Decides the appeal (only if still open) with its audit entry, and anything else in the same transaction. */
  private async close(
    id: number,
    change: Partial<Appeal>,
    actor: string,
    also?: (tx: EntityManager) => Promise<void>,
  ) {
    await this.ds.transaction(async (tx) => {
      const res = await tx.getRepository(Appeal).update({ id, status: 'open' }, change);
      if (!res.affected) throw new ConflictException(`appeal ${id} was decided meanwhile`);
      if (also) await also(tx);
      const after = { ...change };
      delete after.openKey;
      await audit(tx, { actor, action: 'appeal.decide', entity: 'appeal', entityKey: String(id), after });
    });
    return this.view(id);
  }

  private async view(id: number) {
    const appeal = await this.ds.getRepository(Appeal).findOneByOrFail({ id });
    const codes = await this.codes(this.ds.manager, [appeal.staffId]);
    return appealView(appeal, codes.get(appeal.staffId) ?? '');
  }

  private async codes(em: EntityManager, ids: number[]): Promise<Map<number, string>> {
    if (!ids.length) return new Map();
    const staff = await em
      .getRepository(Staff)
      .find({ select: { id: true, code: true }, where: { id: In([...new Set(ids)]) } });
    return new Map(staff.map((s) => [s.id, s.code]));
  }
}

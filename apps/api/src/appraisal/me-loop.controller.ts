// A person's side of the appraisal loop: their months with feedback, plans and what they answered; and
// acknowledging, commenting on and appealing a month. Nothing here takes a staff id: it is the signed-in user's.
import {
  BadRequestException,
  Body,
  ConflictException,
  Controller,
  Get,
  Inject,
  NotFoundException,
  Param,
  Post,
  Req,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { DataSource, QueryFailedError } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@app/config';
import {
  Acknowledgement,
  Appeal,
  Feedback,
  ImprovementPlan,
  ScoringRun,
  StaffComment,
} from '@app/persistence';
import { audit } from '@app/domain/audit';
import { toStaffResult } from '@app/domain/runs';
import { AuthedRequest, SignedIn } from '../access/access';
import { actorOf } from '../common/actor';
import { PeriodPipe } from '../common/period-param';
import { myMonths, myStaff } from './my-months';
import { AcknowledgeDto, AppealDto, CommentDto } from './loop.dto';
import {
  appealView,
  author,
  feedbackView,
  indicatorCodes,
  plansWithActions,
  staffMonth,
  StaffMonth,
} from './loop-store';

const DAY_MS = 86_400_000;

@ApiTags('me')
@SignedIn()
@Controller('api/v1/me')
export class MeLoopController {
  constructor(
    private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('timeline')
  @ApiOperation({
    summary: 'My months (those with a result of mine), oldest first, with feedback, plans and my answers',
  })
  async timeline(@Req() req: AuthedRequest) {
    const { id: staffId, code } = await myStaff(this.ds, req);
    const months = await myMonths(this.ds, code);
    const mine = { staffId };
    const order = { id: 'ASC' as const };
    const [feedback, plans, acks, comments, appeals] = await Promise.all([
      this.ds.getRepository(Feedback).find({ where: mine, order }),
      this.ds.getRepository(ImprovementPlan).find({ where: mine, order }),
      this.ds.getRepository(Acknowledgement).find({ where: mine }),
      this.ds.getRepository(StaffComment).find({ where: mine, order }),
      this.ds.getRepository(Appeal).find({ where: mine, order }),
    ]);
    const planViews = await plansWithActions(this.ds, plans, code);
    return months.map(({ period: p, row }) => {
      const ack = acks.find((a) => a.period === p.period);
      return {
        period: p.period,
        status: p.status,
        result: toStaffResult(row),
        feedback: feedback.filter((f) => f.period === p.period).map((f) => feedbackView(f, code)),
        plans: planViews.filter((v) => v.period === p.period),
        acknowledgement: ack ? { at: ack.at, comment: ack.comment } : null,
        comments: comments.filter((c) => c.period === p.period).map((c) => ({ text: c.text, at: c.at })),
        appeals: appeals.filter((a) => a.period === p.period).map((a) => appealView(a, code)),
      };
    });
  }

  @Post('periods/:period/acknowledge')
  @ApiOperation({ summary: 'Acknowledge my result of a month (once), with an optional comment' })
  @ApiNotFoundResponse({ description: 'no result of mine in the month' })
  @ApiConflictResponse({ description: 'acknowledged already' })
  acknowledge(
    @Param('period', PeriodPipe) period: string,
    @Body() body: AcknowledgeDto,
    @Req() req: AuthedRequest,
  ) {
    const staffId = this.myStaffId(req);
    return this.ds
      .transaction(async (tx) => {
        const month = await staffMonth(tx, req.user, period, { staffId });
        const repo = tx.getRepository(Acknowledgement);
        const done = await repo.findOneBy({ staffId, period });
        if (done) throw new ConflictException(`you acknowledged ${period} already, at ${done.at}`);
        const ack = await repo.save(
          repo.create({ staffId, period, comment: body.comment ?? null, at: new Date().toISOString() }),
        );
        const view = { period, at: ack.at, comment: ack.comment };
        await audit(tx, {
          actor: actorOf(req),
          action: 'result.acknowledge',
          entity: 'acknowledgement',
          entityKey: `${month.staff.code}:${period}`,
          after: view,
        });
        return view;
      })
      .catch((e: unknown) => {
        // Two acknowledgements at once: the second meets the unique key.
        if (e instanceof QueryFailedError) throw new ConflictException(`you acknowledged ${period} already`);
        throw e;
      });
  }

  @Post('periods/:period/comments')
  @ApiOperation({ summary: 'Comment on my result of a month' })
  @ApiNotFoundResponse({ description: 'no result of mine in the month' })
  comment(@Param('period', PeriodPipe) period: string, @Body() body: CommentDto, @Req() req: AuthedRequest) {
    const staffId = this.myStaffId(req);
    return this.ds.transaction(async (tx) => {
      const month = await staffMonth(tx, req.user, period, { staffId });
      const repo = tx.getRepository(StaffComment);
      const saved = await repo.save(
        repo.create({
          staffId,
          period,
          text: body.text,
          author: author(req.user),
          at: new Date().toISOString(),
        }),
      );
      const view = { id: saved.id, period, text: saved.text, at: saved.at };
      await audit(tx, {
        actor: actorOf(req),
        action: 'result.comment',
        entity: 'staff_comment',
        entityKey: String(saved.id),
        after: { staff: month.staff.code, ...view },
      });
      return view;
    });
  }

  @Post('periods/:period/appeals')
  @ApiOperation({
    summary: 'Appeal indicators of my result of a month',
    description:
      'Within the appeal window (APPEAL_WINDOW_DAYS after the month’s current run finished); one open appeal ' +
      'per month.',
  })
  @ApiBadRequestResponse({ description: 'an indicator is not in my result' })
  @ApiNotFoundResponse({ description: 'no result of mine in the month' })
  @ApiConflictResponse({
    description: 'the window has passed (the message names the deadline), or one is open',
  })
  appeal(@Param('period', PeriodPipe) period: string, @Body() body: AppealDto, @Req() req: AuthedRequest) {
    const staffId = this.myStaffId(req);
    return this.ds
      .transaction(async (tx) => {
        const month = await staffMonth(tx, req.user, period, { staffId });
        const codes = indicatorCodes(month.result);
        const unknown = body.indicators.filter((c) => !codes.includes(c));
        if (unknown.length)
          throw new BadRequestException(
            `indicator(s) ${unknown.join(', ')} are not in your result of ${period} (${codes.join(', ') || 'none'})`,
          );
        const deadline = await this.deadline(month);
        const now = new Date();
        if (now.toISOString() > deadline)
          throw new ConflictException(`the appeal window of ${period} closed at ${deadline}`);
        const repo = tx.getRepository(Appeal);
        if (await repo.findOneBy({ staffId, period, status: 'open' }))
          throw new ConflictException(`you have an open appeal for ${period} already`);
        const saved = await repo.save(
          repo.create({
            staffId,
            period,
            department: month.row.department,
            indicators: [...new Set(body.indicators)],
            reason: body.reason,
            status: 'open',
            openKey: `${staffId}:${period}`,
            deadline,
            decisionReason: null,
            decidedBy: null,
            decidedAt: null,
            runId: null,
            adjustmentId: null,
            createdBy: author(req.user),
            createdAt: now.toISOString(),
          }),
        );
        const view = appealView(saved, month.staff.code);
        await audit(tx, {
          actor: actorOf(req),
          action: 'appeal.create',
          entity: 'appeal',
          entityKey: String(saved.id),
          after: view,
        });
        return view;
      })
      .catch((e: unknown) => {
        if (e instanceof QueryFailedError)
          throw new ConflictException(`you have an open appeal for ${period} already`);
        throw e;
      });
  }

  /** The month's current run's finish plus the appeal window. */
  private async deadline(month: StaffMonth): Promise<string> {
    const run = await this.ds.getRepository(ScoringRun).findOneBy({ id: month.period.currentRunId! });
    const finished = Date.parse(run?.finishedAt ?? new Date().toISOString());
    return new Date(finished + this.config.loop.appealWindowDays * DAY_MS).toISOString();
  }

  private myStaffId(req: AuthedRequest): number {
    const id = req.user?.staffId;
    if (!id) throw new NotFoundException('your user is not linked to a staff record');
    return id;
  }
}

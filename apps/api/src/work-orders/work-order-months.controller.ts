// A month's work orders over REST: the derivation into measurements (HR), its latest summary and values, the
// month's orders rebuilt from their events, and the orders behind one value (as the person's result is read: HR and
// auditors, the person, their department's manager). The rules are WorkOrderDerivationService's.
import { Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { BadRequestException } from '@nestjs/common';
import { WorkOrderDerivationService } from '@app/domain/work-orders';
import { AuthedRequest, HrRead, HrWrite, SignedIn } from '../access/access';
import { actorOf } from '../common/actor';
import { PeriodPipe } from '../common/period-param';
import { OrdersQueryDto, ValueQueryDto } from './work-order-derivation.dto';

/** An input or task code in the path (the dictionary's and the catalogue's codes). */
const CODE_PATH = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$/;

@ApiTags('work-orders')
@Controller('api/v1/periods/:period/work-orders')
export class WorkOrderMonthsController {
  constructor(private readonly derivation: WorkOrderDerivationService) {}

  @HrWrite()
  @Post('derive')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Derive the month’s inputs and task counts from its work orders',
    description:
      'Reads the month’s orders (an order belongs to the month of its created event), measures them with the ' +
      'mapping in force for the month, and stores the values as one intake batch (source work_orders), ' +
      'withdrawing the previous derivation’s batch in the same transaction. Unknown staff and team codes are ' +
      'skipped and reported; orphans (no created event) are reported. When the values equal the batch in force, ' +
      'that batch stays (summary.unchanged). Audited work_orders.derive.',
  })
  @ApiOkResponse({ description: '{derivation, batch, summary}' })
  @ApiBadRequestResponse({ description: 'the month is outside the intake window' })
  @ApiNotFoundResponse({ description: 'no such month and no orders in it' })
  @ApiConflictResponse({
    description:
      'the month is approved or closed or a run of it is active; no mapping in force, or it no longer fits the ' +
      'dictionary or catalogue; more rows than one batch holds',
  })
  derive(@Param('period', PeriodPipe) period: string, @Req() req: AuthedRequest) {
    return this.derivation.derive(actorOf(req), period);
  }

  @HrRead()
  @Get()
  @ApiOperation({
    summary: 'The month’s latest derivation: its summary and the values its batch holds',
    description:
      'summary: orders, events, orphans (with their order ids), orders of other months, unknown staff and team ' +
      'codes skipped (with their orders), rows, the mapping used. derivation is null when never derived.',
  })
  @ApiNotFoundResponse({ description: 'no such month' })
  latest(@Param('period', PeriodPipe) period: string) {
    return this.derivation.latest(period);
  }

  @SignedIn()
  @Get('inputs')
  @ApiOperation({
    summary: 'The inputs and tasks the month’s latest derivation wrote (codes only)',
    description:
      '{period, mappingVersion, inputs: [{input, per}], tasks}: empty lists when the month was never derived or ' +
      'its batch was withdrawn. The pages use it to offer the orders behind a value beside an explanation; no ' +
      'value is in it, so every signed-in role may read it.',
  })
  @ApiNotFoundResponse({ description: 'no such month' })
  inputs(@Param('period', PeriodPipe) period: string) {
    return this.derivation.derivedCodes(period);
  }

  @HrRead()
  @Get('orders')
  @ApiOperation({
    summary: 'The month’s orders rebuilt from their events (100 a page)',
    description:
      'State, times, response and completion minutes, reworks, rating, orphan flag; all of the month’s orders ' +
      'and orphans, or one member of staff’s (staff) or team’s (team) orders.',
  })
  orders(@Param('period', PeriodPipe) period: string, @Query() q: OrdersQueryDto) {
    if (q.staff && q.team) throw new BadRequestException('give staff or team, not both');
    return this.derivation.orders(period, q);
  }

  @SignedIn()
  @Get('values/:code')
  @ApiOperation({
    summary: 'One derived value of a person or team, with the orders behind it',
    description:
      'code: an input (or workload task) of the mapping the latest derivation used. The value is recomputed ' +
      'from the events with that mapping (stored: what the batch holds); each order says whether it counts. ' +
      'HR and auditors see any; a manager their departments’ staff and teams; staff their own and their team’s.',
  })
  @ApiNotFoundResponse({ description: 'no such value, or not the caller’s to see' })
  value(
    @Param('period', PeriodPipe) period: string,
    @Param('code') code: string,
    @Query() q: ValueQueryDto,
    @Req() req: AuthedRequest,
  ) {
    if (!CODE_PATH.test(code))
      throw new BadRequestException(`code must be an input or task code, got "${code}"`);
    if (!q.staff === !q.team) throw new BadRequestException('give exactly one of staff or team');
    const subject = q.staff
      ? ({ per: 'staff', code: q.staff } as const)
      : ({ per: 'team', code: q.team! } as const);
    return this.derivation.behind(req.user, period, code, subject);
  }
}

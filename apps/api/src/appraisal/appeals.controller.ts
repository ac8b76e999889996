// Appeals for HR and managers over HTTP: the list (a manager's departments only), one appeal with what its decision
// form needs, HR's decision, and the re-run
// of an accepted appeal whose run could not start. The rules are AppealsService's.
import { Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { IdPipe } from '../common/id-pipe';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { AppealsService } from '@app/domain/appraisal';
import { Allow, AuthedRequest, HrWrite } from '../access/access';
import { AppealDecisionDto, AppealsQueryDto } from './appraisal.dto';
import { callerOf } from './appraisal-access';
import { ReaderLanguage } from '../common/reader-language';
import type { Lang } from '@app/scoring';

@ApiTags('appeals')
@Controller('api/v1/appeals')
export class AppealsController {
  constructor(private readonly appeals: AppealsService) {}

  @Allow('hr_admin', 'auditor', 'dept_manager')
  @Get()
  @ApiOperation({
    summary: 'Appeals, oldest first, with the person’s name (a manager: their departments’ staff only)',
  })
  list(@Query() query: AppealsQueryDto, @Req() req: AuthedRequest) {
    return this.appeals.list(req.user!, query);
  }

  @Allow('hr_admin', 'auditor', 'dept_manager')
  @Get(':id')
  @ApiOperation({
    summary: 'One appeal with what deciding it needs',
    description:
      'The person (name, employee number), the month’s status, per appealed indicator its name, formula, value ' +
      'and score and every input its formula reads with the input’s aggregate and the value a run reads now ' +
      '(`source`: correction, observations, department or none); the evidence the appeal cites and the person’s ' +
      'other evidence of the month; after a decision the re-run (`run`) or, on a closed month, the adjustment. ' +
      'Explanations and bilingual names in the reader’s language (`?lang=`, else Accept-Language).',
  })
  @ApiNotFoundResponse({ description: 'no such appeal that the caller may see' })
  detail(@Param('id', IdPipe) id: number, @Req() req: AuthedRequest, @ReaderLanguage() lang: Lang) {
    return this.appeals.detail(req.user!, id, lang);
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
  decide(@Param('id', IdPipe) id: number, @Body() body: AppealDecisionDto, @Req() req: AuthedRequest) {
    return this.appeals.decide(callerOf(req), id, body);
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
  run(@Param('id', IdPipe) id: number, @Req() req: AuthedRequest) {
    return this.appeals.startRun(callerOf(req), id);
  }
}

// Training done against improvement plans over HTTP: a year's trainings per person with totals, for HR and
// auditors (a manager: their departments' people), as JSON or CSV; and the signed-in person's own. TrainingService
// decides who sees whom.
import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { TrainingService, TrainingYear } from '@app/domain/appraisal';
import { Allow, AuthedRequest, SignedIn } from '../access/access';
import { MyTrainingQueryDto, TrainingQueryDto } from './appraisal.dto';
import { READERS } from './appraisal-access';

@ApiTags('loop')
@Allow(...READERS)
@Controller('api/v1/training')
export class TrainingController {
  constructor(private readonly training: TrainingService) {}

  @Get()
  @ApiProduces('application/json', 'text/csv')
  @ApiOperation({
    summary:
      'Training done against plans: the trainings of the plans of a year’s months, per person, with totals',
    description:
      'Per person: plan month, indicator, course, planned hours, due date, status, done hours, done on, overdue; ' +
      'totals (assigned, done, planned hours, done hours). A manager sees their departments’ people. ' +
      '`?format=csv`: one line per training.',
  })
  @ApiOkResponse({ description: 'the year, or ?format=csv the table (Chinese and English headers)' })
  @ApiNotFoundResponse({ description: 'a manager asked for a department not theirs' })
  async list(
    @Query() query: TrainingQueryDto,
    @Req() req: AuthedRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<TrainingYear | string> {
    if (query.format !== 'csv') return this.training.year(req.user, query.year, query.department);
    const csv = await this.training.yearCsv(req.user, query.year, query.department);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="training-${query.year}${query.department ? `-${query.department}` : ''}.csv"`,
    );
    return csv;
  }
}

@ApiTags('me')
@SignedIn()
@Controller('api/v1/me/training')
export class MeTrainingController {
  constructor(private readonly training: TrainingService) {}

  @Get()
  @ApiOperation({ summary: 'My trainings of the plans of a year’s months, with totals' })
  mine(@Query() query: MyTrainingQueryDto, @Req() req: AuthedRequest) {
    return this.training.mine(req.user, query.year);
  }
}

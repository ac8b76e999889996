// HR's opinion round routes (考核意见征集): open a round, list the rounds, close one, read a round's anonymous
// summary per set (JSON or CSV). HrWrite changes, HrRead reads; the rules are OpinionRoundsService's.
import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import {
  OpinionRoundsService,
  OpinionSummary,
  RoundDetail,
  RoundListItem,
  RoundView,
} from '@app/domain/opinions';
import { HrRead, HrWrite } from '../access/access';
import { actorOf } from '../common/actor';
import { IdPipe } from '../common/id-pipe';
import { OpinionRoundDto } from './opinions.dto';

@ApiTags('opinions')
@Controller('api/v1/opinions/rounds')
export class OpinionsController {
  constructor(private readonly rounds: OpinionRoundsService) {}

  @HrWrite()
  @Post()
  @ApiOperation({
    summary: 'Open a round {title, names?, period?}: the sets in force in the month, frozen as its questions',
    description:
      'period defaults to the latest month with results. One round open at a time. Audited opinion.open.',
  })
  @ApiBadRequestResponse({ description: 'a bad title or month, or a month without results' })
  @ApiConflictResponse({ description: 'another round is open (OPINION_ROUND_OPEN)' })
  open(@Body() body: OpinionRoundDto, @Req() req: Request): Promise<RoundDetail> {
    return this.rounds.open(actorOf(req), body);
  }

  @HrRead()
  @Get()
  @ApiOperation({ summary: 'The rounds, newest first, with answers and eligible staff' })
  list(): Promise<RoundListItem[]> {
    return this.rounds.list();
  }

  @HrRead()
  @Get(':id')
  @ApiOperation({ summary: 'A round with its questions' })
  @ApiNotFoundResponse({ description: 'no such round' })
  get(@Param('id', IdPipe) id: number): Promise<RoundDetail> {
    return this.rounds.get(id);
  }

  @HrWrite()
  @Post(':id/close')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Close a round: answers are refused from then on',
    description: 'Audited opinion.close.',
  })
  @ApiConflictResponse({ description: 'closed already (OPINION_ROUND_CLOSED)' })
  close(@Param('id', IdPipe) id: number, @Req() req: Request): Promise<RoundView> {
    return this.rounds.close(actorOf(req), id);
  }

  @HrRead()
  @Get(':id/summary')
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv'] })
  @ApiProduces('application/json', 'text/csv')
  @ApiOperation({
    summary:
      'Per set: answers, eligible, responseRate; per indicator ratings, mean, distribution 1–5, unfairPercent, ' +
      'comments; suggestions — counts only for a set with fewer than OPINION_MIN_ANSWERS answers',
  })
  @ApiOkResponse({ description: '{round, summary}, or ?format=csv the table (Chinese and English headers)' })
  async summary(
    @Param('id', IdPipe) id: number,
    @Res({ passthrough: true }) res: Response,
    @Query('format') format?: string,
  ): Promise<{ round: RoundView; summary: OpinionSummary } | string> {
    const { round, summary, csv } = await this.rounds.summary(id);
    if (format !== 'csv') return { round, summary };
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="opinions-${round.id}-summary.csv"`);
    return csv;
  }
}

// HR's survey campaign routes (满意度测评): define and edit a draft, add respondents (links and QR codes), open,
// remind, read the statistics (JSON or CSV), close into an intake batch of the month. HrWrite changes, HrRead
// reads; the rules are SurveyCampaignsService's. Links are `<public address>app/survey.html#<token>`: the public
// address is PUBLIC_URL when set (behind a proxy the request's own host may not be what phones can reach), else
// the address this request came to.
import { Body, Controller, Get, HttpCode, Inject, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
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
import * as QRCode from 'qrcode';
import { APP_CONFIG, AppConfig } from '@app/config';
import {
  CampaignDetail,
  CampaignListItem,
  CampaignView,
  ClosedCampaign,
  RespondentView,
  SurveyCampaignsService,
  SurveyStatistics,
} from '@app/domain/surveys';
import { AuthedRequest, HrRead, HrWrite } from '../access/access';
import { actorOf } from '../common/actor';
import { IdPipe } from '../common/id-pipe';
import { AddRespondentsDto, RemindDto, SurveyDto } from './surveys.dto';

/** The address links start with (ending in "/"): PUBLIC_URL, else this request's own origin. */
export function publicBase(config: AppConfig, req: Request): string {
  const configured = config.http?.publicUrl;
  if (configured) return configured.endsWith('/') ? configured : `${configured}/`;
  return `${req.protocol}://${req.get('host') ?? 'localhost'}/`;
}

@ApiTags('surveys')
@Controller('api/v1/surveys')
export class SurveysController {
  constructor(
    private readonly surveys: SurveyCampaignsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @HrWrite()
  @Post()
  @ApiOperation({
    summary: 'Define a survey campaign (a draft) {code, name, names?, period, content}',
    description:
      'content: questions [{code, text {zh, en}, scale 5|10}], comment, targets [{kind department|staff, code, ' +
      'label?}], outputs {answers?, satisfied?, mean?} (inputs of the dictionary at the targets’ level), ' +
      'satisfiedAtLeast? (default 4). Audited survey.create.',
  })
  @ApiBadRequestResponse({ description: 'every bad field, named, in Chinese and English' })
  @ApiConflictResponse({ description: 'the code is taken' })
  create(@Body() body: SurveyDto, @Req() req: Request): Promise<CampaignView> {
    return this.surveys.create(actorOf(req), body);
  }

  @HrWrite()
  @Put(':id')
  @ApiOperation({
    summary: 'Replace a draft’s definition (the same body as POST)',
    description: 'Audited survey.update.',
  })
  @ApiConflictResponse({ description: 'the campaign is open or closed, or the new code is taken' })
  update(
    @Param('id', IdPipe) id: number,
    @Body() body: SurveyDto,
    @Req() req: Request,
  ): Promise<CampaignView> {
    return this.surveys.update(actorOf(req), id, body);
  }

  @HrRead()
  @Get()
  @ApiQuery({ name: 'period', required: false, example: '2026-10' })
  @ApiOperation({ summary: 'The campaigns (of a month), with respondents, responded and responseRate (%)' })
  list(@Query('period') period?: string): Promise<CampaignListItem[]> {
    return this.surveys.list(period);
  }

  @HrRead()
  @Get(':id')
  @ApiOperation({
    summary:
      'A campaign with its content and respondents (token and link for HR only, responded, reminders) and ' +
      'responseRate',
  })
  @ApiNotFoundResponse({ description: 'no such campaign' })
  get(@Param('id', IdPipe) id: number, @Req() req: AuthedRequest): Promise<CampaignDetail> {
    // Tokens and links for HR only: an auditor reads who answered, and cannot answer as anyone.
    return this.surveys.get(id, publicBase(this.config, req), req.user?.role === 'hr_admin');
  }

  @HrWrite()
  @Post(':id/respondents')
  @ApiOperation({
    summary: 'Add respondents {departments?: [code], patients?: {count, label?}} (draft or open)',
    description:
      'Each gets a token of 128 random bits and a link; a department already a respondent is not added twice. ' +
      'Audited survey.respondents.',
  })
  @ApiConflictResponse({ description: 'the campaign is closed' })
  addRespondents(
    @Param('id', IdPipe) id: number,
    @Body() body: AddRespondentsDto,
    @Req() req: Request,
  ): Promise<RespondentView[]> {
    return this.surveys.addRespondents(actorOf(req), id, body, publicBase(this.config, req));
  }

  @HrWrite()
  @Post(':id/open')
  @HttpCode(200)
  @ApiOperation({ summary: 'Open a draft: its links take answers', description: 'Audited survey.open.' })
  @ApiConflictResponse({ description: 'not a draft, or its month is approved or closed' })
  open(@Param('id', IdPipe) id: number, @Req() req: Request): Promise<CampaignView> {
    return this.surveys.open(actorOf(req), id);
  }

  @HrWrite()
  @Post(':id/remind')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'The respondents not answered yet [{id, label, link}] — the list HR sends — each reminded once more',
    description: 'Body {respondentIds?}: only those (default: all). Audited survey.remind.',
  })
  @ApiConflictResponse({ description: 'the campaign is not open' })
  remind(
    @Param('id', IdPipe) id: number,
    @Body() body: RemindDto,
    @Req() req: Request,
  ): Promise<{ id: number; label: string; link: string }[]> {
    return this.surveys.remind(actorOf(req), id, body.respondentIds, publicBase(this.config, req));
  }

  @HrWrite()
  @Post(':id/close')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Close: {campaign, batch, statistics}',
    description:
      'In one transaction: state closed; per rated target, observations of the content’s outputs dated the ' +
      'month’s last day as one intake batch (source survey; withdraw it with DELETE /batches/{id}); the ' +
      'statistics CSV as evidence of each of them. No answer: no batch. Audited survey.close.',
  })
  @ApiConflictResponse({
    description: 'not open; or the month is approved or closed, or a run of it is active',
  })
  close(@Param('id', IdPipe) id: number, @Req() req: Request): Promise<ClosedCampaign> {
    return this.surveys.close(actorOf(req), id);
  }

  @HrRead()
  @Get(':id/statistics')
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv'] })
  @ApiProduces('application/json', 'text/csv')
  @ApiOperation({
    summary: 'Per target: responses, mean per question, mean (1–5 terms), satisfied, satisfactionRate (%)',
  })
  @ApiOkResponse({ description: 'the statistics, or ?format=csv the table (Chinese and English headers)' })
  async statistics(
    @Param('id', IdPipe) id: number,
    @Res({ passthrough: true }) res: Response,
    @Query('format') format?: string,
  ): Promise<SurveyStatistics | string> {
    const { campaign, statistics, csv } = await this.surveys.statistics(id);
    if (format !== 'csv') return statistics;
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="survey-${campaign.code}-statistics.csv"`);
    return csv;
  }

  // The link inside is the respondent's key: HR's, like the tokens.
  @HrWrite()
  @Get(':id/respondents/:rid/qr.svg')
  @ApiProduces('image/svg+xml')
  @ApiOperation({ summary: 'The respondent’s link as a QR code (SVG), for the printed sheet' })
  @ApiNotFoundResponse({ description: 'no such campaign or respondent of it' })
  async qr(
    @Param('id', IdPipe) id: number,
    @Param('rid', IdPipe) rid: number,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    const link = await this.surveys.respondentLink(id, rid, publicBase(this.config, req));
    res.setHeader('Content-Type', 'image/svg+xml; charset=utf-8');
    return QRCode.toString(link, { type: 'svg', errorCorrectionLevel: 'M' });
  }
}

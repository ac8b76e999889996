// A person's own things: their results month by month, with explanations. Nothing here takes a staff id: the
// staff record is the one the signed-in user is linked to, so nobody can read anyone else's by guessing.
import { Controller, Get, NotFoundException, Param, Req } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { IndicatorSet, IndicatorSetVersion, Period, StaffResultRow } from '@app/persistence';
import { toStaffResult } from '@app/domain/runs';
import { AuthedRequest, SignedIn } from '../access/access';
import { PeriodPipe } from '../common/period-param';
import { myMonths, myStaff } from './my-months';
import { findInForce } from '@app/domain/model';

@ApiTags('me')
@SignedIn()
@Controller('api/v1/me')
export class MeController {
  constructor(private readonly ds: DataSource) {}

  @Get('results')
  @ApiOperation({ summary: 'My results, month by month (the months scored so far), oldest first' })
  async history(@Req() req: AuthedRequest) {
    const { code } = await myStaff(this.ds, req);
    const months = await myMonths(this.ds, code);
    return Promise.all(
      months.map(async ({ period: p, row }) => ({
        period: p.period,
        status: p.status,
        result: toStaffResult(row),
        names: await this.names(row.indicatorSet, p.period),
      })),
    );
  }

  @Get('results/:period')
  @ApiOperation({ summary: 'My result of one month, with the explanation of every number' })
  @ApiNotFoundResponse({ description: 'the month has no result of mine' })
  async month(@Req() req: AuthedRequest, @Param('period', PeriodPipe) period: string) {
    const { code } = await myStaff(this.ds, req);
    const p = await this.ds.getRepository(Period).findOneBy({ period });
    const row =
      p?.currentRunId &&
      (await this.ds.getRepository(StaffResultRow).findOneBy({ runId: p.currentRunId, staffCode: code }));
    if (!p || !row) throw new NotFoundException(`no result of yours for ${period}`);
    return {
      period,
      status: p.status,
      result: toStaffResult(row),
      names: await this.names(row.indicatorSet, period),
    };
  }

  /** The names of the set's indicators and dimensions in the version in force for the month, as HR wrote them. */
  private async names(setCode: string, period: string) {
    const set = await this.ds.getRepository(IndicatorSet).findOneBy({ code: setCode });
    const version = set
      ? await findInForce(this.ds.manager, IndicatorSetVersion, period, { setId: set.id })
      : null;
    const content = version?.content;
    return {
      set: set?.name ?? setCode,
      indicators: Object.fromEntries((content?.indicators ?? []).map((i) => [i.code, i.name])),
      dimensions: Object.fromEntries((content?.dimensions ?? []).map((d) => [d.code, d.name])),
    };
  }
}

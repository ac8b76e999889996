// The query of the analysis routes: a range of months (`to` defaults to `from`) and the flag threshold in points.
// The range's rules (not reversed, at most 24 months) are the domain's (analysis.service.ts `checkQuery`).
import { Type } from 'class-transformer';
import { IsIn, IsNumber, IsOptional, Matches, Max, Min } from 'class-validator';
import { PERIOD_RE } from '@app/scoring';

export class AnalysisQueryDto {
  @Matches(PERIOD_RE, { message: 'from must be a month "YYYY-MM"' })
  from!: string;

  @IsOptional()
  @Matches(PERIOD_RE, { message: 'to must be a month "YYYY-MM"' })
  to?: string;

  @IsOptional()
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(100)
  threshold?: number;
}

/** The analysis of an appraisal period: JSON, or the .xlsx download. */
export class PeriodAppraisalQueryDto {
  @IsOptional()
  @IsIn(['json', 'xlsx'])
  format?: 'json' | 'xlsx';
}

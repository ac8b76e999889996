// Decorators and query shapes the configuration DTOs share, so every field is checked the same way and every
// message names its field ($property).
import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsISO8601, Matches, ValidateIf } from 'class-validator';
import { PERIOD_RE } from '@app/scoring';

/** May be left out, but not sent as null (class-validator's IsOptional lets null through too). */
export const Optional = () => ValidateIf((_, v) => v !== undefined);

/** A month "YYYY-MM". */
export const IsPeriod = () => Matches(PERIOD_RE, { message: '$property must be a month "YYYY-MM"' });

/** A calendar date "YYYY-MM-DD" that exists (no 2026-02-30). */
export const IsIsoDate = () =>
  applyDecorators(
    Matches(/^\d{4}-\d{2}-\d{2}$/, { message: '$property must be a date "YYYY-MM-DD"' }),
    IsISO8601({ strict: true }, { message: '$property must be a real calendar date' }),
  );

/** `?period=YYYY-MM`, for the routes that answer "what is in force in this month". */
export class PeriodQueryDto {
  @ApiProperty({ example: '2026-03' })
  @IsPeriod()
  period!: string;
}

// Decorators and query shapes the configuration DTOs share, so every field is checked the same way and every
// message names its field ($property).
import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsISO8601, Matches, ValidateIf } from 'class-validator';
import { PERIOD_RE } from '@app/scoring';
import { CODE_RE, CODE_RULE, EMPLOYEE_NO_RE, EMPLOYEE_NO_RULE } from '@app/domain/model';

/** May be left out, but not sent as null (class-validator's IsOptional lets null through too). */
export const Optional = () => ValidateIf((_, v) => v !== undefined);

/**
 * A code (department, site, post type, set, task, staff): the service's one character set (CODE_RE,
 * libs/domain/src/model/codes.ts), which the document import checks too. `each` for a list of codes.
 */
export const IsCode = (each = false) => Matches(CODE_RE, { each, message: `$property must ${CODE_RULE}` });

/** An employee number (EMPLOYEE_NO_RE). */
export const IsEmployeeNo = () => Matches(EMPLOYEE_NO_RE, { message: `$property must ${EMPLOYEE_NO_RULE}` });

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

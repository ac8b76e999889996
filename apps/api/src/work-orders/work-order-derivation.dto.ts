// Bodies and queries of the mapping and month routes of the work-order feed. The mapping's content is checked by
// the domain (work-orders/mapping.ts: every problem with its path, in the format's problem codes); the DTOs only
// whitelist the keys and check the simple fields.
import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { Allow, IsInt, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { IsPeriod, Optional } from '../configuration/validators';

export class MappingVersionDto {
  @ApiProperty({ example: '2026-10', description: 'the first month the version is in force' })
  @IsPeriod()
  effectiveFrom!: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      '{inputs: [{input, per: staff|team, measure, serviceTypes?, minutes?, percentile?}], ' +
      'tasks: [{serviceType, task, per?: staff}]}; measures: orders, completed, response_p, response_mean, ' +
      'response_within, on_time, on_time_count, rework_rate, mean_rating (docs/WORK-ORDERS.md, "Mapping")',
  })
  @Allow()
  content!: unknown;
}

/** A staff or department code in a query (the events' codes: at most 64 characters). */
const QueryCode = () =>
  applyDecorators(IsString(), MaxLength(64), Matches(/\S/, { message: '$property must not be empty' }));

export class OrdersQueryDto {
  @ApiPropertyOptional({
    example: 'E101',
    description: 'only this member of staff’s orders (their assignee)',
  })
  @Optional()
  @QueryCode()
  staff?: string;

  @ApiPropertyOptional({ example: 'ENG-CC', description: 'only this team’s orders (a department code)' })
  @Optional()
  @QueryCode()
  team?: string;

  @ApiPropertyOptional({ default: 1, minimum: 1, description: '100 orders a page' })
  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100_000)
  page?: number;
}

export class ValueQueryDto {
  @ApiPropertyOptional({ example: 'E101', description: 'the member of staff (give staff or team)' })
  @Optional()
  @QueryCode()
  staff?: string;

  @ApiPropertyOptional({ example: 'ENG-CC', description: 'the team, a department code (give staff or team)' })
  @Optional()
  @QueryCode()
  team?: string;
}

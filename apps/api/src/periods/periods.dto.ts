// Request bodies for periods. The incentive section is checked by the scoring library (content-check.ts).
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsOptional } from 'class-validator';
import type { IncentiveDef } from '@app/scoring';
import { IsPeriod } from '../configuration/validators';

const INCENTIVE = {
  type: 'object',
  additionalProperties: true,
  nullable: true,
  description:
    "the document's incentive section (docs/INCENTIVE.md): {amount} or {pools: [{department, amount | formula}], " +
    'weight}, with maxPerPerson?, minPerPerson?, proration?; money as decimal strings',
} as const;

export class UpdatePeriodDto {
  @ApiPropertyOptional(INCENTIVE)
  @IsOptional()
  @IsObject()
  incentive?: IncentiveDef | null;
}

export class CreatePeriodDto extends UpdatePeriodDto {
  @ApiProperty({ example: '2026-03' })
  @IsPeriod()
  period!: string;
}

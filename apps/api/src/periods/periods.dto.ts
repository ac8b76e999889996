// Request bodies for periods. The incentive section is checked by the scoring library (content-check.ts).
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  Equals,
  IsBoolean,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  ValidateIf,
} from 'class-validator';
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

/** Approving a month whose run has errors: HR accepts them, saying why (kept in the audit entry). */
export class ApproveDto {
  @ApiPropertyOptional({
    description: 'true to approve a run with staff in error (no result) or failed by missing data',
  })
  @IsOptional()
  @IsBoolean()
  @Equals(true, { message: 'acceptIssues must be true when given' })
  acceptIssues?: boolean;

  @ApiPropertyOptional({
    description: 'why the issues are accepted (needed with acceptIssues)',
    maxLength: 2000,
  })
  @ValidateIf((o: ApproveDto) => o.acceptIssues === true || o.reason !== undefined)
  @IsString()
  @IsNotEmpty({ message: 'reason is needed to accept the issues of a run' })
  @MaxLength(2000)
  reason?: string;
}

/**
 * The body of an action that takes none (start a run, close a month): nothing but `{}` or no body at all, so a
 * field sent by mistake (`{"status": "completed"}`) is refused with 400 naming it, like every other body.
 */
export class NoBodyDto {}

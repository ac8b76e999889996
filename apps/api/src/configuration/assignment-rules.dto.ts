// Request bodies for assignment rules and the resolve query. Criteria are codes; null clears one (in PATCH).
import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString } from 'class-validator';
import { EMPLOYMENT_TYPES } from '@app/persistence';
import { IsCode, IsPeriod, Optional } from './validators';

export class CreateAssignmentRuleDto {
  @ApiProperty({ description: 'indicator set code' })
  @IsString()
  @IsCode()
  set!: string;

  @ApiPropertyOptional({ description: 'post type code', nullable: true })
  @IsOptional()
  @IsString()
  @IsCode()
  postType?: string | null;

  @ApiPropertyOptional({ description: 'department code', nullable: true })
  @IsOptional()
  @IsString()
  @IsCode()
  department?: string | null;

  @ApiPropertyOptional({ enum: EMPLOYMENT_TYPES, nullable: true })
  @IsOptional()
  @IsIn(EMPLOYMENT_TYPES)
  employmentType?: string | null;

  @ApiPropertyOptional({
    description: 'staff code: an explicit rule, with no other criterion',
    nullable: true,
  })
  @IsOptional()
  @IsString()
  @IsCode()
  staff?: string | null;

  @ApiPropertyOptional({
    default: 0,
    description: 'breaks ties between equally specific rules (higher wins)',
  })
  @Optional()
  @IsInt()
  priority?: number;
}

export class UpdateAssignmentRuleDto extends PartialType(CreateAssignmentRuleDto, {
  skipNullProperties: false,
}) {}

export class ResolveQueryDto {
  @ApiProperty({ description: 'staff code' })
  @IsString()
  staff!: string;

  @ApiProperty({ example: '2026-03' })
  @IsPeriod()
  period!: string;
}

// Request bodies for indicator sets and their versions. The DTOs only check the shape; the content itself is
// checked by the scoring library (@app/domain/configuration, content-check.ts), which reports every problem with
// its path in the body.
import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsArray, IsInt, IsObject, Max, Min, ValidateNested } from 'class-validator';
import { CreateCodedDto } from './organisation.dto';
import { IsPeriod, Optional } from './validators';

const OBJECTS = { type: 'array', items: { type: 'object' } } as const;

/** A set's content in the scorecard document's own shape. */
export class SetContentDto {
  @ApiProperty({ ...OBJECTS, description: '{code, name, weight}; weights sum to 100' })
  @IsArray()
  dimensions!: Record<string, unknown>[];

  @ApiProperty({
    ...OBJECTS,
    description: '{code, name, dimension, weight, formula, scoring, unit?, missing?, veto?}',
  })
  @IsArray()
  indicators!: Record<string, unknown>[];

  @ApiPropertyOptional({
    ...OBJECTS,
    description: '{min, grade, coefficient}, the first with total ≥ min applies',
  })
  @Optional()
  @IsArray()
  grades?: Record<string, unknown>[];

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: '{threshold?, items?}: how the improvement plans of the set are made (docs/FORMAT.md)',
  })
  @Optional()
  @IsObject()
  plans?: Record<string, unknown>;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description:
      '{scope?: department | hospital, rules: [{grade, maxShare} | {grade, minCount, minStaff?}]}: the grade ' +
      'quotas of the set (docs/FORMAT.md, "Grade quotas and overrides")',
  })
  @Optional()
  @IsObject()
  quotas?: Record<string, unknown>;
}

export class SetVersionDto extends SetContentDto {
  @ApiProperty({ example: '2026-03', description: 'the first month the version is in force' })
  @IsPeriod()
  effectiveFrom!: string;
}

export class CreateIndicatorSetDto extends CreateCodedDto {
  @ApiPropertyOptional({ type: SetContentDto, description: 'the first version (needs effectiveFrom)' })
  @Optional()
  @ValidateNested()
  @Type(() => SetContentDto)
  content?: SetContentDto;

  @ApiPropertyOptional({ example: '2026-03' })
  @Optional()
  @IsPeriod()
  effectiveFrom?: string;
}

export class UpdateIndicatorSetDto extends PickType(CreateCodedDto, ['name'] as const) {}

/** A draft version to check: the content, and the month it would take effect from when already chosen. */
export class SetDraftDto extends SetContentDto {
  @ApiPropertyOptional({ example: '2026-12', description: 'checked too: may a version still start then?' })
  @Optional()
  @IsPeriod()
  effectiveFrom?: string;
}

/** A what-if preview: the draft content scored against a month's stored values. */
export class WhatIfDto {
  @ApiProperty({ type: SetContentDto })
  @ValidateNested()
  @Type(() => SetContentDto)
  draft!: SetContentDto;

  @ApiProperty({ example: '2026-10', description: 'the month whose people and values are scored' })
  @IsPeriod()
  period!: string;

  @ApiPropertyOptional({
    description: 'the first mover of the page (movers are ordered by change, biggest first)',
  })
  @Optional()
  @IsInt()
  @Min(0)
  offset?: number;

  @ApiPropertyOptional({ description: 'movers per page, 1–500 (50 by default)' })
  @Optional()
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

/** A version number as `3` or `v3`. */
const versionNumber = () =>
  Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && /^v?\d{1,9}$/i.test(value) ? Number(value.replace(/^v/i, '')) : value,
  );

export class SetDiffQueryDto {
  @ApiProperty({ example: 'v1', description: 'the older version (a number, or v and a number)' })
  @versionNumber()
  @IsInt({ message: '$property must be a version number such as 1 or v1' })
  @Min(1)
  from!: number;

  @ApiProperty({ example: 'v2' })
  @versionNumber()
  @IsInt({ message: '$property must be a version number such as 2 or v2' })
  @Min(1)
  to!: number;
}

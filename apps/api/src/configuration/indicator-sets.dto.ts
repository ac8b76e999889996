// Request bodies for indicator sets and their versions. The DTOs only check the shape; the content itself is
// checked by the scoring library (@app/domain/configuration, content-check.ts), which reports every problem with
// its path in the body.
import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, ValidateNested } from 'class-validator';
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

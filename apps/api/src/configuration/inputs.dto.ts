// Request bodies for the input dictionary. Codes are formula symbols, so they follow the format's input code rule.
import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { IsIn, IsString, Length, Matches } from 'class-validator';
import { AGGREGATES, Aggregate } from '@app/persistence';
import { INPUT_CODE_RE, InputLevel } from '@app/scoring';
import { Optional } from './validators';
import type { LocalName } from '@app/scoring';
import { LocalNameProperty } from '../common/local-name';

const LEVELS: InputLevel[] = ['staff', 'department'];

export class CreateInputDto {
  @ApiProperty({ example: 'complaints', pattern: INPUT_CODE_RE.source })
  @IsString()
  @Length(1, 64)
  @Matches(INPUT_CODE_RE, {
    message: `code must match ${INPUT_CODE_RE.source} (letters, digits, underscore)`,
  })
  code!: string;

  @LocalNameProperty('Valid complaints', '有效投诉数')
  name!: LocalName;

  @ApiProperty({ example: 'count' })
  @IsString()
  @Length(1, 32)
  unit!: string;

  @ApiProperty({ enum: LEVELS })
  @IsIn(LEVELS)
  level!: InputLevel;

  @ApiPropertyOptional({
    enum: AGGREGATES,
    default: 'sum',
    description: "how a month's observations combine",
  })
  @Optional()
  @IsIn(AGGREGATES)
  aggregate?: Aggregate;
}

/** The code stays: formulas refer to it. */
export class UpdateInputDto extends PartialType(OmitType(CreateInputDto, ['code'] as const), {
  skipNullProperties: false,
}) {}

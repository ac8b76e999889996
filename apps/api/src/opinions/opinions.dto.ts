// Request bodies of the opinion routes. The DTOs check the shape a client controls at the door; which indicators
// a member of staff may rate, and the lengths of their words, are checked by the domain (answers.service.ts),
// which names every bad field in Chinese and English and knows their set.
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsString, Length, ValidateIf } from 'class-validator';
import type { LocalNames } from '@app/scoring';
import { IsPeriod, Optional } from '../configuration/validators';

export class OpinionRoundDto {
  @ApiProperty({ example: '2026年度考核意见征集' })
  @IsString()
  @Length(1, 200)
  title!: string;

  @ApiPropertyOptional({
    example: { zh: '2026年度考核意见征集', en: 'Your opinion on the 2026 appraisal' },
    description: 'the title per language',
  })
  @Optional()
  @IsObject()
  names?: LocalNames;

  @ApiPropertyOptional({
    example: '2026-10',
    description: 'the month whose sets in force are asked about (default: the latest month with results)',
  })
  @Optional()
  @IsString()
  @IsPeriod()
  period?: string;
}

export class OpinionAnswerDto {
  @ApiProperty({
    example: { EFFECTIVE_HOURS: 4, COMPLAINTS: 2 },
    description: 'fairness of indicators of my set, whole numbers 1 (unfair) to 5 (fair); at least one',
  })
  @IsObject()
  ratings!: Record<string, number>;

  @ApiPropertyOptional({
    example: { COMPLAINTS: '一次投诉就扣很多分' },
    description: 'a comment per indicator of my set, at most 500 characters each',
  })
  @Optional()
  @ValidateIf((_, v) => v !== null)
  @IsObject()
  comments?: Record<string, string> | null;

  @ApiPropertyOptional({
    example: '希望增加团队协作的指标',
    description: 'a suggestion, at most 2000 characters',
  })
  @ValidateIf((_, v) => v !== undefined && v !== null)
  @IsString()
  @Length(0, 2000)
  suggestion?: string | null;
}

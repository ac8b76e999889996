// Request bodies and queries of the calibration routes. The DTOs check the shape at the door; whether the grade is
// one of the person's set's grades, and the reason's length once trimmed, are the domain's (overrides.service.ts).
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, Length } from 'class-validator';
import { IsCode, Optional } from '../configuration/validators';

export class GradeOverrideDto {
  @ApiProperty({ example: 'B', description: 'one of the grades of the person’s indicator set in the month' })
  @IsString()
  @Length(1, 64)
  grade!: string;

  @ApiProperty({ example: '主动承担疫情期间额外保障任务', description: '1 to 500 characters (trimmed)' })
  @IsString()
  @Length(1, 500)
  reason!: string;
}

export class CalibrationQueryDto {
  @ApiPropertyOptional({ description: 'one department only (a manager: one of theirs)' })
  @Optional()
  @IsCode()
  department?: string;

  @ApiPropertyOptional({ enum: ['json', 'csv'] })
  @Optional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}

// Request bodies of the survey routes. The DTOs check the shape a client controls at the door; the content of a
// campaign (questions, targets, outputs) and an answer's scores are checked by the domain (survey-content.ts,
// answers.service.ts), which names every bad field in Chinese and English and knows what exists.
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsInt,
  IsObject,
  IsString,
  Length,
  Max,
  Min,
  ValidateIf,
} from 'class-validator';
import type { LocalName, LocalNames } from '@app/scoring';
import { LocalNameProperty } from '../common/local-name';
import { IsCode, IsPeriod, Optional } from '../configuration/validators';

export class SurveyDto {
  @ApiProperty({ example: 'SURV-2026-10-CLEAN' })
  @IsString()
  @IsCode()
  code!: string;

  @LocalNameProperty('October ward cleaning survey', '10月病区保洁满意度测评')
  name!: LocalName;

  @ApiPropertyOptional({
    example: { zh: '10月病区保洁满意度测评', en: 'October ward cleaning survey' },
    description: 'the name per language (overrides a {zh, en} name)',
  })
  @Optional()
  @IsObject()
  names?: LocalNames;

  @ApiProperty({ example: '2026-10', description: 'the month its observations count in' })
  @IsString()
  @IsPeriod()
  period!: string;

  @ApiProperty({
    description:
      'questions [{code, text {zh, en}, scale 5|10}], comment (bool), targets [{kind department|staff, code, ' +
      'label?}], outputs {answers?, satisfied?, mean?} (input codes), satisfiedAtLeast? (default 4, 1–5 terms)',
    example: {
      questions: [{ code: 'q1', text: { zh: '病区是否整洁', en: 'Is the ward clean?' }, scale: 5 }],
      comment: true,
      targets: [{ kind: 'staff', code: 'C101' }],
      outputs: { answers: 'survey_answers', satisfied: 'survey_satisfied' },
    },
  })
  @IsObject()
  content!: Record<string, unknown>;
}

export class AddRespondentsDto {
  @ApiPropertyOptional({ type: [String], example: ['WARD-3', 'WARD-5'], description: 'department codes' })
  @Optional()
  @IsArray()
  @ArrayMaxSize(5000)
  @IsString({ each: true })
  departments?: string[];

  @ApiPropertyOptional({
    example: { count: 20, label: '病区 3 · 患者' },
    description: 'anonymous patient slips: how many, and how they are labelled ("<label> · <n>")',
  })
  @Optional()
  @IsObject()
  patients?: { count: number; label?: string };
}

export class RemindDto {
  @ApiPropertyOptional({
    type: [Number],
    description: 'the respondents to remind (default: every one not answered)',
  })
  @Optional()
  @IsArray()
  @ArrayMaxSize(5000)
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(2 ** 31 - 1, { each: true })
  respondentIds?: number[];
}

export class SurveyAnswerDto {
  @ApiProperty({
    example: { C101: { q1: 5, q2: 4 } },
    description: 'scores by target code, then question code (whole numbers from 1 to the question’s scale)',
  })
  @IsObject()
  answers!: Record<string, Record<string, number>>;

  @ApiPropertyOptional({ example: '走廊晚上灯太暗', description: 'a comment, when the survey takes one' })
  @ValidateIf((_, v) => v !== undefined && v !== null)
  @IsString()
  @Length(0, 2000)
  comment?: string | null;
}

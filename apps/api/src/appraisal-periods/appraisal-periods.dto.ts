// The body of an appraisal period's plan. The DTO checks the shape at the door (three sections, nothing else);
// what is inside them is checked by the engine's own validator (libs/domain/src/appraisal-periods), which reports
// every problem with its code and its path in the body.
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsArray, IsObject, IsString, Length } from 'class-validator';
import type { AppraisalDef, IncentiveDef, InputDef } from '@app/scoring';
import { Optional } from '../configuration/validators';

export class AppraisalPlanDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'the rule (docs/FORMAT.md, "Appraisal periods above the month"): {grades, rollup?, formula?, minMonths?, ' +
      'assessments?, caps?, quotas?, sets?}',
    example: {
      grades: [
        { min: 90, grade: '优秀', coefficient: 1.2 },
        { min: 75, grade: '合格', coefficient: 1 },
        { min: 60, grade: '基本合格', coefficient: 0.8 },
        { min: 0, grade: '不合格', coefficient: 0 },
      ],
      minMonths: 2,
      caps: [{ vetoes: 1, to: '基本合格' }],
    },
  })
  @IsObject()
  appraisal!: AppraisalDef;

  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    description:
      "the period's own inputs (assessments, what the bonus formula reads), as a document's inputs",
  })
  @Optional()
  @IsArray()
  inputs?: InputDef[];

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: "the period's bonus: a month's incentive section (docs/INCENTIVE.md)",
  })
  @Optional()
  @IsObject()
  incentive?: IncentiveDef;
}

/** HR's grade of a person for the period; the grade is checked against the person's rule by the domain. */
export class AppraisalOverrideDto {
  @ApiProperty({
    example: '优秀',
    description:
      "one of the grades of the person's rule in the period's plan (their set's own, else the plan's)",
  })
  @IsString()
  @Length(1, 64)
  grade!: string;

  @ApiProperty({ example: '年度重大保障任务表现突出', description: '1 to 500 characters (trimmed)' })
  @IsString()
  @Length(1, 500)
  reason!: string;
}

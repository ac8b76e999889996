// Request bodies and queries of the appraisal (feedback, plans, acknowledgements, comments, appeals).
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsNumber,
  IsPositive,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { ACTION_KINDS, ActionKind, APPEAL_STATUSES, AppealStatus } from '@app/persistence';
import { IsCode, IsIsoDate, IsPeriod, Optional } from '../configuration/validators';

export class FeedbackDto {
  @ApiProperty({ example: 'Response times improved; hazards still wait too long.' })
  @IsString()
  @Length(1, 4000)
  text!: string;

  @ApiPropertyOptional({ description: 'an indicator code of the person’s result of the month' })
  @Optional()
  @IsString()
  @Length(1, 64)
  indicator?: string;
}

export class PlanActionDto {
  @ApiPropertyOptional({
    enum: ACTION_KINDS,
    default: 'task',
    description: 'a task, or a training assignment',
  })
  @Optional()
  @IsIn(ACTION_KINDS)
  kind?: ActionKind;

  @ApiPropertyOptional({
    example: 'Walk the hazard log with the shift lead every Monday',
    description: 'required for a task; a training’s defaults to its course',
  })
  @Optional()
  @IsString()
  @Length(1, 1000)
  what?: string;

  @ApiPropertyOptional({ example: '有限空间作业安全', description: 'a training’s course (required for one)' })
  @Optional()
  @IsString()
  @Length(1, 200)
  course?: string;

  @ApiPropertyOptional({ example: 4.5, description: 'a training’s hours planned: 0 < h ≤ 200, one decimal' })
  @Optional()
  // One decimal place is checked by the service: class-validator's maxDecimalPlaces throws on a number JSON.parse
  // gives in exponent form (1e-7), which answered 500 (found by test/fuzz.e2e-spec.ts).
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @IsPositive()
  @Max(200)
  plannedHours?: number;

  @ApiProperty({ example: 'shift lead' })
  @IsString()
  @Length(1, 200)
  owner!: string;

  @ApiProperty({ example: '2026-11-30' })
  @IsIsoDate()
  dueDate!: string;
}

export class CreatePlanDto {
  @ApiProperty({ description: 'an indicator code of the person’s result of the month' })
  @IsString()
  @Length(1, 64)
  indicator!: string;

  @ApiPropertyOptional({ type: [PlanActionDto] })
  @Optional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => PlanActionDto)
  actions?: PlanActionDto[];
}

export class PlanStatusDto {
  @ApiProperty({ enum: ['agreed', 'closed'] })
  @IsIn(['agreed', 'closed'])
  status!: 'agreed' | 'closed';
}

export class ActionStatusDto {
  @ApiProperty({ enum: ['open', 'done'] })
  @IsIn(['open', 'done'])
  status!: 'open' | 'done';

  @ApiPropertyOptional({ example: 4, description: 'a training done: the hours done (0 < h ≤ 200), required' })
  @Optional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @IsPositive()
  @Max(200)
  doneHours?: number;

  @ApiPropertyOptional({
    example: '2026-11-20',
    description: 'a training done: the day (not in the future); default today in the hospital’s time zone',
  })
  @Optional()
  @IsIsoDate()
  doneOn?: string;
}

export class TrainingQueryDto {
  @ApiProperty({ example: '2026', description: 'the year of the plans’ months' })
  @Matches(/^\d{4}$/, { message: '$property must be a year "YYYY"' })
  year!: string;

  @ApiPropertyOptional({ description: 'one department’s people (a manager: one of theirs)' })
  @Optional()
  @IsCode()
  department?: string;

  @ApiPropertyOptional({ enum: ['json', 'csv'] })
  @Optional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';
}

export class MyTrainingQueryDto {
  @ApiProperty({ example: '2026', description: 'the year of the plans’ months' })
  @Matches(/^\d{4}$/, { message: '$property must be a year "YYYY"' })
  year!: string;
}

export class AcknowledgeDto {
  @ApiPropertyOptional()
  @Optional()
  @IsString()
  @Length(0, 4000)
  comment?: string;
}

export class CommentDto {
  @ApiProperty()
  @IsString()
  @Length(1, 4000)
  text!: string;
}

export class AppealDto {
  @ApiProperty({ description: 'indicator codes of the person’s result of the month', example: ['RESPONSE'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @Length(1, 64, { each: true })
  indicators!: string[];

  @ApiProperty()
  @IsString()
  @Length(1, 4000)
  reason!: string;

  @ApiPropertyOptional({
    description: 'ids of evidence of my month the appeal points at (GET /api/v1/me/evidence); shown to HR',
    example: [12, 15],
  })
  @Optional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(2 ** 31 - 1, { each: true })
  evidence?: number[];
}

export class AppealsQueryDto {
  @ApiPropertyOptional({ enum: APPEAL_STATUSES })
  @Optional()
  @IsIn(APPEAL_STATUSES)
  status?: AppealStatus;

  @ApiPropertyOptional({ example: '2026-10' })
  @Optional()
  @IsPeriod()
  period?: string;
}

export class AppealDecisionDto {
  @ApiProperty({ enum: ['accept', 'reject'] })
  @IsIn(['accept', 'reject'])
  decision!: 'accept' | 'reject';

  @ApiProperty({ description: 'why (required to reject)' })
  @IsString()
  @Length(0, 4000)
  reason!: string;

  @ApiPropertyOptional({
    description:
      'accepting on an open or scored month: measurement rows as POST /api/v1/measurements takes them, ' +
      'recorded before the month is run again',
    type: 'array',
    items: { type: 'object' },
  })
  @Optional()
  @IsArray()
  measurements?: unknown[];

  @ApiPropertyOptional({
    description:
      'accepting on a closed month: corrections as POST /periods/{period}/adjustments takes them ' +
      '({staff | department, input | task, value})',
    type: 'array',
    items: { type: 'object' },
  })
  @Optional()
  @IsArray()
  corrections?: unknown[];
}

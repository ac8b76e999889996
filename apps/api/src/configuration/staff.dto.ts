// Request bodies and the list query for staff. Departments, sites and post types are given by code.
import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Max, MaxLength, Min } from 'class-validator';
import { EMPLOYMENT_TYPES, EmploymentType } from '@app/persistence';
import { IsCode, IsEmployeeNo, IsIsoDate, IsPeriod, Optional } from './validators';

/** A person's name is one text, as written (not a name per language, as departments and sets have). */
export class CreateStaffDto {
  @ApiProperty({ example: 'A101' })
  @IsString()
  @IsCode()
  code!: string;

  @ApiProperty({ example: '王小明' })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiProperty({ example: 'E10023' })
  @IsString()
  @IsEmployeeNo()
  employeeNo!: string;

  @ApiProperty({ description: 'department code' })
  @IsString()
  @IsCode()
  department!: string;

  @ApiPropertyOptional({ description: "site code, when it differs from the department's", nullable: true })
  @IsOptional()
  @IsString()
  @IsCode()
  site?: string | null;

  @ApiPropertyOptional({ description: 'post type code', nullable: true })
  @IsOptional()
  @IsString()
  @IsCode()
  postType?: string | null;

  @ApiPropertyOptional({ enum: EMPLOYMENT_TYPES, default: 'in_house' })
  @Optional()
  @IsIn(EMPLOYMENT_TYPES)
  employmentType?: EmploymentType;

  @ApiProperty({ example: '2026-01-01', description: 'first day of activity' })
  @IsIsoDate()
  activeFrom!: string;

  @ApiPropertyOptional({
    example: null,
    description: 'last day of activity; null = still active',
    nullable: true,
  })
  @IsOptional()
  @IsIsoDate()
  activeTo?: string | null;
}

/** Every field optional; only site, postType and activeTo may be null (cleared). */
export class UpdateStaffDto extends PartialType(CreateStaffDto, { skipNullProperties: false }) {
  @ApiPropertyOptional({
    example: '2026-12',
    description:
      'the first month a change of department, site, postType or employmentType applies to (a transfer): the ' +
      'months before keep the earlier placement. Default: the month after the last closed month, or every ' +
      'month when none is closed. Must come after every closed month the person was active in.',
  })
  @Optional()
  @IsPeriod()
  effectiveFrom?: string;
}

export class StaffQueryDto {
  @ApiPropertyOptional({ description: 'department code' })
  @Optional()
  @IsString()
  department?: string;

  @ApiPropertyOptional({ description: 'post type code' })
  @Optional()
  @IsString()
  postType?: string;

  @ApiPropertyOptional({ description: 'only staff active during this month', example: '2026-03' })
  @Optional()
  @IsPeriod()
  active?: string;

  @ApiPropertyOptional({ default: 100, minimum: 1, maximum: 1000 })
  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;

  @ApiPropertyOptional({ description: 'the nextCursor of the previous page: staff codes after it' })
  @Optional()
  @IsString()
  cursor?: string;

  @ApiPropertyOptional({
    description: 'search: code or employee number starting with it, or name containing it (any case)',
  })
  @Optional()
  @IsString()
  @MaxLength(100)
  q?: string;
}

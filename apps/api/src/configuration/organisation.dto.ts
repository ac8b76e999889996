// Request bodies for sites, post types and departments. Only the listed fields are accepted (the global
// ValidationPipe forbids any other), each checked with a message naming it.
import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsOptional, IsString, Length, ValidateIf } from 'class-validator';
import { IsCode } from './validators';

export class CreateCodedDto {
  @ApiProperty({ example: 'CC' })
  @IsString()
  @IsCode()
  code!: string;

  @ApiProperty({ example: 'Changchun campus' })
  @IsString()
  @Length(1, 200)
  name!: string;
}

export class UpdateCodedDto extends PartialType(CreateCodedDto) {}

export class CreateDepartmentDto extends CreateCodedDto {
  @ApiPropertyOptional({ description: 'site code', nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @IsCode()
  site?: string | null;

  @ApiPropertyOptional({ description: 'parent department code', nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @IsCode()
  parent?: string | null;
}

export class UpdateDepartmentDto extends PartialType(CreateDepartmentDto) {}

// Request bodies for sites, post types and departments. Only the listed fields are accepted (the global
// ValidationPipe forbids any other), each checked with a message naming it.
import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsOptional, IsString, ValidateIf } from 'class-validator';
import { IsCode } from './validators';
import type { LocalName } from '@app/scoring';
import { LocalNameProperty } from '../common/local-name';

export class CreateCodedDto {
  @ApiProperty({ example: 'CC' })
  @IsString()
  @IsCode()
  code!: string;

  @LocalNameProperty('Changchun campus', '长春院区')
  name!: LocalName;
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

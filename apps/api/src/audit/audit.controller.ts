// HR reads the audit log over HTTP (AuditLogService): newest first, filtered by actor, action, entity, key and a
// range of days, paged by id; `facets` gives the filters' choices.
import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { AuditLogService, AuditPage } from '@app/domain/audit';
import { HrRead, HrWrite } from '../access/access';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The whitelisted filters: anything else in the query is refused by the global ValidationPipe. */
export class AuditQueryDto {
  @ApiPropertyOptional({ example: 'user:hr.admin', description: 'who, exactly as the entry names them' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  actor?: string;

  @ApiPropertyOptional({ example: 'staff.update' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  action?: string;

  @ApiPropertyOptional({ example: 'staff' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  entity?: string;

  @ApiPropertyOptional({ example: 'A101' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  entityKey?: string;

  @ApiPropertyOptional({ example: '2026-12-01', description: 'first day (UTC), included' })
  @IsOptional()
  @Matches(DAY, { message: 'from must be a date "YYYY-MM-DD"' })
  from?: string;

  @ApiPropertyOptional({ example: '2026-12-31', description: 'last day (UTC), included' })
  @IsOptional()
  @Matches(DAY, { message: 'to must be a date "YYYY-MM-DD"' })
  to?: string;

  @ApiPropertyOptional({ default: 100, minimum: 1, maximum: 1000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;

  @ApiPropertyOptional({ description: 'the nextCursor of the previous page' })
  @IsOptional()
  @Matches(/^\d{1,15}$/, { message: 'cursor must be a nextCursor from a previous page' })
  cursor?: string;
}

@ApiTags('audit')
@HrWrite()
@Controller('api/v1/audit')
export class AuditController {
  constructor(private readonly auditLog: AuditLogService) {}

  @HrRead()
  @Get()
  @ApiOperation({ summary: 'Audit entries, newest first: {items, nextCursor}' })
  list(@Query() query: AuditQueryDto): Promise<AuditPage> {
    return this.auditLog.list(query);
  }

  @HrRead()
  @Get('facets')
  @ApiOperation({ summary: 'The actions and entities the log holds: {actions, entities}' })
  facets(): Promise<{ actions: string[]; entities: string[] }> {
    return this.auditLog.facets();
  }
}

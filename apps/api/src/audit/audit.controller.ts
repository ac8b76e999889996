// HR reads the audit log over HTTP (AuditLogService): newest first, filtered by action, entity and key, paged by id.
import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { AuditLogService, AuditPage } from '@app/domain/audit';
import { HrRead, HrWrite } from '../access/access';

export class AuditQueryDto {
  @IsOptional() @IsString() @MaxLength(64) action?: string;
  @IsOptional() @IsString() @MaxLength(32) entity?: string;
  @IsOptional() @IsString() @MaxLength(100) entityKey?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;

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
}

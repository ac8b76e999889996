// The audit log over HTTP: HR and auditors read who did what.
import { Module } from '@nestjs/common';
import { AuditLogService } from '@app/domain/audit';
import { AuditController } from './audit.controller';

@Module({
  controllers: [AuditController],
  providers: [AuditLogService],
})
export class AuditModule {}

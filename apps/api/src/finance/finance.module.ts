// The period lifecycle (approve, close), API keys, the finance feed and the audit log over HTTP.
import { Module } from '@nestjs/common';
import { ApiKeysController } from './api-keys.controller';
import { AuditController } from './audit.controller';
import { FinanceController } from './finance.controller';
import { PeriodLifecycleController } from './period-lifecycle.controller';

@Module({
  controllers: [PeriodLifecycleController, ApiKeysController, FinanceController, AuditController],
})
export class FinanceModule {}

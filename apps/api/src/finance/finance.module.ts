// The period lifecycle (approve, close), API keys, the finance feed and the audit log over HTTP.
import { Module } from '@nestjs/common';
import { ApiKeyGuard } from './api-key.guard';
import { ApiKeysController } from './api-keys.controller';
import { AuditController } from './audit.controller';
import { FinanceController } from './finance.controller';
import { PeriodLifecycleController } from './period-lifecycle.controller';

@Module({
  controllers: [PeriodLifecycleController, ApiKeysController, FinanceController, AuditController],
  providers: [ApiKeyGuard],
})
export class FinanceModule {}

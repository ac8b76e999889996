// The period lifecycle (approve, close), API keys, the finance feed and the audit log over HTTP.
import { Module } from '@nestjs/common';
import { ApiKeysController } from '../access/api-keys.controller';
import { AuditController } from '../audit/audit.controller';
import { FinanceController } from './finance.controller';
import { PeriodLifecycleController } from '../periods/period-lifecycle.controller';

@Module({
  controllers: [PeriodLifecycleController, ApiKeysController, FinanceController, AuditController],
})
export class FinanceModule {}

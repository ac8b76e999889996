// HR's configuration over REST: staff, the input dictionary, indicator sets and the workload catalogue with
// their versions, assignment rules and periods. Controllers use the DataSource of the root TypeORM module.
import { Module } from '@nestjs/common';
import { AhpController } from './ahp.controller';
import { AssignmentRulesController } from './assignment-rules.controller';
import { IndicatorSetsController } from './indicator-sets.controller';
import { InputsController } from './inputs.controller';
import { PeriodsController } from '../periods/periods.controller';
import { StaffController } from './staff.controller';
import { WorkloadController } from './workload.controller';

@Module({
  controllers: [
    StaffController,
    InputsController,
    IndicatorSetsController,
    WorkloadController,
    AssignmentRulesController,
    PeriodsController,
    AhpController,
  ],
})
export class ConfigurationModule {}

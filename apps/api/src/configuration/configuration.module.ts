// HR's configuration over REST: staff, the input dictionary, indicator sets and the workload catalogue with
// their versions, assignment rules, the organisation (sites, post types, departments) and the AHP helper. The
// rules are the services of @app/domain/configuration, which open their own transactions on the DataSource of
// the root TypeORM module.
import { Module } from '@nestjs/common';
import {
  AssignmentRulesService,
  DepartmentsService,
  IndicatorSetDraftsService,
  IndicatorSetsService,
  InputsService,
  PostTypesService,
  SitesService,
  StaffService,
  WorkloadService,
} from '@app/domain/configuration';
import { SetWhatIfService } from '@app/domain/documents';
import { AhpController } from './ahp.controller';
import { AssignmentRulesController } from './assignment-rules.controller';
import { IndicatorSetsController } from './indicator-sets.controller';
import { InputsController } from './inputs.controller';
import { DepartmentsController, PostTypesController, SitesController } from './organisation.controller';
import { StaffController } from './staff.controller';
import { WorkloadController } from './workload.controller';

@Module({
  controllers: [
    StaffController,
    InputsController,
    IndicatorSetsController,
    WorkloadController,
    AssignmentRulesController,
    SitesController,
    PostTypesController,
    DepartmentsController,
    AhpController,
  ],
  providers: [
    StaffService,
    InputsService,
    IndicatorSetsService,
    IndicatorSetDraftsService,
    SetWhatIfService,
    WorkloadService,
    AssignmentRulesService,
    SitesService,
    PostTypesService,
    DepartmentsService,
  ],
})
export class ConfigurationModule {}

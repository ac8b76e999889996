export * from './base.entity';
export * from './organisation.entity';
export * from './staff.entity';
export * from './configuration.entity';
export * from './period.entity';

import {
  AssignmentRule,
  IndicatorSet,
  IndicatorSetVersion,
  InputDefinition,
  WorkloadCatalogueVersion,
} from './configuration.entity';
import { Department, PostType, Site } from './organisation.entity';
import { Observation, Period } from './period.entity';
import { Staff } from './staff.entity';

/** Every entity, for the DataSource. */
export const ENTITIES = [
  Site,
  Department,
  PostType,
  Staff,
  InputDefinition,
  IndicatorSet,
  IndicatorSetVersion,
  WorkloadCatalogueVersion,
  AssignmentRule,
  Period,
  Observation,
];

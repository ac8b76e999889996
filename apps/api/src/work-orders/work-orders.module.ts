// The work-order feed over HTTP: feeds and their secrets (HR), the signed event feed (systems), the file import of
// events, the mapping versions, a month's orders and derivation; the rules are the domain's work-orders services.
import { Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig, DEFAULT_FEEDS_OPTIONS, FeedsOptions } from '@app/config';
import { FEEDS_OPTIONS, WorkOrderFeedsService } from '@app/domain/work-orders';
import { WorkOrderDerivationService, WorkOrderMappingService } from '@app/domain/work-orders';
import { DEFAULT_EVIDENCE_OPTIONS, EVIDENCE_OPTIONS, EvidenceOptions } from '@app/domain/documents';
import { FeedsController } from './feeds.controller';
import { WorkOrderFeedController } from './work-order-feed.controller';
import { WorkOrderMappingController } from './work-order-mapping.controller';
import { WorkOrderMonthsController } from './work-order-months.controller';

@Module({
  controllers: [
    FeedsController,
    WorkOrderFeedController,
    WorkOrderMappingController,
    WorkOrderMonthsController,
  ],
  providers: [
    {
      provide: FEEDS_OPTIONS,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig): FeedsOptions => config.feeds ?? DEFAULT_FEEDS_OPTIONS,
    },
    WorkOrderFeedsService,
    // The derivation withdraws a batch, whose evidence files (under EVIDENCE_DIR) go after the commit.
    {
      provide: EVIDENCE_OPTIONS,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig): EvidenceOptions => config.evidence ?? DEFAULT_EVIDENCE_OPTIONS,
    },
    WorkOrderMappingService,
    WorkOrderDerivationService,
  ],
})
export class WorkOrdersModule {}

// The documents concept over HTTP: a month's document in and out, the measurements intake, the month's intake
// batches (list, withdraw), value corrections, evidence (attach, serve, list), the month's Excel workbook (template and upload), and the what-if
// preview (which scores a posted document and stores nothing).
import { Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import {
  DEFAULT_EVIDENCE_OPTIONS,
  DocumentsService,
  EVIDENCE_OPTIONS,
  EvidenceOptions,
  EvidenceService,
  IntakeBatchesService,
  MeasurementsService,
  ValueCorrectionsService,
  WorkbookService,
} from '@app/domain/documents';
import { BatchesController } from './batches.controller';
import { CorrectionsController } from './corrections.controller';
import { DocumentsController } from './documents.controller';
import { EvidenceController } from './evidence.controller';
import { MeasurementsController } from './measurements.controller';
import { PreviewController } from './preview.controller';
import { WorkbookController } from './workbook.controller';

@Module({
  controllers: [
    PreviewController,
    DocumentsController,
    MeasurementsController,
    BatchesController,
    CorrectionsController,
    WorkbookController,
    EvidenceController,
  ],
  providers: [
    {
      provide: EVIDENCE_OPTIONS,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig): EvidenceOptions => config.evidence ?? DEFAULT_EVIDENCE_OPTIONS,
    },
    EvidenceService,
    DocumentsService,
    MeasurementsService,
    IntakeBatchesService,
    ValueCorrectionsService,
    WorkbookService,
  ],
})
export class DocumentsModule {}

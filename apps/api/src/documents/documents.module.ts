// The documents concept over HTTP: a month's document in and out, the measurements intake, the month's intake
// batches (list, withdraw), value corrections, the month's Excel workbook (template and upload), and the what-if
// preview (which scores a posted document and stores nothing).
import { Module } from '@nestjs/common';
import {
  DocumentsService,
  IntakeBatchesService,
  MeasurementsService,
  ValueCorrectionsService,
  WorkbookService,
} from '@app/domain/documents';
import { BatchesController } from './batches.controller';
import { CorrectionsController } from './corrections.controller';
import { DocumentsController } from './documents.controller';
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
  ],
  providers: [
    DocumentsService,
    MeasurementsService,
    IntakeBatchesService,
    ValueCorrectionsService,
    WorkbookService,
  ],
})
export class DocumentsModule {}

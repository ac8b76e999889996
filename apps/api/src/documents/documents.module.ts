// The documents concept over HTTP: a month's document in and out, the measurements intake, and the what-if
// preview (which scores a posted document and stores nothing).
import { Module } from '@nestjs/common';
import { DocumentsService, MeasurementsService } from '@app/domain/documents';
import { DocumentsController } from './documents.controller';
import { MeasurementsController } from './measurements.controller';
import { PreviewController } from './preview.controller';

@Module({
  controllers: [PreviewController, DocumentsController, MeasurementsController],
  providers: [DocumentsService, MeasurementsService],
})
export class DocumentsModule {}

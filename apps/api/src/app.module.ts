import { Module } from '@nestjs/common';
import { PreviewController } from './preview/preview.controller';

@Module({ controllers: [PreviewController] })
export class AppModule {}

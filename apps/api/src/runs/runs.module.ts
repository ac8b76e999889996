// Scoring runs and their results over HTTP. (RunsModule of @app/domain/runs is the queue and its drivers, set up
// once by the app and global: RunsService comes from there.)
import { Module } from '@nestjs/common';
import { ResultsService } from '@app/domain/runs';
import { ResultsController } from './results.controller';
import { RunsController } from './runs.controller';

@Module({
  controllers: [RunsController, ResultsController],
  providers: [ResultsService],
})
export class RunsApiModule {}

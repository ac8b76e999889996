// Scoring runs and their results over HTTP. (RunsModule of @app/domain/runs is the queue and its drivers, set up
// once by the app and global: RunsService comes from there.)
import { Module } from '@nestjs/common';
import { MonthCockpitService, ResultsService } from '@app/domain/runs';
import { MonthCockpitController } from './month-cockpit.controller';
import { ResultsController } from './results.controller';
import { RunsController } from './runs.controller';

@Module({
  controllers: [RunsController, ResultsController, MonthCockpitController],
  providers: [ResultsService, MonthCockpitService],
})
export class RunsApiModule {}

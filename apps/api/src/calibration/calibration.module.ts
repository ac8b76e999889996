// Grade calibration over HTTP: HR's grade overrides and the month's calibration view (docs/CALIBRATION.md).
import { Module } from '@nestjs/common';
import { CalibrationService, GradeOverridesService } from '@app/domain/calibration';
import { CalibrationController } from './calibration.controller';

@Module({
  controllers: [CalibrationController],
  providers: [GradeOverridesService, CalibrationService],
})
export class CalibrationModule {}

import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { recordMeasurements } from '@app/documents';

@ApiTags('measurements')
@Controller('api/v1/measurements')
export class MeasurementsController {
  constructor(private readonly ds: DataSource) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Record measurements (a JSON list)',
    description:
      'Each row: {input | task, staff | department, date (YYYY-MM-DD), value, mode?}. Every row is checked; ' +
      'any bad row refuses the batch with the row numbers and reasons, and nothing is stored.',
  })
  @ApiBody({ schema: { type: 'array', items: { type: 'object' } } })
  @ApiOkResponse({ description: '{stored, periods}' })
  @ApiBadRequestResponse({ description: '{rows: [{row, field, message}]}; nothing stored' })
  record(@Body() body: unknown) {
    return recordMeasurements(this.ds, body, { source: 'api', enteredBy: 'api' });
  }
}

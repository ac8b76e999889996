// The OpenAPI description of the routes that add a version (indicator sets, the workload catalogue). The rule
// itself is the model's writeVersion, through @app/domain/configuration's VersionStore.
import { applyDecorators } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
} from '@nestjs/swagger';

/** The OpenAPI description of a route that adds a version (`what`: whose problems a 400 lists). */
export function ApiAddVersion(summary: string, what: string) {
  return applyDecorators(
    ApiOperation({
      summary,
      description:
        'An unfrozen version starting in the same month is replaced (200); otherwise, including when that version ' +
        'is frozen, a new version number is made (201). A version effective after that month answers 409.',
    }),
    ApiCreatedResponse({ description: 'a new version' }),
    ApiOkResponse({ description: 'the unfrozen version of that month, replaced' }),
    ApiBadRequestResponse({ description: `every problem of the ${what}, each with its path in the body` }),
    ApiConflictResponse({ description: 'a version effective after that month exists' }),
  );
}

// The AHP weight helper: HR compares criteria pairwise (Saaty's 1–9 scale) and gets the weights and the
// consistency ratio back. Nothing is stored; the sets page applies `weightsPercent` (two decimals, adding up to
// exactly 100, as a set's weights must) to a draft version's dimensions or to the indicators of one dimension.
import { BadRequestException, Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray } from 'class-validator';
import { AhpInputError, RANDOM_INDEX, weightsFromPairwise } from '@app/scoring';
import { percentWeights } from '@app/domain/configuration';
import { HrRead } from '../access/access';

export class AhpDto {
  @ApiProperty({
    type: 'array',
    items: { type: 'array', items: { type: 'number' } },
    example: [
      [1, 3, 5],
      [1 / 3, 1, 2],
      [1 / 5, 1 / 2, 1],
    ],
    description: 'square, positive, reciprocal pairwise comparison matrix (at most 10×10)',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(RANDOM_INDEX.length)
  matrix!: unknown[];
}

@ApiTags('configuration')
@HrRead()
@Controller('api/v1/ahp')
export class AhpController {
  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: 'Weights from a pairwise comparison matrix (AHP), with the consistency ratio' })
  @ApiBadRequestResponse({ description: 'the matrix is not square, positive and reciprocal' })
  weights(@Body() body: AhpDto) {
    try {
      const r = weightsFromPairwise(body.matrix);
      return { ...r, weightsPercent: percentWeights(r.weights) };
    } catch (e) {
      if (e instanceof AhpInputError) throw new BadRequestException(e.message);
      throw e;
    }
  }
}

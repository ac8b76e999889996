// A member of staff's opinion routes: the open round with the questions of their own set, and their one anonymous
// answer. Nothing here takes a staff id: it is the signed-in user's, and no answer or log line carries it.
import { Body, Controller, Get, Param, Post, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { MyOpinionRound, OpinionAnswersService } from '@app/domain/opinions';
import { AuthedRequest, SignedIn } from '../access/access';
import { IdPipe } from '../common/id-pipe';
import { OpinionAnswerDto } from './opinions.dto';

@ApiTags('me')
@SignedIn()
@Controller('api/v1/me/opinions')
export class MeOpinionsController {
  constructor(private readonly answers: OpinionAnswersService) {}

  @Get()
  @ApiOperation({
    summary:
      'The open opinion round for me {round, set, answered}: round null when none is open or it is not for me',
  })
  mine(@Req() req: AuthedRequest): Promise<MyOpinionRound> {
    return this.answers.mine(req.user?.staffId);
  }

  @Post(':id')
  @ApiOperation({
    summary: 'Answer a round once {ratings: {code: 1..5}, comments?: {code: text}, suggestion?}: anonymous',
  })
  @ApiBadRequestResponse({ description: 'an indicator not of my set, a bad rating, a text too long (named)' })
  @ApiNotFoundResponse({ description: 'no such round, or it is not for me' })
  @ApiConflictResponse({
    description: 'answered already (OPINION_ALREADY_ANSWERED), or closed (OPINION_ROUND_CLOSED)',
  })
  answer(
    @Req() req: AuthedRequest,
    @Param('id', IdPipe) id: number,
    @Body() body: OpinionAnswerDto,
  ): Promise<{ round: number; answered: boolean }> {
    return this.answers.answer(req.user?.staffId, id, body);
  }
}

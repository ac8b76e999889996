// The signed work-order feed: external work-order systems (报修 / 运送) post their events here. The route is public
// to the access guard because the HMAC signature is its guard (WorkOrderFeedsService.receive): the feed's code,
// a timestamp and the HMAC-SHA256 of "<timestamp>.<raw body>" with the feed's secret (docs/WORK-ORDERS.md). The
// raw bytes are what was signed, so the app keeps them beside the parsed JSON (rawBody in app.factory.ts).
import { Body, Controller, Headers, HttpCode, Post, RawBodyRequest, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { MAX_FEED_EVENTS, ReceivedEvents, WorkOrderFeedsService } from '@app/domain/work-orders';
import { Public } from '../access/access';

@ApiTags('work-orders')
@Controller('api/v1/feeds/work-orders')
export class WorkOrderFeedController {
  constructor(private readonly feeds: WorkOrderFeedsService) {}

  @Post()
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Receive a work-order system’s events (signed with the feed’s secret)',
    description:
      `Body {events: [...]}, at most ${MAX_FEED_EVENTS} events, each {eventId, orderId, type (created, ` +
      'assigned, arrived, completed, reopened, rated), occurredAt (ISO 8601 with offset), requester?, ' +
      'serviceType?, assignee?, team?, result?, rating? (1-5), note?}. An event id the feed sent before, or twice ' +
      'in one request, is stored once (counted in duplicates). Any bad event refuses the request, every bad event ' +
      'named; nothing is stored.',
  })
  @ApiHeader({ name: 'X-Feed', required: true, description: 'the feed code' })
  @ApiHeader({
    name: 'X-Feed-Timestamp',
    required: true,
    description: 'unix seconds when the request was signed',
  })
  @ApiHeader({
    name: 'X-Feed-Signature',
    required: true,
    description: 'sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>" with the feed’s secret>',
  })
  @ApiBody({
    schema: { type: 'object', properties: { events: { type: 'array', items: { type: 'object' } } } },
  })
  @ApiOkResponse({ description: '{received, stored, duplicates}' })
  @ApiBadRequestResponse({
    description: '{rows: [{index, row, field, code, params, message}]}; nothing stored',
  })
  @ApiUnauthorizedResponse({
    description:
      'FEED_UNAUTHENTICATED: unknown or disabled feed, missing or wrong signature (one answer for all); ' +
      'FEED_STALE_TIMESTAMP: the timestamp is outside FEED_REPLAY_WINDOW_SECONDS',
  })
  receive(
    @Req() req: RawBodyRequest<Request>,
    @Body() body: unknown,
    @Headers('x-feed') feed?: string,
    @Headers('x-feed-timestamp') timestamp?: string,
    @Headers('x-feed-signature') signature?: string,
  ): Promise<ReceivedEvents> {
    return this.feeds.receive({ feed, timestamp, signature, rawBody: req.rawBody ?? Buffer.alloc(0), body });
  }
}

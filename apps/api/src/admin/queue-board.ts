// The BullMQ dashboard (bull-board) at /admin/queues, when the API has a Redis queue to show. Without Redis
// runs execute in-process and there is no queue: the route does not exist.
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { BullBoardModule } from '@bull-board/nestjs';
import { DynamicModule } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { SCORING_QUEUE } from '@app/runs';

export const QUEUE_BOARD_ROUTE = '/admin/queues';

export function queueBoardModules(config: AppConfig): DynamicModule[] {
  if (!config.runs.redisUrl) return [];
  return [
    BullBoardModule.forRoot({ route: QUEUE_BOARD_ROUTE, adapter: ExpressAdapter }),
    BullBoardModule.forFeature({ name: SCORING_QUEUE, adapter: BullMQAdapter }),
  ];
}

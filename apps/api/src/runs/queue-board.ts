// The BullMQ dashboard (bull-board) at /admin/queues, when the API has a Redis queue to show. Without Redis
// runs execute in-process and there is no queue: the route does not exist. It is Express middleware, not a Nest
// route, so it has its own check: an hr_admin's access token (Authorization header, or the cookie a browser
// sends for the page's reads; bull-board's own writes — retry, clean — need the header).
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { BullBoardModule } from '@bull-board/nestjs';
import { DynamicModule } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { AppConfig } from '@app/config';
import { SCORING_QUEUE } from '@app/domain/runs';
import { bearerToken, TokenClaims, tokenService } from '../access/tokens';

export const QUEUE_BOARD_ROUTE = '/admin/queues';

export function queueBoardModules(config: AppConfig): DynamicModule[] {
  if (!config.runs.redisUrl) return [];
  return [
    BullBoardModule.forRoot({
      route: QUEUE_BOARD_ROUTE,
      adapter: ExpressAdapter,
      middleware: hrOnly(config),
    }),
    BullBoardModule.forFeature({ name: SCORING_QUEUE, adapter: BullMQAdapter }),
  ];
}

function hrOnly(config: AppConfig) {
  const jwt = tokenService(config.auth);
  return (req: Request, res: Response, next: NextFunction): void => {
    const token = bearerToken(req);
    let claims: TokenClaims | null = null;
    try {
      claims = token ? jwt.verify<TokenClaims>(token) : null;
    } catch {
      claims = null;
    }
    if (claims?.role === 'hr_admin') return next();
    const status = claims ? 403 : 401;
    res.status(status).json({
      statusCode: status,
      error: status === 401 ? 'Unauthorized' : 'Forbidden',
      message: status === 401 ? 'sign in as hr_admin: Authorization: Bearer <accessToken>' : 'hr_admin only',
    });
  };
}

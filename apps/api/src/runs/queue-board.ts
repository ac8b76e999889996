// The BullMQ dashboard (bull-board) at /admin/queues, when the API has a Redis queue to show. Without Redis
// runs execute in-process and there is no queue: the route does not exist. It is Express middleware, not a Nest
// route, so it has its own check, the same as the API's guard: a valid access token (Authorization header, or
// the HttpOnly cookie the sign-in sets for HR, for the page's reads; bull-board's own writes — retry, pause,
// clean — need the header) of a user who exists, is enabled, is hr_admin and has no one-time password pending.
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { BullBoardModule } from '@bull-board/nestjs';
import { DynamicModule } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { AppConfig } from '@app/config';
import type { UsersService } from '@app/domain/access';
import { SCORING_QUEUE } from '@app/domain/runs';
import { bearerToken, TokenClaims, tokenService } from '../access/tokens';

export const QUEUE_BOARD_ROUTE = '/admin/queues';

/**
 * The users the dashboard checks tokens against. The dashboard's middleware is built with the module, before Nest
 * can inject anything, so the app hands it the UsersService once it exists (app.factory.ts); until then, and
 * without it, everyone is refused.
 */
export const queueBoardAccess: { users: UsersService | null } = { users: null };

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
  const refuse = (res: Response, status: 401 | 403, message: string) =>
    res.status(status).json({
      statusCode: status,
      error: status === 401 ? 'Unauthorized' : 'Forbidden',
      code: status === 401 ? 'UNAUTHENTICATED' : 'FORBIDDEN',
      message,
    });
  return (req: Request, res: Response, next: NextFunction): void => {
    const token = bearerToken(req);
    let claims: (TokenClaims & { exp?: number }) | null = null;
    try {
      claims = token ? jwt.verify<TokenClaims & { exp?: number }>(token) : null;
    } catch {
      claims = null;
    }
    if (!claims || typeof claims.exp !== 'number' || !queueBoardAccess.users)
      return void refuse(res, 401, 'sign in as hr_admin: Authorization: Bearer <accessToken>');
    const sub = claims.sub;
    queueBoardAccess.users.active(sub).then(
      (user) => {
        if (!user || user.role !== claims.role) return refuse(res, 401, 'invalid access token');
        if (user.role !== 'hr_admin' || user.mustChangePassword) return refuse(res, 403, 'hr_admin only');
        next();
      },
      (e: unknown) => next(e),
    );
  };
}

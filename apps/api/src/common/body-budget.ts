// Refuses request bodies nested too deep or holding too many values, before any validation walks them: a JSON
// body nested 3,000 deep once overflowed the stack of class-transformer (a 500 with a stack trace in the log for
// 18 KB sent to the unauthenticated sign-in route). The budget is BODY_MAX_DEPTH and BODY_MAX_VALUES
// (app.factory.ts); the walk is libs/scoring/src/parse-budget.ts.
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { BadRequestException } from '@nestjs/common';
import { overBudget, ParseBudget } from '@app/scoring';

export function bodyBudget(budget: ParseBudget): RequestHandler {
  return (req: Request, _res: Response, next: NextFunction): void => {
    const body: unknown = req.body;
    const over = body !== null && typeof body === 'object' ? overBudget(body, budget) : null;
    next(
      over
        ? new BadRequestException({
            message: `the request body is ${over} (BODY_MAX_DEPTH, BODY_MAX_VALUES)`,
            code: 'BODY_TOO_COMPLEX',
          })
        : undefined,
    );
  };
}

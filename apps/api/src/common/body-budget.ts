// Refuses request bodies nested too deep or holding too many values, before any validation walks them: a JSON
// body nested 3,000 deep once overflowed the stack of class-transformer (a 500 with a stack trace in the log for
// 18 KB sent to the unauthenticated sign-in route). Limits: libs/scoring/src/parse-budget.ts.
import type { NextFunction, Request, Response } from 'express';
import { BadRequestException } from '@nestjs/common';
import { DOCUMENT_BUDGET, overBudget } from '@app/scoring';

export function bodyBudget(req: Request, _res: Response, next: NextFunction): void {
  const body: unknown = req.body;
  const over = body !== null && typeof body === 'object' ? overBudget(body, DOCUMENT_BUDGET) : null;
  next(over ? new BadRequestException(`the request body is ${over}`) : undefined);
}

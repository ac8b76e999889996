// Nothing the API answers may be kept by a browser or a proxy: results, payroll lines, sign-in tokens and HR's
// configuration are personal or confidential, so every /api and /auth response says `Cache-Control: no-store`
// (a shared computer at a nurses' station must not show the last person's month from its cache).
import type { NextFunction, Request, Response } from 'express';

export function noStore(req: Request, res: Response, next: NextFunction): void {
  if (req.path.startsWith('/api/')) {
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Pragma', 'no-cache');
  }
  next();
}

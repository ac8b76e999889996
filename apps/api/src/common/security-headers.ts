// Helmet's headers, chosen per request by how the user reached the pages. HSTS and the CSP's
// `upgrade-insecure-requests` belong to https only: sent over plain http (an intranet address opened from another
// computer), the browser would fetch every stylesheet and script of the page over https, which the API does not
// serve, and the page would come up bare. So they are sent only when PUBLIC_URL is https, or when a proxy the API
// trusts (TRUST_PROXY) says the request came over https. Over plain http the headers a browser ignores on an
// untrustworthy origin (COOP, Origin-Agent-Cluster) are left out too, so the console stays clean.
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';

/** The directives of the queue dashboard's page: its inline bootstrap script and styles, nothing from elsewhere. */
const BOARD_DIRECTIVES = {
  'script-src': ["'self'", "'unsafe-inline'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:'],
  'frame-ancestors': ["'none'"],
};

function headers(https: boolean, board: boolean): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: true,
      directives: {
        ...(board ? BOARD_DIRECTIVES : {}),
        // null removes helmet's default directive.
        'upgrade-insecure-requests': https ? [] : null,
      },
    },
    strictTransportSecurity: https,
    crossOriginOpenerPolicy: https,
    originAgentCluster: https,
  });
}

export interface SecurityHeadersOptions {
  /** PUBLIC_URL, or null. */
  publicUrl: string | null;
  /** Whether a proxy is trusted (then Express's req.protocol reads X-Forwarded-Proto). */
  trustProxy: boolean;
  /** Routes (prefixes) that get the dashboard's policy. */
  boardRoute: string;
}

/** Whether a request is to be answered as reached over https. */
export function reachedOverHttps(
  req: Request,
  options: Pick<SecurityHeadersOptions, 'publicUrl' | 'trustProxy'>,
) {
  if (options.publicUrl?.startsWith('https:')) return true;
  return options.trustProxy && req.protocol === 'https';
}

export function securityHeaders(options: SecurityHeadersOptions): RequestHandler {
  const chosen = {
    https: { page: headers(true, false), board: headers(true, true) },
    http: { page: headers(false, false), board: headers(false, true) },
  };
  return (req: Request, res: Response, next: NextFunction) => {
    const set = reachedOverHttps(req, options) ? chosen.https : chosen.http;
    return (req.path.startsWith(options.boardRoute) ? set.board : set.page)(req, res, next);
  };
}

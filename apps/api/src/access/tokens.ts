// Access tokens: short-lived JWTs (HS256) naming the user and their role. The guard also reads the user row, so
// a disabled user or a changed role ends their tokens at once.
import { JwtService } from '@nestjs/jwt';
import type { Request } from 'express';
import type { AuthOptions } from '@app/config';
import type { Role } from '@app/persistence';

export interface TokenClaims {
  sub: string;
  role: Role;
  username: string;
}

export function tokenService(options: AuthOptions): JwtService {
  return new JwtService({
    secret: options.jwtSecret,
    signOptions: { algorithm: 'HS256', expiresIn: options.tokenTtlSeconds },
    verifyOptions: { algorithms: ['HS256'] },
  });
}

/** The cookie the sign-in sets for HR's browser, for the queue dashboard's page (HttpOnly, SameSite=Strict). */
export const BOARD_COOKIE = 'scorecard_token';

/**
 * The bearer token of a request: the Authorization header, or for reads only (pages a browser opens, such as the
 * queue dashboard) the `scorecard_token` cookie. Writes never take the cookie, so no other site can make a
 * signed-in browser change anything.
 */
export function bearerToken(req: Request): string | null {
  const header = req.headers.authorization;
  if (typeof header === 'string') {
    const m = /^Bearer ([A-Za-z0-9._-]+)$/.exec(header.trim());
    return m ? m[1] : null;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') return null;
  const cookie = req.headers.cookie ?? '';
  const m = new RegExp(`(?:^|;\\s*)${BOARD_COOKIE}=([A-Za-z0-9._-]+)`).exec(cookie);
  return m ? m[1] : null;
}

/** The sign-in answer: a signed access token for `user`, when it expires, and the role it carries. */
export async function issueToken(jwt: JwtService, user: { id: string; role: Role; username: string }) {
  const claims: TokenClaims = { sub: user.id, role: user.role, username: user.username };
  const accessToken = await jwt.signAsync(claims);
  const { exp } = jwt.decode<{ exp: number }>(accessToken);
  return {
    accessToken,
    tokenType: 'Bearer',
    expiresAt: new Date(exp * 1000).toISOString(),
    role: user.role,
  };
}

// The one guard in front of every route: deny unless the route declares who may call it, then check that the
// caller is one of them — a signed-in user with an allowed role (bearer token), or a system with an API key of
// the route's scope. 401: no valid credentials; 403: valid, but not allowed here.
import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { ApiKeysService, UsersService } from '@app/domain/access';
import { ACCESS, AccessRule, AuthedRequest, Principal, WHILE_PASSWORD_MUST_CHANGE } from './access';
import { bearerToken, TokenClaims } from './tokens';

@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly users: UsersService,
    private readonly apiKeys: ApiKeysService,
    private readonly jwt: JwtService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS, [
      context.getHandler(),
      context.getClass(),
    ]);
    // Deny by default: a route nobody declared access for is open to nobody.
    if (!rule) throw new ForbiddenException('this route declares no access rule: refused');
    if (rule.kind === 'public') return true;
    const req = context.switchToHttp().getRequest<AuthedRequest>();
    if (rule.kind === 'apiKey' || (rule.kind === 'apiKeyOrRoles' && req.headers['x-api-key'] !== undefined)) {
      const header = req.headers['x-api-key'];
      req.apiKey = await this.apiKeys.authenticate(Array.isArray(header) ? header[0] : header, rule.scope);
      return true;
    }
    const user = await this.authenticate(req);
    if (
      user.mustChangePassword &&
      !this.reflector.get<boolean>(WHILE_PASSWORD_MUST_CHANGE, context.getHandler())
    )
      throw new ForbiddenException(
        'change the one-time password first: POST /api/v1/auth/password {currentPassword, newPassword}',
      );
    if (!rule.roles.includes(user.role))
      throw new ForbiddenException(`role ${user.role} may not ${req.method} ${req.path}`);
    req.user = user;
    return true;
  }

  /** The signed-in user of a request, or 401. */
  async authenticate(req: AuthedRequest): Promise<Principal> {
    const token = bearerToken(req);
    if (!token) throw new UnauthorizedException('sign in: send Authorization: Bearer <accessToken>');
    let claims: TokenClaims;
    try {
      claims = await this.jwt.verifyAsync<TokenClaims>(token);
    } catch (e) {
      throw new UnauthorizedException(
        (e as Error).name === 'TokenExpiredError'
          ? 'the access token has expired: sign in again'
          : 'invalid access token',
      );
    }
    // A token must expire: a validly signed token without `exp` (not one this API issues) is refused.
    if (typeof (claims as { exp?: unknown }).exp !== 'number')
      throw new UnauthorizedException('invalid access token: it has no expiry');
    const user = await this.users.active(claims.sub);
    if (!user || user.role !== claims.role) throw new UnauthorizedException('invalid access token');
    return {
      id: user.id,
      username: user.username,
      role: user.role,
      staffId: user.staffId,
      departments: user.departments,
      mustChangePassword: Boolean(user.mustChangePassword),
    };
  }
}

// Sign-in and access control for the whole API: the global AccessGuard (deny unless a route declares who may
// call it), JWT access tokens, login throttling per address and per username, the first hr_admin, users and the
// API keys systems use.
import { Inject, Injectable, Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { ThrottlerModule } from '@nestjs/throttler';
import type { Request } from 'express';
import { APP_CONFIG, AppConfig } from '@app/config';
import { ApiKeysService, UsersService } from '@app/domain/access';
import { AccessGuard } from './access.guard';
import { ApiKeysController } from './api-keys.controller';
import { AuthController } from './auth.controller';
import { tokenService } from './tokens';

/** The username a login request names (lower-cased), for counting attempts per user. */
function loginName(req: Record<string, unknown>): string {
  const name = ((req as unknown as Request).body as { username?: unknown } | undefined)?.username;
  return typeof name === 'string' ? name.trim().toLowerCase() : '';
}

/** What the per-user login limit counts: one username from one address. */
export function loginTracker(req: Record<string, unknown>): string {
  return `user:${loginName(req)}|${(req as unknown as Request).ip ?? ''}`;
}

/**
 * Login attempts allowed per minute: from one address, and for one username from one address. A username is
 * counted per address, so nobody can lock a named user out from elsewhere; past the limit that address waits
 * `blockMs` for that user (guessing slows to a few tries every five minutes).
 */
export const LOGIN_LIMITS = { perAddress: 20, perUser: 5, windowMs: 60_000, blockMs: 5 * 60_000 };

@Injectable()
class FirstAdmin implements OnApplicationBootstrap {
  private readonly logger = new Logger('Auth');

  constructor(
    private readonly users: UsersService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const admin = this.config.auth.admin;
    if (await this.users.ensureFirstAdmin(admin ?? undefined))
      this.logger.log(`created the first hr_admin "${admin!.username}" (ADMIN_USERNAME)`);
  }
}

@Module({
  imports: [
    ThrottlerModule.forRoot({
      throttlers: [
        { name: 'address', ttl: LOGIN_LIMITS.windowMs, limit: LOGIN_LIMITS.perAddress },
        {
          name: 'user',
          ttl: LOGIN_LIMITS.windowMs,
          limit: LOGIN_LIMITS.perUser,
          blockDuration: LOGIN_LIMITS.blockMs,
          getTracker: loginTracker,
        },
      ],
    }),
  ],
  controllers: [AuthController, ApiKeysController],
  providers: [
    {
      provide: JwtService,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => tokenService(config.auth),
    },
    { provide: APP_GUARD, useClass: AccessGuard },
    UsersService,
    ApiKeysService,
    FirstAdmin,
  ],
  exports: [JwtService, UsersService, ApiKeysService],
})
export class AccessModule {}

// Sign-in and access control for the whole API: the global AccessGuard (deny unless a route declares who may
// call it), JWT access tokens, login throttling per address and per username, and the first hr_admin.
import { Inject, Injectable, Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { ThrottlerModule } from '@nestjs/throttler';
import type { Request } from 'express';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@app/config';
import { User } from '@app/persistence';
import { AccessGuard } from './access.guard';
import { AuthController } from './auth.controller';
import { tokenService } from './tokens';
import { createUser } from './users';

/** The username a login request names (lower-cased), for counting attempts per user. */
function loginName(req: Record<string, unknown>): string {
  const name = ((req as unknown as Request).body as { username?: unknown } | undefined)?.username;
  return typeof name === 'string' ? name.toLowerCase() : '';
}

/** Login attempts allowed per minute: from one address, and for one username from anywhere. */
export const LOGIN_LIMITS = { perAddress: 20, perUser: 5, windowMs: 60_000 };

@Injectable()
class FirstAdmin implements OnApplicationBootstrap {
  private readonly logger = new Logger('Auth');

  constructor(
    private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const admin = this.config.auth.admin;
    if (!admin || (await this.ds.getRepository(User).count()) > 0) return;
    await this.ds.transaction((em) =>
      createUser(em, { username: admin.username, password: admin.password, role: 'hr_admin' }, 'system'),
    );
    this.logger.log(`created the first hr_admin "${admin.username}" (ADMIN_USERNAME)`);
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
          getTracker: (req: Record<string, unknown>) => `user:${loginName(req)}`,
        },
      ],
    }),
  ],
  controllers: [AuthController],
  providers: [
    {
      provide: JwtService,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => tokenService(config.auth),
    },
    { provide: APP_GUARD, useClass: AccessGuard },
    FirstAdmin,
  ],
  exports: [JwtService],
})
export class AuthModule {}

// Redis health: a PING answered within the timeout. Only registered when REDIS_URL is configured.
import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import Redis from 'ioredis';
import { APP_CONFIG, AppConfig } from '@app/config';

@Injectable()
export class RedisHealthIndicator implements OnModuleDestroy {
  private readonly client: Redis | null;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly health: HealthIndicatorService,
  ) {
    // A health check must answer quickly: no offline queue, no retries, no reconnect loop; the next check
    // connects again.
    this.client = config.redisUrl
      ? new Redis(config.redisUrl, {
          lazyConnect: true,
          enableOfflineQueue: false,
          maxRetriesPerRequest: 0,
          connectTimeout: 1000,
        })
      : null;
    this.client?.on('error', () => undefined); // reported through the check, not as unhandled events
  }

  async isHealthy(key = 'redis'): Promise<HealthIndicatorResult> {
    const check = this.health.check(key);
    if (!this.client) return check.up({ configured: false });
    try {
      if (this.client.status === 'wait' || this.client.status === 'end') await this.client.connect();
      const pong = await Promise.race([
        this.client.ping(),
        new Promise<never>((_, reject) =>
          setTimeout(() => reject(new Error('no answer within 1 s')), 1000).unref(),
        ),
      ]);
      return pong === 'PONG' ? check.up() : check.down({ message: `unexpected answer ${String(pong)}` });
    } catch (e) {
      return check.down({ message: (e as Error).message });
    }
  }

  onModuleDestroy(): void {
    this.client?.disconnect();
  }
}

import { LRUCache } from 'lru-cache';

/** The clock and sleep a client uses; injected so tests never wait for real time. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export interface RateLimit {
  /** Sustained requests per second to one registry. */
  requestsPerSecond: number;
  /** Requests that may go at once after an idle period. */
  burst: number;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/** Registries tracked at once; a bucket forgotten early only grants a fresh burst. */
const MAX_REGISTRIES = 1000;

/**
 * A token bucket per registry host. `acquire` reserves a token at once (the balance may go
 * negative) and then waits for the debt to refill, so callers are served in arrival order without
 * a queue, and a burst of imports to one registry is spread at the configured rate.
 */
export class RegistryRateLimiter {
  private readonly buckets = new LRUCache<string, Bucket>({ max: MAX_REGISTRIES });

  constructor(
    private readonly limit: RateLimit,
    private readonly clock: Clock,
  ) {}

  /** Resolves when a request to `registry` may be sent. */
  async acquire(registry: string): Promise<void> {
    const wait = this.reserve(registry);
    if (wait > 0) await this.clock.sleep(wait);
  }

  /** Takes one token and returns how long (ms) the caller must wait for it. */
  reserve(registry: string): number {
    const { requestsPerSecond, burst } = this.limit;
    if (!(requestsPerSecond > 0)) return 0;
    const now = this.clock.now();
    const bucket = this.buckets.get(registry) ?? { tokens: burst, updatedAt: now };
    const refilled = Math.min(burst, bucket.tokens + ((now - bucket.updatedAt) / 1000) * requestsPerSecond);
    const tokens = refilled - 1;
    this.buckets.set(registry, { tokens, updatedAt: now });
    return tokens >= 0 ? 0 : Math.ceil((-tokens / requestsPerSecond) * 1000);
  }
}

import { BlockedAddressError } from './address-guard.js';
import type { RequestKind, RegistryClientOptions } from './options.js';
import type { RegistryRateLimiter } from './rate-limiter.js';
import { parseRetryAfter } from './retry-after.js';
import { TransportError, type SendOptions, type Transport, type TransportResponse } from './transport.js';

/** An answer after the retries, with the wait the registry last asked for (for TooManyRequests messages). */
export interface FinalResponse extends TransportResponse {
  retryAfterMs: number | undefined;
}

const isRetryableStatus = (status: number): boolean => status === 429 || (status >= 500 && status !== 501);

/**
 * Sends requests the way every registry call should go out: through the per-registry token bucket,
 * retried on 429/5xx and on connection failures with exponential backoff or the registry's
 * `Retry-After` (capped by `retry.maxDelayMs`: a longer ask is returned at once, not waited for),
 * and reported to `onRequest`. Refusals (BlockedAddressError) and TLS-protocol mismatches are final.
 */
export class Requester {
  constructor(
    private readonly transport: Transport,
    private readonly limiter: RegistryRateLimiter,
    private readonly options: Pick<RegistryClientOptions, 'retry' | 'clock' | 'onRequest'>,
  ) {}

  async send(kind: RequestKind, req: SendOptions): Promise<FinalResponse> {
    const { attempts, baseDelayMs, maxDelayMs } = this.options.retry;
    const host = req.url.host;
    for (let attempt = 1; ; attempt += 1) {
      await this.limiter.acquire(host);
      let res: TransportResponse;
      try {
        res = await this.transport.send(req);
      } catch (err) {
        this.report(host, req.method, kind, 0);
        const final = err instanceof BlockedAddressError || (err instanceof TransportError && !err.retryable) || attempt >= attempts;
        if (final) throw err;
        await this.options.clock.sleep(Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1)));
        continue;
      }
      this.report(host, req.method, kind, res.status);
      const header = res.headers['retry-after'];
      const retryAfterMs = parseRetryAfter(Array.isArray(header) ? header[0] : header, this.options.clock.now());
      if (!isRetryableStatus(res.status) || attempt >= attempts) return { ...res, retryAfterMs };
      const delay = retryAfterMs ?? baseDelayMs * 2 ** (attempt - 1);
      if (delay > maxDelayMs) return { ...res, retryAfterMs };
      await this.options.clock.sleep(delay);
    }
  }

  private report(registry: string, method: string, kind: RequestKind, status: number): void {
    try {
      this.options.onRequest?.({ registry, method, kind, status });
    } catch {
      // A counting hook must not fail an import.
    }
  }
}

import { LRUCache } from 'lru-cache';

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/**
 * Shares one registry check among identical callers: those that arrive while it runs wait for it,
 * and those that arrive within `ttlMs` after it finished get its outcome (value or error). This is
 * what keeps 100 namespaces tracking `nginx:1.27` at one request per check. The key must hold
 * everything that can change the answer (reference, credential identity, insecure, mode, platform).
 */
export class SharedChecks<T> {
  private readonly inFlight = new Map<string, Promise<T>>();
  private readonly recent: LRUCache<string, Settled<T>> | undefined;

  constructor(options: { ttlMs: number; max: number; now: () => number }) {
    this.recent = options.ttlMs > 0 ? new LRUCache({ max: options.max, ttl: options.ttlMs, ttlResolution: 0, perf: { now: options.now } }) : undefined;
  }

  run(key: string, check: () => Promise<T>): Promise<T> {
    const settled = this.recent?.get(key);
    if (settled !== undefined) return settled.ok ? Promise.resolve(settled.value) : Promise.reject(settled.error);
    const running = this.inFlight.get(key);
    if (running !== undefined) return running;
    const started = check().then(
      (value) => {
        this.finish(key, { ok: true, value });
        return value;
      },
      (error: unknown) => {
        this.finish(key, { ok: false, error });
        throw error;
      },
    );
    this.inFlight.set(key, started);
    return started;
  }

  private finish(key: string, outcome: Settled<T>): void {
    this.inFlight.delete(key);
    this.recent?.set(key, outcome);
  }
}

import { LRUCache } from 'lru-cache';
import { WebhookError } from '../errors.js';
import { usableChallenge, parseChallenges, type Challenge } from './challenge.js';
import type { Requester } from './requester.js';
import { TransportError } from './transport.js';

/** How to talk to one registry: its base URL, whether TLS is verified, and the challenge `/v2/` gave. */
export interface Endpoint {
  origin: string;
  insecureTls: boolean;
  /** The auth the registry asked for (`undefined` when `/v2/` answered without a usable challenge). */
  challenge: Challenge | undefined;
}

/** Thrown when the registry only speaks plain HTTP and the import is not insecure (OpenShift's BadRequest). */
export class HttpOnlyRegistryError extends WebhookError {
  override name = 'HttpOnlyRegistryError';
  constructor(readonly host: string) {
    super(`registry ${host} speaks plain HTTP only`);
  }
}

export function challengeOf(headers: Record<string, string | string[] | undefined>): Challenge | undefined {
  const value = headers['www-authenticate'];
  return usableChallenge(parseChallenges(Array.isArray(value) ? value.join(', ') : value));
}

/**
 * Finds and remembers (per host and insecure flag, for `ttlMs`; concurrent callers share one probe)
 * how to reach a registry: HTTPS
 * first, as OpenShift does; plain HTTP only for insecure imports. A registry that answers HTTPS with
 * a TLS protocol error but answers plain HTTP is reported as HTTP-only, so the condition can say
 * that the insecure flag is what is missing.
 */
export class EndpointCache {
  private readonly cache: LRUCache<string, Endpoint>;
  private readonly probing = new Map<string, Promise<Endpoint>>();

  constructor(private readonly requester: Requester, options: { max: number; ttlMs: number; now: () => number }) {
    this.cache = new LRUCache({ max: options.max, ttl: options.ttlMs, ttlResolution: 0, perf: { now: options.now } });
  }

  async discover(host: string, insecure: boolean): Promise<Endpoint> {
    const key = `${host}\u0000${String(insecure)}`;
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached;
    const running = this.probing.get(key);
    if (running !== undefined) return running;
    const probe = this.probe(host, insecure).then((endpoint) => {
      this.cache.set(key, endpoint);
      return endpoint;
    }).finally(() => this.probing.delete(key));
    this.probing.set(key, probe);
    return probe;
  }

  /** Replaces a remembered challenge (the registry answered 401 with a different one). */
  update(host: string, insecure: boolean, endpoint: Endpoint): void {
    this.cache.set(`${host}\u0000${String(insecure)}`, endpoint);
  }

  private async ping(origin: string, insecureTls: boolean): Promise<Endpoint> {
    const res = await this.requester.send('ping', { method: 'GET', url: new URL('/v2/', origin), headers: {}, insecureTls, maxBodyBytes: 64 * 1024 });
    return { origin, insecureTls, challenge: res.status === 401 ? challengeOf(res.headers) : undefined };
  }

  private async probe(host: string, insecure: boolean): Promise<Endpoint> {
    try {
      return await this.ping(`https://${host}`, insecure);
    } catch (err) {
      if (!(err instanceof TransportError)) throw err;
      if (insecure) return this.ping(`http://${host}`, false);
      if (!err.tlsProtocol) throw err;
      const plain = await this.ping(`http://${host}`, false).catch(() => undefined);
      if (plain !== undefined) throw new HttpOnlyRegistryError(host);
      throw err;
    }
  }
}

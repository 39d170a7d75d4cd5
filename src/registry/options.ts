import { setTimeout as sleep } from 'node:timers/promises';
import type { RegistryLists } from '../core/registry-policy.js';
import type { LookupFunction } from './address-guard.js';
import type { Clock, RateLimit } from './rate-limiter.js';

/** What a request to a registry was for; `onRequest` reports it so callers can count round trips. */
export type RequestKind = 'ping' | 'token' | 'manifest' | 'tags';

/** One request the client sent (after it was answered or failed); never carries headers or credentials. */
export interface RegistryRequestEvent {
  /** `host[:port]` the request went to (the token realm's host for `token`). */
  registry: string;
  method: string;
  kind: RequestKind;
  /** The HTTP status, or 0 when no answer came (connection refused, timeout, TLS failure). */
  status: number;
}

export interface RetryOptions {
  /** Tries per request, counting the first (429 and 5xx answers and connection errors are retried). */
  attempts: number;
  /** First backoff when the registry gives no `Retry-After`; doubles per retry. */
  baseDelayMs: number;
  /** The longest wait between tries, whatever `Retry-After` asks; a longer ask fails as TooManyRequests. */
  maxDelayMs: number;
}

/**
 * Options of `createRegistryClient`; every field has a default (see DEFAULT_REGISTRY_CLIENT_OPTIONS).
 * The registry allow and block lists (default `[]`, everything allowed) are the import plan's, read
 * by the same decision (core/registry-policy.ts).
 */
export interface RegistryClientOptions extends RegistryLists {
  /** PEM CA certificates trusted in addition to Node's roots (private registries). Default: none. */
  caBundle: string | undefined;
  /** `pullSecrets`: use the request's pull secrets; `none`: always anonymous (the admin's opt-out). */
  credentials: 'pullSecrets' | 'none';
  /** Allow link-local and cloud-metadata addresses (D18 refuses them by default). Default false. */
  allowLinkLocal: boolean;
  /** Per-registry token bucket. Default 10 requests/s, burst 20. */
  rateLimit: RateLimit;
  retry: RetryOptions;
  /** Per-request timeout (connect to end of body). Default 30 s. */
  timeoutMs: number;
  /** Largest manifest, token or tag-list body read. Default 4 MiB. */
  maxBodyBytes: number;
  /** How long a finished check is shared with identical checks (the in-flight sharing needs no TTL). Default 5 s. */
  shareTtlMs: number;
  /** How long a registry's `/v2/` answer (scheme and challenge) is remembered. Default 10 min. */
  challengeTtlMs: number;
  /** Entries in each cache (shared results, tokens, challenges). Default 10,000. */
  cacheMax: number;
  /** Most tags `listTags` returns, and the page size it asks for. Defaults 1,000 and 200. */
  maxTags: number;
  tagsPageSize: number;
  /** Sockets per registry host and agent. Default 16. */
  maxSockets: number;
  /** Name resolution (dns.lookup signature); every answer is checked against the address guard. Default dns.lookup. */
  lookup: LookupFunction | undefined;
  clock: Clock;
  /** Called after every request to a registry or token realm. Default: nothing. */
  onRequest: ((event: RegistryRequestEvent) => void) | undefined;
}

/** The defaults, documented on each field above. */
export const DEFAULT_REGISTRY_CLIENT_OPTIONS: Readonly<RegistryClientOptions> = Object.freeze({
  caBundle: undefined,
  credentials: 'pullSecrets',
  allowedRegistries: [],
  blockedRegistries: [],
  allowLinkLocal: false,
  rateLimit: { requestsPerSecond: 10, burst: 20 },
  retry: { attempts: 3, baseDelayMs: 500, maxDelayMs: 30_000 },
  timeoutMs: 30_000,
  maxBodyBytes: 4 * 1024 * 1024,
  shareTtlMs: 5_000,
  challengeTtlMs: 10 * 60_000,
  cacheMax: 10_000,
  maxTags: 1_000,
  tagsPageSize: 200,
  maxSockets: 16,
  lookup: undefined,
  clock: { now: () => Date.now(), sleep: (ms: number) => sleep(ms).then(() => undefined) },
  onRequest: undefined,
} satisfies RegistryClientOptions);

/** Fills in defaults; nested objects are merged field by field. */
export function resolveOptions(options: Partial<RegistryClientOptions>): RegistryClientOptions {
  const d = DEFAULT_REGISTRY_CLIENT_OPTIONS;
  return {
    ...d,
    ...options,
    rateLimit: { ...d.rateLimit, ...options.rateLimit },
    retry: { ...d.retry, ...options.retry },
    clock: options.clock ?? d.clock,
  };
}

/**
 * The registry client of the import controller: `createRegistryClient(options)` implements the
 * RegistryClient contract of ./types.ts against real registries (HEAD-first digests, the `/v2/`
 * challenge flow, pull-secret keyring, insecure and CA handling, refusals, rate limits, shared checks).
 */
export { createRegistryClient, type ClosableRegistryClient } from './client.js';
export { DEFAULT_REGISTRY_CLIENT_OPTIONS, type RegistryClientOptions, type RegistryRequestEvent, type RequestKind,
  type RetryOptions } from './options.js';
export type { Clock, RateLimit } from './rate-limiter.js';
export type { LookupFunction } from './address-guard.js';
export * from './types.js';

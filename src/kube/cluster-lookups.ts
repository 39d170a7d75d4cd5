import { LRUCache } from 'lru-cache';
import type { ImageStream, Lookups } from '../core/types.js';
import { errorFields, type Logger } from '../log.js';
import type { CacheMetrics } from './cache-metrics.js';
import type { AccessCheck } from './access-review.js';
import type { ImageStreamGetter } from './image-stream-api.js';
import type { ImageStreamCache } from './image-stream-cache.js';

export interface ClusterLookupsOptions {
  cache: ImageStreamCache;
  getImageStream: ImageStreamGetter;
  canGetImageStreams: AccessCheck;
  logger: Logger;
  metrics: CacheMetrics;
  /** How long "no such stream" is remembered; seconds, so a new stream is seen almost at once. */
  negativeTtlMs?: number;
}

/**
 * Implements the core's Lookups against the cluster: informer cache first, then a short-lived
 * negative cache, then one live GET per key at a time. If the live GET fails while the informer
 * holds a full (possibly stale) list, the cache's answer "not found" is used and remembered
 * briefly, so an unreachable API server degrades to the last known streams instead of failing
 * every review. Before the first full list a failure is thrown (HTTP 500, failurePolicy decides).
 */
export function createClusterLookups(options: ClusterLookupsOptions): Lookups {
  const { cache, metrics, logger } = options;
  const missing = new LRUCache<string, true>({ max: 10_000, ttl: options.negativeTtlMs ?? 5000 });
  const inFlight = new Map<string, Promise<ImageStream | undefined>>();
  // Bound once: inc({ result }) hashes its labels on every call, three times per review.
  const hits = metrics.cacheLookups.labels('hit');
  const negativeHits = metrics.cacheLookups.labels('negative_hit');
  const misses = metrics.cacheLookups.labels('miss');
  const fetchLive = async (namespace: string, name: string, key: string): Promise<ImageStream | undefined> => {
    try {
      const stream = await options.getImageStream(namespace, name);
      if (stream === undefined) missing.set(key, true);
      return stream;
    } catch (err) {
      if (!cache.isSynced()) throw err;
      logger.warn({ namespace, name, ...errorFields(err) }, 'live ImageStream GET failed; answering from the cache');
      missing.set(key, true);
      return undefined;
    }
  };
  return {
    getImageStream: (namespace, name) => {
      const cached = cache.get(namespace, name);
      if (cached !== undefined) {
        hits.inc();
        return cached;
      }
      const key = `${namespace}/${name}`;
      if (missing.has(key)) {
        negativeHits.inc();
        return undefined;
      }
      misses.inc();
      let pending = inFlight.get(key);
      if (pending === undefined) {
        pending = fetchLive(namespace, name, key).finally(() => inFlight.delete(key));
        inFlight.set(key, pending);
      }
      return pending;
    },
    canGetImageStreams: options.canGetImageStreams,
    isDigestKnown: (digest) => cache.hasDigest(digest),
  };
}

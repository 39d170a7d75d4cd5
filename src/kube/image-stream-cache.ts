import type { ImageStream } from '../core/types.js';
import type { Logger } from '../log.js';
import { setInformerState, type CacheMetrics } from './cache-metrics.js';
import { collectGarbage } from '../store/collect-garbage.js';
import type { CompactStream } from '../store/compact-stream.js';
import { ImageStreamStore } from '../store/image-stream-store.js';
import type { Clock } from '../clock.js';
import { IMAGE_STREAM_COLLECTION } from './image-stream-api.js';
import { projectImageStream } from './image-stream-projection.js';
import { Informer, type Backoff, type InformerState } from './informer.js';
import type { RestClient } from './rest-client.js';

export interface ImageStreamCacheOptions {
  client: RestClient;
  logger: Logger;
  metrics: CacheMetrics;
  backoff?: Backoff;
  clock?: Clock;
  /**
   * Items per list page (default 100). Smaller pages than kubectl's 500 leave less garbage per page
   * behind: steady RSS with 10,000 streams measured 121-126 MiB at 500, 119-122 at 100, 116-118 at 50.
   */
  pageSize?: number;
}

/** An informer-fed, read-only view of every ImageStream in the cluster. */
export interface ImageStreamCache {
  /** Starts list+watch in the background; failures are retried with backoff, never thrown. */
  start(): void;
  stop(): Promise<void>;
  get(namespace: string, name: string): ImageStream | undefined;
  /** D2: does any cached stream list `digest` in `status.tags[*].items[*].image`? */
  hasDigest(digest: string): boolean;
  /** True once the first full list has been stored; stays true while reconnecting. */
  isSynced(): boolean;
  state(): InformerState;
  size(): number;
}

/**
 * Creates the webhook's ImageStream cache (D8): the shared informer keeps each stream compacted
 * (projected to what the policy reads, then CompactStream), and mirrors it into the store that
 * answers lookups and holds the digest index. The last known streams stay while the API server is
 * away, so reviews keep being answered.
 */
export function createImageStreamCache(options: ImageStreamCacheOptions): ImageStreamCache {
  const { metrics } = options;
  const store = new ImageStreamStore();
  const counted = (): void => void metrics.imageStreams.set(store.size);
  const informer = new Informer<CompactStream>({
    client: options.client,
    collection: IMAGE_STREAM_COLLECTION,
    project: (object) => store.compact(projectImageStream(object as ImageStream)),
    versionOf: (stream) => stream.resourceVersion,
    handlers: {
      added: (stream) => {
        store.put(stream);
        counted();
      },
      updated: (_, stream) => void store.put(stream),
      deleted: (stream) => {
        store.delete(stream.namespace, stream.name);
        counted();
      },
    },
    logger: options.logger,
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    ...(options.backoff === undefined ? {} : { backoff: options.backoff }),
    pageSize: options.pageSize ?? 100,
    onListed: () => {
      collectGarbage();
      counted();
    },
    onStateChange: (state) => {
      setInformerState(metrics, state);
      counted();
    },
  });
  return {
    start: () => informer.start(),
    stop: () => informer.stop(),
    get: (namespace, name) => store.get(namespace, name),
    hasDigest: (digest) => store.hasDigest(digest),
    isSynced: () => informer.isSynced(),
    state: () => informer.state(),
    size: () => store.size,
  };
}

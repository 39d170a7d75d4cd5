import { CustomObjectsApi, ListWatch, type KubeConfig, type KubernetesListObject } from '@kubernetes/client-node';
import type { ImageStream } from '../core/types.js';
import { errorFields, type Logger } from '../log.js';
import { setInformerState, type InformerState, type WebhookMetrics } from '../metrics.js';
import { createListFunction, IMAGE_STREAMS_PATH, ProjectingWatch, type ImageStreamObject } from './image-stream-api.js';

export interface Backoff {
  initialMs: number;
  maxMs: number;
}

export interface ImageStreamCacheOptions {
  kubeConfig: KubeConfig;
  logger: Logger;
  metrics: WebhookMetrics;
  backoff?: Backoff;
  /** Items per list page; large clusters are listed in chunks like kubectl does. */
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

const DEFAULT_BACKOFF: Backoff = { initialMs: 500, maxMs: 30_000 };

/**
 * Which digests the cached streams list (D2), reference-counted so a digest listed by two streams
 * stays known until both forget it.
 */
class DigestIndex {
  private readonly byStream = new Map<string, string[]>();
  private readonly counts = new Map<string, number>();

  set(key: string, stream: ImageStream): void {
    this.delete(key);
    const listed = new Set<string>();
    for (const tag of stream.status?.tags ?? []) {
      for (const event of tag.items ?? []) if (event.image) listed.add(event.image);
    }
    for (const digest of listed) this.counts.set(digest, (this.counts.get(digest) ?? 0) + 1);
    this.byStream.set(key, [...listed]);
  }

  delete(key: string): void {
    for (const digest of this.byStream.get(key) ?? []) {
      const remaining = (this.counts.get(digest) ?? 1) - 1;
      if (remaining > 0) this.counts.set(digest, remaining);
      else this.counts.delete(digest);
    }
    this.byStream.delete(key);
  }

  has(digest: string): boolean {
    return this.counts.has(digest);
  }
}

function keyOf(stream: ImageStream): string {
  return `${stream.metadata.namespace ?? ''}/${stream.metadata.name}`;
}

class InformerCache implements ImageStreamCache {
  private synced = false;
  private stopped = false;
  private current: InformerState = 'Starting';
  private delayMs: number;
  private retry: NodeJS.Timeout | undefined;
  private readonly streams = new Map<string, ImageStream>();
  private readonly digests = new DigestIndex();
  private readonly informer: ListWatch<ImageStreamObject>;

  constructor(
    private readonly options: ImageStreamCacheOptions,
    private readonly backoff: Backoff,
  ) {
    this.delayMs = backoff.initialMs;
    const list = createListFunction(options.kubeConfig.makeApiClient(CustomObjectsApi), options.pageSize ?? 500);
    const listAndReport = async (): Promise<KubernetesListObject<ImageStreamObject>> => {
      const result = await list();
      setImmediate(() => this.listed(result.items.length));
      return result;
    };
    this.informer = new ListWatch(IMAGE_STREAMS_PATH, new ProjectingWatch(options.kubeConfig), listAndReport, false);
    this.informer.on('add', (stream) => this.store(stream));
    this.informer.on('update', (stream) => this.store(stream));
    this.informer.on('delete', (stream) => this.forget(stream));
    this.informer.on('connect', () => this.synced && this.setState('Synced'));
    this.informer.on('error', (err) => this.failed(err));
  }

  start(): void {
    this.stopped = false;
    this.setState('Starting');
    this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    this.setState('Stopped');
    await this.informer.stop();
  }

  get(namespace: string, name: string): ImageStream | undefined {
    return this.streams.get(`${namespace}/${name}`);
  }

  hasDigest(digest: string): boolean {
    return this.digests.has(digest);
  }

  isSynced(): boolean {
    return this.synced;
  }

  state(): InformerState {
    return this.current;
  }

  size(): number {
    return this.streams.size;
  }

  private run(): void {
    this.informer.start().catch((err: unknown) => this.failed(err));
  }

  /** Runs after client-node has stored a full list (it does so synchronously after the list resolves). */
  private listed(count: number): void {
    if (!this.synced) this.options.logger.info({ imageStreams: count }, 'ImageStream cache synced');
    this.synced = true;
    this.healthy();
  }

  private healthy(): void {
    this.delayMs = this.backoff.initialMs;
    if (this.synced && this.current !== 'Synced') this.setState('Synced');
  }

  private store(stream: ImageStreamObject): void {
    this.streams.set(keyOf(stream), stream);
    this.digests.set(keyOf(stream), stream);
    this.options.metrics.imageStreams.set(this.streams.size);
    this.healthy();
  }

  private forget(stream: ImageStreamObject): void {
    this.streams.delete(keyOf(stream));
    this.digests.delete(keyOf(stream));
    this.options.metrics.imageStreams.set(this.streams.size);
  }

  private failed(err: unknown): void {
    if (this.stopped) return;
    this.setState('Disconnected');
    const fields = { ...errorFields(err), retryInMs: this.delayMs, servingCached: this.streams.size };
    this.options.logger.warn(fields, 'ImageStream list/watch failed; retrying');
    clearTimeout(this.retry);
    this.retry = setTimeout(() => this.run(), this.delayMs);
    this.delayMs = Math.min(this.delayMs * 2, this.backoff.maxMs);
  }

  private setState(next: InformerState): void {
    this.current = next;
    setInformerState(this.options.metrics, next);
  }
}

/**
 * Creates the ImageStream cache (D8) over a client-node informer (ListWatch, as `makeInformer`
 * builds it, with a Watch that projects each stream to the fields the core reads). ListWatch stops
 * after a failed list or watch, so this restarts it with exponential backoff; the last known
 * streams stay in the cache meanwhile, so reviews keep being answered while the API server is away.
 */
export function createImageStreamCache(options: ImageStreamCacheOptions): ImageStreamCache {
  return new InformerCache(options, options.backoff ?? DEFAULT_BACKOFF);
}

/**
 * The controller's own list+watch of `image.openshift.io/v1` imagestreams. Unlike the webhook's
 * cache it keeps whole objects (status writes send the object back) and reports updates with the
 * previous version, so the controller can see which spec tags changed. A watch that ends is
 * resumed from the last resourceVersion; a 410 Gone or an error relists after a backoff, and the
 * relist is diffed against the store so deletions missed meanwhile are still reported.
 */
import { CustomObjectsApi, Watch, type KubeConfig } from '@kubernetes/client-node';
import type { ImageStream } from '../core/types.js';
import { IMAGE_STREAM_API, IMAGE_STREAMS_PATH } from '../kube/image-stream-api.js';
import { statusCodeOf } from '../kube/kube-config.js';
import { errorFields, type Logger } from '../log.js';
import { ProjectionPools, projectStream } from './stream-projection.js';

export interface StreamHandlers {
  added(stream: ImageStream): void;
  updated(before: ImageStream, after: ImageStream): void;
  deleted(stream: ImageStream): void;
}

export interface StreamInformerOptions {
  kubeConfig: KubeConfig;
  logger: Logger;
  handlers: StreamHandlers;
  pageSize?: number;
  backoff?: { initialMs: number; maxMs: number };
}

interface RawList {
  metadata?: { resourceVersion?: string; continue?: string };
  items?: ImageStream[];
}

export function streamKey(stream: ImageStream): string {
  return `${stream.metadata.namespace ?? ''}/${stream.metadata.name}`;
}

export class StreamInformer {
  private readonly store = new Map<string, ImageStream>();
  private readonly pool = new ProjectionPools();
  private readonly api: CustomObjectsApi;
  private readonly watch: Watch;
  private resourceVersion = '';
  private synced = false;
  private stopped = false;
  private abort: AbortController | undefined;
  private retry: NodeJS.Timeout | undefined;
  private delayMs: number;

  constructor(private readonly options: StreamInformerOptions) {
    this.api = options.kubeConfig.makeApiClient(CustomObjectsApi);
    this.watch = new Watch(options.kubeConfig);
    this.delayMs = options.backoff?.initialMs ?? 500;
  }

  start(): void {
    void this.relist();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    this.abort?.abort();
  }

  get(namespace: string, name: string): ImageStream | undefined {
    return this.store.get(`${namespace}/${name}`);
  }

  streams(): IterableIterator<ImageStream> {
    return this.store.values();
  }

  isSynced(): boolean {
    return this.synced;
  }

  size(): number {
    return this.store.size;
  }

  private async list(): Promise<ImageStream[]> {
    const items: ImageStream[] = [];
    let token: string | undefined;
    do {
      const page = (await this.api.listClusterCustomObject({
        ...IMAGE_STREAM_API,
        limit: this.options.pageSize ?? 250,
        ...(token === undefined ? {} : { _continue: token }),
      })) as RawList;
      for (const item of page.items ?? []) items.push(projectStream(item, this.pool));
      this.resourceVersion = page.metadata?.resourceVersion ?? this.resourceVersion;
      token = page.metadata?.continue || undefined;
    } while (token !== undefined);
    return items;
  }

  private async relist(): Promise<void> {
    if (this.stopped) return;
    try {
      const items = await this.list();
      const seen = new Set<string>();
      for (const stream of items) {
        seen.add(streamKey(stream));
        this.apply('MODIFIED', stream, true);
      }
      for (const [key, stream] of [...this.store]) if (!seen.has(key)) this.apply('DELETED', stream);
      if (!this.synced) this.options.logger.info({ imageStreams: items.length }, 'ImageStream informer synced');
      this.synced = true;
      await this.startWatch();
    } catch (err) {
      this.failed(err);
    }
  }

  private async startWatch(): Promise<void> {
    if (this.stopped) return;
    const query = { resourceVersion: this.resourceVersion, allowWatchBookmarks: true, timeoutSeconds: 300 };
    this.abort = await this.watch.watch(IMAGE_STREAMS_PATH, query, (phase, object) => this.event(phase, object), (err) => this.ended(err));
  }

  private event(phase: string, object: unknown): void {
    const item = object as ImageStream & { code?: number };
    if (phase === 'ERROR') {
      // The API server closes the watch after an ERROR; `ended` then relists (410) or resumes.
      if (item.code === 410) this.resourceVersion = '';
      return;
    }
    if (item.metadata?.resourceVersion) this.resourceVersion = item.metadata.resourceVersion;
    if (phase === 'BOOKMARK') return;
    this.delayMs = this.options.backoff?.initialMs ?? 500;
    this.apply(phase, item);
  }

  private ended(err: unknown): void {
    if (this.stopped) return;
    if (err === null || err === undefined || (err instanceof Error && err.name === 'AbortError')) {
      if (this.resourceVersion === '') void this.relist();
      else this.startWatch().catch((failure: unknown) => this.failed(failure));
      return;
    }
    this.failed(err);
  }

  private failed(err: unknown): void {
    if (this.stopped) return;
    const gone = statusCodeOf(err) === 410;
    this.options.logger.warn({ ...errorFields(err), retryInMs: gone ? 0 : this.delayMs }, 'ImageStream list/watch failed; relisting');
    clearTimeout(this.retry);
    this.retry = setTimeout(() => void this.relist(), gone ? 0 : this.delayMs);
    this.delayMs = Math.min(this.delayMs * 2, this.options.backoff?.maxMs ?? 30_000);
  }

  /** `projected`: the list already projected its items page by page, so a full list is never held. */
  private apply(phase: string, received: ImageStream, projected = false): void {
    const stream = projected ? received : projectStream(received, this.pool);
    const key = streamKey(stream);
    const before = this.store.get(key);
    if (phase === 'DELETED') {
      this.store.delete(key);
      if (before !== undefined) this.options.handlers.deleted(before);
      return;
    }
    if (before?.metadata.resourceVersion === stream.metadata.resourceVersion && before !== undefined) return;
    this.store.set(key, stream);
    if (before === undefined) this.options.handlers.added(stream);
    else this.options.handlers.updated(before, stream);
  }
}

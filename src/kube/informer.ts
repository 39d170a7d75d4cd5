import { SYSTEM_CLOCK, sleep, type Clock } from '../clock.js';
import { errorFields, type Logger } from '../log.js';
import { isGone } from './api-server-error.js';
import { listPages, watchFrom, type Collection, type KubeObject, type WatchEvent } from './list-watch.js';
import type { RestClient } from './rest-client.js';

/** Informer lifecycle, as the webhook exports it in `imagestream_webhook_informer_state`. */
export type InformerState = 'Starting' | 'Synced' | 'Disconnected' | 'Stopped';

export interface Backoff {
  initialMs: number;
  maxMs: number;
}

/** What a user of an informer hears; `updated` gets the object as stored before and after. */
export interface InformerHandlers<T> {
  added?(item: T): void;
  updated?(before: T, after: T): void;
  deleted?(item: T): void;
}

export interface InformerOptions<T> {
  client: RestClient;
  collection: Collection;
  /** What the informer keeps of each object: only the fields its user reads. */
  project(object: KubeObject): T;
  /** The kept object's resourceVersion: an object listed again at the same version is not projected again. */
  versionOf(item: T): string | undefined;
  handlers?: InformerHandlers<T>;
  logger: Logger;
  clock?: Clock;
  /** Items per list page (default 100): smaller pages than kubectl's 500 leave less garbage behind. */
  pageSize?: number;
  backoff?: Backoff;
  /** Runs after every complete list (a full GC returns the pages the list grew). */
  onListed?(): void;
  onStateChange?(state: InformerState): void;
}

export const DEFAULT_BACKOFF: Backoff = Object.freeze({ initialMs: 500, maxMs: 30_000 });

/** The store key of an object: `namespace/name`, or `/name` for a cluster-scoped one. */
export function objectKey(namespace: string | undefined, name: string): string {
  return `${namespace ?? ''}/${name}`;
}

const keyOf = (object: KubeObject): string => objectKey(object.metadata?.namespace, object.metadata?.name ?? '');

/**
 * A list+watch cache of one collection, for every process: list (paged), then watch from the
 * list's resourceVersion, again from the last version seen whenever a watch ends. A 410 Gone lists
 * again at once, and the new list is compared with the store, so objects deleted meanwhile are
 * reported as deleted. Any other failure waits and tries again with a doubling delay; the delay
 * returns to its minimum whenever the API server answers (a list, or a watch it accepts), so an
 * outage long ago never slows the recovery from the next one. Failures never empty the store.
 */
export class Informer<T> {
  private readonly store = new Map<string, T>();
  private readonly clock: Clock;
  private readonly backoff: Backoff;
  private delayMs: number;
  private synced = false;
  private stopped = true;
  private current: InformerState = 'Starting';
  private abort = new AbortController();
  private running: Promise<void> = Promise.resolve();

  constructor(private readonly options: InformerOptions<T>) {
    this.clock = options.clock ?? SYSTEM_CLOCK;
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.delayMs = this.backoff.initialMs;
  }

  /** Starts list+watch in the background; failures are logged and retried, never thrown. */
  start(): void {
    this.stopped = false;
    this.abort = new AbortController();
    this.setState('Starting');
    this.running = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.abort.abort();
    this.setState('Stopped');
    await this.running;
  }

  get(namespace: string | undefined, name: string): T | undefined {
    return this.store.get(objectKey(namespace, name));
  }

  items(): IterableIterator<T> {
    return this.store.values();
  }

  /** True once the first full list has been stored; stays true while reconnecting. */
  isSynced(): boolean {
    return this.synced;
  }

  state(): InformerState {
    return this.current;
  }

  size(): number {
    return this.store.size;
  }

  /** The wait before the next retry if the next request fails. */
  retryDelayMs(): number {
    return this.delayMs;
  }

  private async run(): Promise<void> {
    let version: string | undefined;
    while (!this.stopped) {
      try {
        version ??= await this.list();
        version = await this.watch(version);
      } catch (err) {
        if (this.stopped) return;
        if (isGone(err)) {
          this.options.logger.info({ resource: this.options.collection.resource }, 'watch too old (410 Gone); listing again');
          version = undefined;
          continue;
        }
        await this.failed(err, version === undefined ? 'list' : 'watch');
      }
    }
  }

  private async list(): Promise<string> {
    const seen = new Set<string>();
    const version = await listPages(this.options.client, this.options.collection, this.options.pageSize ?? 100, (object) => seen.add(this.upsert(object)), this.abort.signal);
    for (const [key, item] of [...this.store]) {
      if (seen.has(key)) continue;
      this.store.delete(key);
      this.notify('deleted', () => this.options.handlers?.deleted?.(item));
    }
    this.options.onListed?.();
    if (!this.synced) this.options.logger.info({ resource: this.options.collection.resource, count: this.store.size }, 'informer synced');
    this.synced = true;
    this.answered();
    return version;
  }

  /** Watches from `from`; resolves with the last version seen when the API server ends the watch. */
  private async watch(from: string): Promise<string> {
    let version = from;
    let events = 0;
    const onEvent = (event: WatchEvent): void => {
      events += 1;
      version = event.object.metadata?.resourceVersion ?? version;
      if (event.type === 'ADDED' || event.type === 'MODIFIED') this.upsert(event.object);
      else if (event.type === 'DELETED') this.remove(event.object);
    };
    await watchFrom(this.options.client, this.options.collection, from, { onEvent, onOpen: () => this.answered() }, this.abort.signal);
    // A watch ended at once without a single event (not even a bookmark) is a failure in disguise: wait before the next.
    if (events === 0 && !this.stopped) await this.failed(new Error('the watch ended without any event'), 'watch');
    return version;
  }

  /** Stores an object unless the same version is stored already; returns its key. */
  private upsert(object: KubeObject): string {
    const key = keyOf(object);
    const before = this.store.get(key);
    const version = object.metadata?.resourceVersion;
    if (before !== undefined && version !== undefined && this.options.versionOf(before) === version) return key;
    const after = this.options.project(object);
    this.store.set(key, after);
    if (before === undefined) this.notify('added', () => this.options.handlers?.added?.(after));
    else this.notify('updated', () => this.options.handlers?.updated?.(before, after));
    return key;
  }

  private remove(object: KubeObject): void {
    const key = keyOf(object);
    const before = this.store.get(key);
    if (before === undefined) return;
    this.store.delete(key);
    this.notify('deleted', () => this.options.handlers?.deleted?.(before));
  }

  /** A handler that throws is a bug of its user; it must not stop the cache for everyone. */
  private notify(what: string, call: () => void): void {
    try {
      call();
    } catch (err) {
      this.options.logger.error({ ...errorFields(err), resource: this.options.collection.resource, handler: what }, 'informer handler failed');
    }
  }

  /** The API server answered: the next failure starts over at the shortest delay. */
  private answered(): void {
    this.delayMs = this.backoff.initialMs;
    if (this.synced) this.setState('Synced');
  }

  private async failed(err: unknown, during: 'list' | 'watch'): Promise<void> {
    this.setState('Disconnected');
    const fields = { ...errorFields(err), resource: this.options.collection.resource, retryInMs: this.delayMs, cached: this.store.size };
    this.options.logger.warn(fields, `${during} failed; retrying`);
    await sleep(this.clock, this.delayMs, this.abort.signal);
    this.delayMs = Math.min(this.delayMs * 2, this.backoff.maxMs);
  }

  private setState(next: InformerState): void {
    if (next === this.current && next !== 'Starting') return;
    this.current = next;
    this.options.onStateChange?.(next);
  }
}

/**
 * The import controller's runtime: informer events feed the scheduler and (while leading) the
 * work queue; workers reconcile one stream at a time; a one-second tick hands due scheduled tags
 * to the queue within the configured rate. Leadership starts and stops the workers.
 */
import type { CancelTimer, Clock } from '../clock.js';
import { changedTags, reimportRequestedTags } from '../import/generations.js';
import { isScheduled } from '../import/plan.js';
import type { ImageStream } from '../core/types.js';
import { validateSpecTags } from '../import/validate.js';
import { objectKey, type InformerHandlers } from '../kube/informer.js';
import { errorFields, type Logger } from '../log.js';
import type { ImportDeps } from './import-stream.js';
import type { StreamApi } from './kube-io.js';
import type { ControllerMetrics } from './metrics.js';
import { reconcile } from './reconcile.js';
import { ImportScheduler } from './scheduler.js';
import { WorkQueue } from './work-queue.js';

export interface ControllerOptions {
  streams: { get(namespace: string, name: string): ImageStream | undefined; streams(): Iterable<ImageStream> };
  api: StreamApi;
  imports: ImportDeps;
  workers: number;
  scheduledIntervalMs: number;
  scheduledPerMinute: number;
  logger: Logger;
  metrics: ControllerMetrics;
  /** Wall time for status timestamps; monotonic time and timers for schedules and retries. */
  clock: Clock;
  /** First retry delay of a failed import; doubles per failure up to 5 minutes. */
  retryBaseMs?: number;
}

const MAX_RETRY_MS = 5 * 60_000;
/** How often due scheduled tags are handed to the queue. */
const TICK_MS = 1000;

/** The work queue's key of a stream: `namespace/name`, as the informer keys it. */
export function streamKey(stream: ImageStream): string {
  return objectKey(stream.metadata.namespace, stream.metadata.name);
}

export class ImportController {
  readonly scheduler: ImportScheduler;
  private queue: WorkQueue | undefined;
  private workers: Promise<void>[] = [];
  private cancelTick: CancelTimer | undefined;
  private readonly failures = new Map<string, number>();

  constructor(private readonly options: ControllerOptions) {
    this.scheduler = new ImportScheduler({ intervalMs: options.scheduledIntervalMs, maxPerMinute: options.scheduledPerMinute });
  }

  /** The informer's handlers: the scheduler always follows; the queue only while leading. */
  readonly handlers: Required<InformerHandlers<ImageStream>> = {
    added: (stream) => {
      this.syncSchedule(stream);
      this.queue?.add(streamKey(stream));
    },
    updated: (before, after) => {
      this.syncSchedule(after);
      this.queue?.add(streamKey(after), { forced: new Set(changedTags(before, after)), requested: new Set(reimportRequestedTags(before, after)) });
    },
    deleted: (stream) => {
      this.scheduler.forget(streamKey(stream));
      this.failures.delete(streamKey(stream));
    },
  };

  queueDepth(): number {
    return this.queue?.depth() ?? 0;
  }

  /** Scheduled checks due but held back by the rate limit. */
  scheduledBacklog(): number {
    return this.scheduler.backlog(this.options.clock.monotonic());
  }

  /** Leading: queue every known stream once (their bookkeeping says what is needed) and start work. */
  startLeading(): void {
    if (this.queue !== undefined) return;
    const queue = new WorkQueue(this.options.clock);
    this.queue = queue;
    for (const stream of this.options.streams.streams()) queue.add(streamKey(stream));
    this.workers = Array.from({ length: this.options.workers }, () => this.work(queue));
    const tick = (): void => {
      this.scheduleDue(queue);
      this.cancelTick = this.options.clock.setTimer(tick, TICK_MS);
    };
    this.cancelTick = this.options.clock.setTimer(tick, TICK_MS);
  }

  /** Stops taking work; imports already running finish (their writes carry a resourceVersion). */
  async stopLeading(): Promise<void> {
    this.cancelTick?.();
    this.cancelTick = undefined;
    this.queue?.shutdown();
    this.queue = undefined;
    const workers = this.workers;
    this.workers = [];
    await Promise.all(workers);
  }

  private syncSchedule(stream: ImageStream): void {
    const invalid = validateSpecTags(stream);
    const tags = (stream.spec?.tags ?? []).filter((tag) => isScheduled(tag) && !invalid.has(tag.name)).map((tag) => tag.name);
    this.scheduler.sync(streamKey(stream), tags, this.options.clock.monotonic());
  }

  private scheduleDue(queue: WorkQueue): void {
    for (const [key, tags] of this.scheduler.take(this.options.clock.monotonic())) queue.add(key, { due: tags });
  }

  private async work(queue: WorkQueue): Promise<void> {
    for (let item = await queue.take(); item !== undefined; item = await queue.take()) {
      const { key, demand } = item;
      try {
        const outcome = await reconcile(key, demand, {
          cached: (namespace, name) => this.options.streams.get(namespace, name),
          api: this.options.api,
          imports: this.options.imports,
          now: () => new Date(this.options.clock.now()),
          logger: this.options.logger,
          metrics: this.options.metrics,
        });
        if (outcome.retry.length === 0) this.failures.delete(key);
        else this.retryLater(queue, key, outcome.retry);
      } catch (err) {
        this.options.logger.warn({ ...errorFields(err), key }, 'reconciling the ImageStream failed; retrying');
        this.retryLater(queue, key, [...demand.forced]);
      } finally {
        queue.done(key);
      }
    }
  }

  private retryLater(queue: WorkQueue, key: string, tags: string[]): void {
    const failures = (this.failures.get(key) ?? 0) + 1;
    this.failures.set(key, failures);
    const delay = Math.min((this.options.retryBaseMs ?? 5000) * 2 ** (failures - 1), MAX_RETRY_MS);
    queue.addAfter(key, { forced: new Set(tags) }, delay);
  }
}

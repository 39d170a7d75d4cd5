/**
 * The import controller's runtime: informer events feed the scheduler and (while leading) the
 * work queue; workers reconcile one stream at a time; a one-second tick hands due scheduled tags
 * to the queue within the configured rate. Leadership starts and stops the workers.
 */
import type { CancelTimer, Clock } from '../clock.js';
import { changedTags, reimportRequestedTags } from '../import/generations.js';
import { isScheduled, REPOSITORY_KEY } from '../import/plan.js';
import { importMetadataChanged, retryRuleOf, tagsToRetry, type RetryWake } from '../import/retry.js';
import type { ImageStream } from '../core/types.js';
import { validateSpecTags } from '../import/validate.js';
import { objectKey, type InformerHandlers } from '../kube/informer.js';
import { errorFields, type Logger } from '../log.js';
import type { ImportDeps } from './import-stream.js';
import type { StreamApi } from './kube-io.js';
import type { ControllerMetrics } from './metrics.js';
import { reconcile, type ReconcileOutcome } from './reconcile.js';
import { Retries } from './retries.js';
import type { StreamEventSender } from './stream-events.js';
import { WakeLog } from './wake-log.js';
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
  /** First retry delay of a failed import (default 10 s); doubles per failure up to 15 minutes. */
  retryBaseMs?: number;
  /** Records `ImportFailed`/`Imported` Events on streams (none when undefined). */
  recordEvents?: StreamEventSender;
}
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
  private readonly retries: Retries;
  private readonly wakes = new WakeLog();

  constructor(private readonly options: ControllerOptions) {
    this.scheduler = new ImportScheduler({ intervalMs: options.scheduledIntervalMs, maxPerMinute: options.scheduledPerMinute });
    this.retries = new Retries(options.clock, options.retryBaseMs, (key, demand) => this.queue?.add(key, demand));
  }

  /** The informer's handlers: the scheduler always follows; the queue only while leading. */
  readonly handlers: Required<InformerHandlers<ImageStream>> = {
    added: (stream) => {
      this.syncSchedule(stream);
      this.queue?.add(streamKey(stream));
    },
    updated: (before, after) => {
      this.syncSchedule(after);
      const retry = importMetadataChanged(before, after) ? tagsToRetry(after, 'ImportMetadata') : new Set<string>();
      if (retry.size > 0) this.retries.clear(streamKey(after));
      this.queue?.add(streamKey(after), { forced: new Set(changedTags(before, after)), requested: new Set(reimportRequestedTags(before, after)), retry });
    },
    deleted: (stream) => {
      this.scheduler.forget(streamKey(stream));
      this.retries.clear(streamKey(stream));
    },
  };

  /**
   * A change elsewhere that may heal failed imports (a pull Secret in `namespace`, an RBAC binding
   * anywhere): the streams with tags that `cause` may heal are retried now, their backoff reset.
   */
  wake(cause: RetryWake, namespace: string | undefined): void {
    const queue = this.queue;
    if (queue === undefined) return;
    this.wakes.record(cause, namespace);
    let woken = 0;
    for (const [key, stream] of [...this.retries.failing()]) {
      if (namespace !== undefined && stream.metadata.namespace !== namespace) continue;
      const retry = tagsToRetry(stream, cause);
      if (retry.size === 0) continue;
      this.retries.clear(key);
      queue.add(key, { retry });
      woken += 1;
    }
    if (woken > 0) this.options.logger.info({ cause, namespace, streams: woken }, 'retrying failed imports after a change that may heal them');
  }

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
    this.retries.clearAll();
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
      const wakesBefore = this.wakes.mark();
      try {
        const outcome = await reconcile(key, demand, {
          cached: (namespace, name) => this.options.streams.get(namespace, name),
          api: this.options.api,
          imports: this.options.imports,
          now: () => new Date(this.options.clock.now()),
          logger: this.options.logger,
          metrics: this.options.metrics,
          ...(this.options.recordEvents === undefined ? {} : { recordEvents: this.options.recordEvents }),
        });
        this.retryFailed(queue, key, outcome, wakesBefore);
      } catch (err) {
        const retryInMs = this.retries.schedule(key, demand);
        this.options.logger.warn({ ...errorFields(err), key, retryInMs }, 'reconciling the ImageStream failed; retrying');
      } finally {
        queue.done(key);
      }
    }
  }

  /**
   * After a round: failed tags that may heal by themselves are retried after the backoff
   * (retry.ts), and so is a failed listing of `spec.dockerImageRepository`, by the same rule.
   */
  private retryFailed(queue: WorkQueue, key: string, { stream, repositoryFailure: listing }: ReconcileOutcome, wakesBefore: number): void {
    const now = stream === undefined ? new Set<string>() : this.wokenDuring(stream, wakesBefore);
    if (now.size > 0) {
      this.retries.clear(key);
      queue.add(key, { retry: now });
      return;
    }
    const retry = stream === undefined ? new Set<string>() : tagsToRetry(stream, 'Backoff');
    if (stream !== undefined && listing !== undefined && retryRuleOf(listing.reason, listing.message).backoff) retry.add(REPOSITORY_KEY);
    if (retry.size === 0) {
      this.retries.clear(key);
      return;
    }
    const retryInMs = this.retries.schedule(key, { retry }, stream);
    if (retryInMs !== undefined) this.options.logger.info({ key, tags: [...retry], attempt: this.retries.attempts(key), retryInMs }, 'import failed; retrying later');
  }

  /**
   * Tags of `stream` that a change seen while its round ran may heal: that wake found no failure
   * to retry yet (the failure was being written), so the round's end retries them at once.
   */
  private wokenDuring(stream: ImageStream, wakesBefore: number): Set<string> {
    const tags = new Set<string>();
    for (const cause of ['PullSecret', 'Binding'] as const) {
      if (this.wakes.wokenSince(wakesBefore, cause, stream.metadata.namespace ?? '')) for (const tag of tagsToRetry(stream, cause)) tags.add(tag);
    }
    return tags;
  }
}

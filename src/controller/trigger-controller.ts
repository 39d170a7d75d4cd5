/**
 * The trigger controller (D19): when a stream tag gets a new current image, every workload whose
 * `image.openshift.io/triggers` follows it gets the container image set, and a workload that gains
 * a trigger is brought to its tag at once. The decisions are `src/triggers/`'s; this class keeps
 * the tag → workload index in step with the caches, queues the workloads to visit, and while
 * leading writes JSON patches whose `test` operations make a concurrent edit fail the write: the
 * workload is then read again and planned again, never overwritten.
 */
import type { Clock } from '../clock.js';
import type { ImageStream } from '../core/types.js';
import { ApiServerError } from '../kube/api-server-error.js';
import type { InformerHandlers } from '../kube/informer.js';
import { errorFields, type Logger } from '../log.js';
import { planTriggerUpdate, type TriggerPlan } from '../triggers/plan.js';
import { movedTags } from '../triggers/stream-tags.js';
import { crossNamespaceSources, TriggerIndex, viewTagKeys } from '../triggers/trigger-index.js';
import type { WorkloadKind } from '../triggers/types.js';
import { workloadKey, type WorkloadTriggerView } from '../triggers/workloads.js';
import type { NamespaceAccess } from './namespace-access.js';
import { parseWorkloadKey, streamTagsOf, type WorkloadApi, type WorkloadEntry } from './trigger-io.js';
import { TriggerReporter, type TriggerResult } from './trigger-report.js';
import { WorkQueue } from './work-queue.js';

export interface TriggerControllerOptions {
  /** The workload caches. */
  workload(kind: WorkloadKind, namespace: string, name: string): WorkloadEntry | undefined;
  workloads(): Iterable<WorkloadEntry>;
  stream(namespace: string, name: string): ImageStream | undefined;
  /** True once the stream cache and every workload cache listed once: planning earlier would report missing streams. */
  synced(): boolean;
  api: WorkloadApi;
  mayUseNamespace: NamespaceAccess;
  onResult(kind: WorkloadKind, result: TriggerResult): void;
  logger: Logger;
  clock: Clock;
  workers?: number;
  /** First retry delay after a failed write (default 1 s), doubling up to `retryMaxMs` (default 5 min). */
  retryBaseMs?: number;
  retryMaxMs?: number;
}

/** Writes after a failed `test` that re-read at once, before the next one waits for the backoff. */
const IMMEDIATE_REREADS = 2;

/** A failed `test` operation: 422 from the API server (409 if a conflict is reported instead). */
function isTestFailure(err: unknown): boolean {
  return err instanceof ApiServerError && (err.code === 422 || err.code === 409);
}

const sameView = (a: WorkloadTriggerView | undefined, b: WorkloadTriggerView | undefined): boolean =>
  a?.annotation === b?.annotation && JSON.stringify(a?.containers) === JSON.stringify(b?.containers);

export class TriggerController {
  readonly index = new TriggerIndex();
  private queue: WorkQueue | undefined;
  private workers: Promise<void>[] = [];
  private readonly failures = new Map<string, number>();
  private readonly readyWaiters: (() => void)[] = [];

  private readonly reporter: TriggerReporter;

  constructor(private readonly options: TriggerControllerOptions) {
    this.reporter = new TriggerReporter(options);
  }

  /** The stream cache's handlers: a moved tag queues exactly the workloads that follow it. */
  readonly streamHandlers: InformerHandlers<ImageStream> = {
    added: (stream) => this.tagsMoved(stream, movedTags(undefined, stream)),
    updated: (before, after) => this.tagsMoved(after, movedTags(before, after)),
  };

  /** Handlers for one workload cache: the index always follows; the queue only while leading. */
  workloadHandlers(): InformerHandlers<WorkloadEntry> {
    return {
      added: (entry) => this.workloadChanged(undefined, entry.view),
      updated: (before, after) => this.workloadChanged(before.view, after.view),
      deleted: (entry) => {
        if (entry.view === undefined) return;
        const key = workloadKey(entry.view);
        this.index.delete(key);
        this.failures.delete(key);
        this.reporter.forget(key);
      },
    };
  }

  /**
   * A cache finished a list: workers waiting for every cache may start. Checked a moment later,
   * since an informer counts itself synced only after its list callback returns.
   */
  listed(): void {
    queueMicrotask(() => {
      if (!this.options.synced()) return;
      for (const resolve of this.readyWaiters.splice(0)) resolve();
    });
  }

  queueDepth(): number {
    return this.queue?.depth() ?? 0;
  }

  /** Starts the workers and visits every workload with triggers once (upstream's resync on start). */
  startLeading(): void {
    if (this.queue !== undefined) return;
    const queue = new WorkQueue(this.options.clock);
    this.queue = queue;
    this.workers = Array.from({ length: this.options.workers ?? 2 }, () => this.work(queue));
    for (const entry of this.options.workloads()) {
      if (entry.view !== undefined) queue.add(workloadKey(entry.view));
    }
  }

  /** Stops taking work and waits for the writes in flight. */
  async stopLeading(): Promise<void> {
    const queue = this.queue;
    this.queue = undefined;
    queue?.shutdown();
    for (const resolve of this.readyWaiters.splice(0)) resolve();
    await Promise.all(this.workers.splice(0));
  }

  private tagsMoved(stream: ImageStream, tags: readonly string[]): void {
    const queue = this.queue;
    if (queue === undefined) return;
    const prefix = `${stream.metadata.namespace ?? ''}/${stream.metadata.name}:`;
    for (const tag of tags) {
      for (const workload of this.index.workloadsFor(`${prefix}${tag}`)) queue.add(workload);
    }
  }

  private workloadChanged(before: WorkloadTriggerView | undefined, after: WorkloadTriggerView | undefined): void {
    if (after === undefined) {
      if (before !== undefined) this.index.delete(workloadKey(before));
      return;
    }
    const key = workloadKey(after);
    if (before === undefined || before.annotation !== after.annotation) this.index.set(key, viewTagKeys(after));
    // A new trigger, or an image someone else changed: bring it to the tag now.
    if (!sameView(before, after)) this.queue?.add(key);
  }

  private async work(queue: WorkQueue): Promise<void> {
    if (!this.options.synced()) await new Promise<void>((resolve) => this.readyWaiters.push(resolve));
    for (let item = await queue.take(); item !== undefined; item = await queue.take()) {
      try {
        await this.visit(item.key, queue);
      } catch (err) {
        this.retryLater(item.key, queue, err);
      } finally {
        queue.done(item.key);
      }
    }
  }

  /** Plans the workload from the cache and writes; after a failed `test`, reads it again and re-plans. */
  private async visit(key: string, queue: WorkQueue): Promise<void> {
    const { kind, namespace, name } = parseWorkloadKey(key);
    let entry = this.options.workload(kind, namespace, name);
    for (let reread = 0; entry?.view !== undefined; reread += 1) {
      const view = entry.view;
      const plan = await this.plan(view);
      if (reread === 0 && !this.failures.has(key)) this.reporter.problems(kind, view, entry.uid, plan);
      if (plan.patch.length === 0) {
        this.failures.delete(key);
        return;
      }
      try {
        await this.options.api.patch(kind, namespace, name, plan.patch);
      } catch (err) {
        if (!isTestFailure(err)) throw err;
        this.options.onResult(kind, 'Conflict');
        this.options.logger.info({ kind, namespace, name, attempt: reread + 1 }, 'trigger write lost to a concurrent change; reading the workload again');
        if (reread + 1 >= IMMEDIATE_REREADS) return this.retryLater(key, queue, err);
        entry = await this.options.api.get(kind, namespace, name);
        continue;
      }
      this.failures.delete(key);
      this.reporter.updated(kind, view, entry.uid, plan);
      return;
    }
  }

  /** The plan, after asking whether each other namespace the triggers name may be read (asked anew each visit). */
  private async plan(view: WorkloadTriggerView): Promise<TriggerPlan> {
    const allowed = new Set<string>();
    for (const source of crossNamespaceSources(view)) {
      if (await this.options.mayUseNamespace(view.namespace, source)) allowed.add(source);
    }
    return planTriggerUpdate(view, streamTagsOf(this.options.stream), (namespace) => allowed.has(namespace));
  }

  /** Queues the workload again after a doubling delay; the next tag move or workload change visits it sooner. */
  private retryLater(key: string, queue: WorkQueue, err: unknown): void {
    const failures = (this.failures.get(key) ?? 0) + 1;
    this.failures.set(key, failures);
    const delayMs = Math.min((this.options.retryBaseMs ?? 1000) * 2 ** (failures - 1), this.options.retryMaxMs ?? 300_000);
    if (!isTestFailure(err)) this.options.onResult(parseWorkloadKey(key).kind, 'Failed');
    this.options.logger.warn({ workload: key, retryInMs: delayMs, ...errorFields(err) }, 'trigger update failed; retrying');
    queue.addAfter(key, {}, delayMs);
  }
}

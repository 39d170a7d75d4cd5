/**
 * The controller's work queue, keyed by `namespace/name` with client-go's workqueue guarantees:
 * a key is queued at most once (adding it again merges its demand), it is never processed by two
 * workers at once, and a key added while it is being processed is processed again afterwards.
 */
import { SYSTEM_CLOCK, type CancelTimer, type Clock } from '../clock.js';
import type { ImportDemand } from '../import/plan.js';

export interface MutableDemand {
  due: Set<string>;
  forced: Set<string>;
  requested: Set<string>;
  retry: Set<string>;
}

/** Adds `demand`'s tags to `into` (a new demand when undefined) and returns it. */
export function mergeDemand(into: MutableDemand | undefined, demand: Partial<ImportDemand> | undefined): MutableDemand {
  const target = into ?? { due: new Set<string>(), forced: new Set<string>(), requested: new Set<string>(), retry: new Set<string>() };
  for (const tag of demand?.due ?? []) target.due.add(tag);
  for (const tag of demand?.forced ?? []) target.forced.add(tag);
  for (const tag of demand?.requested ?? []) target.requested.add(tag);
  for (const tag of demand?.retry ?? []) target.retry.add(tag);
  return target;
}

export interface WorkItem {
  key: string;
  demand: ImportDemand;
}

export class WorkQueue {
  private readonly queued = new Map<string, MutableDemand>();
  private readonly active = new Set<string>();
  private readonly again = new Map<string, MutableDemand>();
  private readonly waiting: ((item: WorkItem | undefined) => void)[] = [];
  private readonly timers = new Set<CancelTimer>();
  private closed = false;

  constructor(private readonly clock: Clock = SYSTEM_CLOCK) {}

  /** Queues `key` (or merges `demand` into its queued entry). Ignored after shutdown. */
  add(key: string, demand?: Partial<ImportDemand>): void {
    if (this.closed) return;
    if (this.active.has(key)) {
      this.again.set(key, mergeDemand(this.again.get(key), demand));
      return;
    }
    this.queued.set(key, mergeDemand(this.queued.get(key), demand));
    this.wake();
  }

  /** Queues `key` after `delayMs` (retry backoff). */
  addAfter(key: string, demand: Partial<ImportDemand>, delayMs: number): void {
    const cancel = this.clock.setTimer(() => {
      this.timers.delete(cancel);
      this.add(key, demand);
    }, delayMs);
    this.timers.add(cancel);
  }

  /** The next key to process, waiting for one; undefined once the queue is shut down. */
  take(): Promise<WorkItem | undefined> {
    const next = this.pop();
    if (next !== undefined || this.closed) return Promise.resolve(next);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Marks `key` processed; a re-add that arrived meanwhile is queued now. */
  done(key: string): void {
    this.active.delete(key);
    const again = this.again.get(key);
    if (again === undefined) return;
    this.again.delete(key);
    this.add(key, again);
  }

  /** Keys waiting to be processed (the queue depth metric). */
  depth(): number {
    return this.queued.size;
  }

  shutdown(): void {
    this.closed = true;
    for (const cancel of this.timers) cancel();
    this.timers.clear();
    for (const resolve of this.waiting.splice(0)) resolve(undefined);
  }

  private pop(): WorkItem | undefined {
    for (const [key, demand] of this.queued) {
      this.queued.delete(key);
      this.active.add(key);
      return { key, demand };
    }
    return undefined;
  }

  private wake(): void {
    while (this.waiting.length > 0 && this.queued.size > 0) {
      const resolve = this.waiting.shift();
      resolve?.(this.pop());
    }
  }
}

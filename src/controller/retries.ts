/**
 * The controller's pending retries, one per stream: the attempt count drives the backoff of
 * src/import/retry.ts, and at most one timer waits per stream, so the echo of the controller's own
 * status write (which reconciles the stream again and finds it still failing) neither adds a
 * second timer nor counts as another failure.
 */
import type { CancelTimer, Clock } from '../clock.js';
import type { ImageStream } from '../core/types.js';
import type { ImportDemand } from '../import/plan.js';
import { retryDelayMs } from '../import/retry.js';
import { mergeDemand, type MutableDemand } from './work-queue.js';

interface Pending {
  attempts: number;
  cancel: CancelTimer | undefined;
  demand: MutableDemand | undefined;
  /** The stream as its last round left it (its failed conditions), for retries on a change elsewhere. */
  stream: ImageStream | undefined;
}


export class Retries {
  private readonly pending = new Map<string, Pending>();

  constructor(
    private readonly clock: Clock,
    private readonly baseMs: number | undefined,
    /** Hands a due retry to the work queue. */
    private readonly enqueue: (key: string, demand: ImportDemand) => void,
  ) {}

  /**
   * Retries `demand` of `key` after the backoff of its next attempt, unless a retry is already
   * waiting (then `demand` joins it). Returns the delay of a newly set timer.
   */
  schedule(key: string, demand: Partial<ImportDemand>, stream?: ImageStream): number | undefined {
    const entry: Pending = this.pending.get(key) ?? { attempts: 0, cancel: undefined, demand: undefined, stream: undefined };
    this.pending.set(key, entry);
    entry.demand = mergeDemand(entry.demand, demand);
    entry.stream = stream ?? entry.stream;
    if (entry.cancel !== undefined) return undefined;
    entry.attempts += 1;
    const delay = retryDelayMs(entry.attempts, this.baseMs);
    entry.cancel = this.clock.setTimer(() => {
      entry.cancel = undefined;
      const due = mergeDemand(entry.demand, undefined);
      entry.demand = undefined;
      this.enqueue(key, due);
    }, delay);
    return delay;
  }

  /** The stream no longer fails (or is gone): its backoff starts over. */
  clear(key: string): void {
    this.pending.get(key)?.cancel?.();
    this.pending.delete(key);
  }

  /** Attempts counted for `key` (0 when none is pending). */
  attempts(key: string): number {
    return this.pending.get(key)?.attempts ?? 0;
  }

  /**
   * The failing streams by key, as their last round wrote them: what a change elsewhere may heal.
   * Read from here rather than the informer, whose copy may not show the failure written a moment ago.
   */
  *failing(): IterableIterator<[string, ImageStream]> {
    for (const [key, entry] of this.pending) if (entry.stream !== undefined) yield [key, entry.stream];
  }

  clearAll(): void {
    for (const key of [...this.pending.keys()]) this.clear(key);
  }
}

/**
 * A budget of bytes in flight: request bodies being read or reviewed and the answers being
 * written. It bounds the memory a burst of large reviews can take, so the process answers
 * "too many requests" instead of being OOM-killed with every other review it was serving.
 */

/** Gives back what a grant holds; calling it twice is harmless. */
export interface Grant {
  /**
   * Makes this grant hold exactly `bytes` without waiting: an admitted request's estimate is
   * corrected once its body and answer are known (growing may overshoot the budget briefly;
   * later requests then wait for it).
   */
  resize(bytes: number): void;
  release(): void;
}

export interface ByteBudget {
  /**
   * Reserves `bytes`, waiting up to the budget's wait time in FIFO order; undefined when the
   * budget stayed full that long. A reservation larger than the whole budget is granted when
   * nothing else is in flight, so no single legal request is refused forever.
   */
  acquire(bytes: number): Promise<Grant | undefined>;
  /** Bytes held right now (for metrics and tests). */
  inUse(): number;
}

export interface ByteBudgetOptions {
  maxBytes: number;
  maxWaitMs: number;
}

interface Waiter {
  bytes: number;
  admit: (grant: Grant | undefined) => void;
  timer: NodeJS.Timeout;
}

/** Creates a FIFO byte budget; see ByteBudget. */
export function createByteBudget(options: ByteBudgetOptions): ByteBudget {
  let used = 0;
  const waiting: Waiter[] = [];
  const fits = (bytes: number): boolean => used === 0 || used + bytes <= options.maxBytes;
  const grant = (bytes: number): Grant => {
    let held = bytes;
    used += held;
    const resize = (target: number): void => {
      const next = Math.max(target, 0);
      used += next - held;
      held = next;
      admitWaiting();
    };
    return { resize, release: () => resize(0) };
  };
  const admitWaiting = (): void => {
    while (waiting.length > 0 && fits(waiting[0]?.bytes ?? 0)) {
      const next = waiting.shift();
      if (next === undefined) return;
      clearTimeout(next.timer);
      next.admit(grant(next.bytes));
    }
  };
  return {
    inUse: () => used,
    acquire: (bytes) => {
      if (waiting.length === 0 && fits(bytes)) return Promise.resolve(grant(bytes));
      return new Promise((resolve) => {
        const waiter: Waiter = {
          bytes,
          admit: resolve,
          timer: setTimeout(() => {
            waiting.splice(waiting.indexOf(waiter), 1);
            resolve(undefined);
            admitWaiting();
          }, options.maxWaitMs),
        };
        waiting.push(waiter);
      });
    },
  };
}

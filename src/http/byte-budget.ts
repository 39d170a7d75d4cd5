/**
 * A budget of bytes in flight: request bodies being read or reviewed and the answers being
 * written. It bounds the memory a burst of large reviews can take, so the process answers
 * "too many requests" instead of being OOM-killed with every other review it was serving.
 */

/** Gives back what a grant holds; calling it twice is harmless. */
export interface Grant {
  /** Adds `bytes` to this grant without waiting (the answer of an admitted request). */
  grow(bytes: number): void;
  /** Gives `bytes` back early (a body shorter than reserved). */
  shrink(bytes: number): void;
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
    const give = (amount: number): void => {
      const back = Math.min(Math.max(amount, 0), held);
      held -= back;
      used -= back;
      admitWaiting();
    };
    return {
      grow: (more) => {
        held += Math.max(more, 0);
        used += Math.max(more, 0);
      },
      shrink: give,
      release: () => give(held),
    };
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

import { performance } from 'node:perf_hooks';

/** Cancels a timer set by `Clock.setTimer`; calling it after the timer ran does nothing. */
export type CancelTimer = () => void;

/**
 * Time as a long-running process reads it, passed in so tests move it by hand (no real waiting,
 * no timed assertions). Two readings on purpose: `now` is the wall clock, for timestamps written to
 * the API server; `monotonic` only moves forward, for deadlines and backoff, so an NTP step or a
 * suspended laptop's clock jump can neither stall work for an hour nor cut a deadline short.
 */
export interface Clock {
  /** Wall-clock milliseconds since the epoch. */
  now(): number;
  /** Milliseconds on a clock that never jumps (process uptime in production). */
  monotonic(): number;
  /** Calls `callback` once after `ms` of monotonic time. The timer never keeps the process alive. */
  setTimer(callback: () => void, ms: number): CancelTimer;
}

/** The process's own clocks and timers. */
export const SYSTEM_CLOCK: Clock = Object.freeze({
  now: () => Date.now(),
  monotonic: () => performance.now(),
  setTimer: (callback: () => void, ms: number): CancelTimer => {
    const timer = setTimeout(callback, ms);
    timer.unref();
    return () => clearTimeout(timer);
  },
});

/** Resolves after `ms` on `clock`, or at once when `signal` aborts (resolving, not rejecting: the caller checks why it woke). */
export function sleep(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted === true) {
      resolve();
      return;
    }
    const onAbort = (): void => {
      cancel();
      resolve();
    };
    const cancel = clock.setTimer(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

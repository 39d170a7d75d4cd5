import type { CancelTimer, Clock } from '../../src/clock.js';

interface PendingTimer {
  due: number;
  ms: number;
  callback: () => void;
}

/**
 * A Clock that moves only when a test moves it. `advance` moves both readings and runs the timers
 * that fall due, in order; `jumpWall` moves only the wall clock, as an NTP step or a resumed laptop
 * does, and runs nothing.
 */
export class ManualClock implements Clock {
  private wallMs: number;
  private monotonicMs = 0;
  private readonly timers = new Set<PendingTimer>();

  constructor(start = Date.parse('2026-01-01T00:00:00Z')) {
    this.wallMs = start;
  }

  now(): number {
    return this.wallMs;
  }

  monotonic(): number {
    return this.monotonicMs;
  }

  setTimer(callback: () => void, ms: number): CancelTimer {
    const timer = { due: this.monotonicMs + ms, ms, callback };
    this.timers.add(timer);
    return () => this.timers.delete(timer);
  }

  /** The delays of the timers waiting now, in the order they were set. */
  pending(): number[] {
    return [...this.timers].map((timer) => timer.ms);
  }

  /** Moves time forward by `ms`, running each timer that falls due at its own time. */
  advance(ms: number): void {
    const end = this.monotonicMs + ms;
    for (;;) {
      const next = [...this.timers].filter((timer) => timer.due <= end).sort((a, b) => a.due - b.due)[0];
      if (next === undefined) break;
      this.timers.delete(next);
      this.wallMs += next.due - this.monotonicMs;
      this.monotonicMs = next.due;
      next.callback();
    }
    this.wallMs += end - this.monotonicMs;
    this.monotonicMs = end;
  }

  jumpWall(ms: number): void {
    this.wallMs += ms;
  }
}

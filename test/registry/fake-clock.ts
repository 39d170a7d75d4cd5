import type { Clock } from '../../src/registry/rate-limiter.js';

export interface FakeClock extends Clock {
  advance(ms: number): void;
  /** Every sleep asked for, in order; sleeping advances the clock at once. */
  sleeps: number[];
}

/** A clock for tests: time moves only when advanced or slept on, so nothing waits for real time. */
export function fakeClock(start = Date.parse('2026-01-01T00:00:00Z')): FakeClock {
  let now = start;
  const sleeps: number[] = [];
  return {
    now: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
    advance: (ms: number) => {
      now += ms;
    },
    sleeps,
  };
}

/**
 * Deduplication of notification events by `id`. The registry redelivers an event, with the same
 * id, on any non-2xx answer and on its own timeout, so a slow first handling (creating a stream)
 * can arrive again while it is still running. A repeated id shares the handling in flight and its
 * outcome; an id handled before is answered as a duplicate; a failed handling is forgotten, so
 * the registry's redelivery tries again. Memory is bounded: the newest `max` handled ids are kept.
 */
import { LRUCache } from 'lru-cache';

export type Handled<T> = { first: T } | { duplicate: true };

export class EventIds {
  private readonly handled: LRUCache<string, true>;
  private readonly inFlight = new Map<string, Promise<unknown>>();

  constructor(max = 10_000) {
    this.handled = new LRUCache({ max });
  }

  /** Runs `handle` for a new `id`; a repeated one waits for the first or is a duplicate. */
  async once<T>(id: string, handle: () => Promise<T>): Promise<Handled<T>> {
    if (this.handled.has(id)) return { duplicate: true };
    const running = this.inFlight.get(id);
    if (running !== undefined) {
      await running;
      return { duplicate: true };
    }
    const work = handle();
    this.inFlight.set(id, work);
    try {
      const first = await work;
      this.handled.set(id, true);
      return { first };
    } finally {
      this.inFlight.delete(id);
    }
  }

  /** Ids being handled right now (a bounded number: each is a request of the registry). */
  get pending(): number {
    return this.inFlight.size;
  }
}

/**
 * When scheduled tags (`importPolicy.scheduled: true`) are checked again. Each tag has its own
 * next-due time: first a hash-derived point inside the interval (so 100,000 tags do not all fall
 * due together after a restart), then the interval plus up to 10 % per-tag jitter after each check.
 * A token bucket caps checks per minute cluster-wide; tags due beyond it wait (the backlog).
 * Time is passed in as milliseconds, so the scheduler has no timers and tests need no clock.
 */

interface Entry {
  key: string;
  tag: string;
  due: number;
}

/** FNV-1a over the string, as a fraction in [0, 1): stable per tag across restarts and replicas. */
export function spreadFraction(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash / 0x1_0000_0000;
}

class MinHeap {
  readonly items: Entry[] = [];
  push(entry: Entry): void {
    const items = this.items;
    items.push(entry);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((items[parent] as Entry).due <= entry.due) break;
      items[i] = items[parent] as Entry;
      i = parent;
    }
    items[i] = entry;
  }
  peek(): Entry | undefined {
    return this.items[0];
  }
  pop(): Entry | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (top === undefined || last === undefined || items.length === 0) return top;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= items.length) break;
      const right = left + 1;
      const child = right < items.length && (items[right] as Entry).due < (items[left] as Entry).due ? right : left;
      if ((items[child] as Entry).due >= last.due) break;
      items[i] = items[child] as Entry;
      i = child;
    }
    items[i] = last;
    return top;
  }
}

export interface SchedulerOptions {
  intervalMs: number;
  maxPerMinute: number;
}

export class ImportScheduler {
  private readonly heap = new MinHeap();
  /** The live due time per stream key and tag; heap entries that disagree are stale and skipped. */
  private readonly due = new Map<string, Map<string, number>>();
  private tokens: number;
  private lastRefill: number | undefined;
  private readonly burst: number;

  constructor(private readonly options: SchedulerOptions) {
    this.burst = Math.max(1, Math.ceil(options.maxPerMinute / 60));
    this.tokens = this.burst;
  }

  /** Sets the scheduled tags of a stream: new tags get a spread first check, removed tags are dropped. */
  sync(key: string, tags: readonly string[], nowMs: number): void {
    const previous = this.due.get(key) ?? new Map<string, number>();
    const next = new Map<string, number>();
    for (const tag of tags) {
      const due = previous.get(tag) ?? nowMs + Math.floor(spreadFraction(`${key}/${tag}`) * this.options.intervalMs);
      next.set(tag, due);
      if (!previous.has(tag)) this.heap.push({ key, tag, due });
    }
    if (next.size === 0) this.due.delete(key);
    else this.due.set(key, next);
  }

  forget(key: string): void {
    this.due.delete(key);
  }

  /** The tags to check now, by stream key, within the rate; each gets its next due time. */
  take(nowMs: number): Map<string, Set<string>> {
    this.refill(nowMs);
    const taken = new Map<string, Set<string>>();
    for (let top = this.heap.peek(); top !== undefined && top.due <= nowMs; top = this.heap.peek()) {
      if (!this.isLive(top)) {
        this.heap.pop();
        continue;
      }
      if (this.tokens < 1) break;
      this.heap.pop();
      this.tokens -= 1;
      const tags = taken.get(top.key) ?? new Set<string>();
      taken.set(top.key, tags.add(top.tag));
      const due = nowMs + this.options.intervalMs + Math.floor(spreadFraction(`${top.key}/${top.tag}/next`) * this.options.intervalMs * 0.1);
      this.due.get(top.key)?.set(top.tag, due);
      this.heap.push({ key: top.key, tag: top.tag, due });
    }
    return taken;
  }

  /** Scheduled checks that are due but waiting for the rate limit. O(n); called on metric scrapes. */
  backlog(nowMs: number): number {
    return this.heap.items.filter((entry) => entry.due <= nowMs && this.isLive(entry)).length;
  }

  /** Scheduled tags known. */
  size(): number {
    let count = 0;
    for (const tags of this.due.values()) count += tags.size;
    return count;
  }

  private isLive(entry: Entry): boolean {
    return this.due.get(entry.key)?.get(entry.tag) === entry.due;
  }

  private refill(nowMs: number): void {
    const elapsed = this.lastRefill === undefined ? 0 : Math.max(0, nowMs - this.lastRefill);
    this.lastRefill = nowMs;
    this.tokens = Math.min(this.burst, this.tokens + (elapsed * this.options.maxPerMinute) / 60_000);
  }
}

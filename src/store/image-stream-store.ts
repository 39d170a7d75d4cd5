import type { ImageStream } from '../core/types.js';
import { CompactStream } from './compact-stream.js';
import { Interner } from './interner.js';

/**
 * How many streams keep the view the core reads (CompactStream.view). Building a view per lookup
 * was the largest single item of a review's CPU profile (issue 11); the streams a cluster's
 * reviews name at any time are few, and 1,024 views of 10 tags hold about 3 MB.
 */
const VIEWS_KEPT = 1024;

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/**
 * Every ImageStream the webhook knows, compacted (see CompactStream), by namespace and name (two
 * maps, so a lookup builds no `namespace/name` key), plus the D2 index of listed digests,
 * reference-counted so a digest two streams list stays known until both forget it. One store
 * serves the static `--imagestreams` source and the informer.
 */
export class ImageStreamStore {
  private readonly namespaces = new Map<string, Map<string, CompactStream>>();
  private readonly digestCounts = new Map<string, number>();
  private readonly interner = new Interner();
  private count = 0;
  /** The streams holding a view, oldest first from `nextView`: a ring, so a hit costs no bookkeeping. */
  private readonly viewed: (CompactStream | undefined)[] = new Array<CompactStream | undefined>(VIEWS_KEPT).fill(undefined);
  private nextView = 0;

  /** `defaultNamespace` is where a stream without `metadata.namespace` lives (static files). */
  constructor(private readonly defaultNamespace = 'default') {}

  /** Compacts a stream without storing it (the file loader checks a whole file first). */
  compact(stream: ImageStream): CompactStream {
    return CompactStream.of(stream, this.interner);
  }

  /** Adds or replaces a stream; returns what is now stored for it. */
  put(stream: CompactStream | ImageStream): CompactStream {
    const compact = stream instanceof CompactStream ? stream : this.compact(stream);
    const namespace = compact.namespace ?? this.defaultNamespace;
    let names = this.namespaces.get(namespace);
    if (names === undefined) {
      names = new Map();
      this.namespaces.set(namespace, names);
    }
    const old = names.get(compact.name);
    if (old === undefined) this.count += 1;
    else this.forgetDigests(old);
    names.set(compact.name, compact);
    for (const digest of new Set(compact.digests())) this.digestCounts.set(digest, (this.digestCounts.get(digest) ?? 0) + 1);
    return compact;
  }

  delete(namespace: string | undefined, name: string): void {
    const names = this.namespaces.get(namespace ?? this.defaultNamespace);
    const old = names?.get(name);
    if (names === undefined || old === undefined) return;
    names.delete(name);
    if (names.size === 0) this.namespaces.delete(namespace ?? this.defaultNamespace);
    this.count -= 1;
    this.forgetDigests(old);
  }

  /**
   * The stream as the core reads it, frozen and shared by every caller. The VIEWS_KEPT streams read
   * most recently keep their view; a stream read again after that builds it anew (a few µs).
   */
  get(namespace: string, name: string): ImageStream | undefined {
    const compact = this.namespaces.get(namespace)?.get(name);
    if (compact === undefined) return undefined;
    if (compact.view === undefined) {
      compact.view = deepFreeze(compact.toImageStream());
      const evicted = this.viewed[this.nextView];
      if (evicted !== undefined) evicted.view = undefined;
      this.viewed[this.nextView] = compact;
      this.nextView = (this.nextView + 1) % VIEWS_KEPT;
    }
    return compact.view;
  }

  hasDigest(digest: string): boolean {
    return this.digestCounts.has(digest);
  }

  *streams(): IterableIterator<CompactStream> {
    for (const names of this.namespaces.values()) yield* names.values();
  }

  get size(): number {
    return this.count;
  }

  private forgetDigests(stream: CompactStream): void {
    for (const digest of new Set(stream.digests())) {
      const remaining = (this.digestCounts.get(digest) ?? 1) - 1;
      if (remaining > 0) this.digestCounts.set(digest, remaining);
      else this.digestCounts.delete(digest);
    }
  }
}

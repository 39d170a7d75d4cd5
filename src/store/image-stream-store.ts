import type { ImageStream } from '../core/types.js';
import { CompactStream } from './compact-stream.js';
import { Interner } from './interner.js';

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

  /** The stream as the core reads it, built for this lookup. */
  get(namespace: string, name: string): ImageStream | undefined {
    return this.namespaces.get(namespace)?.get(name)?.toImageStream();
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

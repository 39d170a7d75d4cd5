import type { ImageStream } from '../core/types.js';
import { CompactStream } from './compact-stream.js';
import { Interner } from './interner.js';

/**
 * Every ImageStream the webhook knows, compacted (see CompactStream), keyed by `namespace/name`,
 * plus the D2 index of listed digests, reference-counted so a digest two streams list stays known
 * until both forget it. One store serves the static `--imagestreams` source and the informer.
 */
export class ImageStreamStore {
  private readonly streams = new Map<string, CompactStream>();
  private readonly digestCounts = new Map<string, number>();
  private readonly interner = new Interner();

  /** `defaultNamespace` is where a stream without `metadata.namespace` lives (static files). */
  constructor(private readonly defaultNamespace = 'default') {}

  /** Compacts a stream without storing it (the file loader checks a whole file first). */
  compact(stream: ImageStream): CompactStream {
    return CompactStream.of(stream, this.interner);
  }

  keyOf(stream: { name: string; namespace?: string | undefined }): string {
    return `${stream.namespace ?? this.defaultNamespace}/${stream.name}`;
  }

  /** Adds or replaces a stream; returns the key it is stored under. */
  put(stream: CompactStream | ImageStream): string {
    const compact = stream instanceof CompactStream ? stream : this.compact(stream);
    const key = this.keyOf(compact);
    this.deleteKey(key);
    this.streams.set(key, compact);
    for (const digest of new Set(compact.digests())) this.digestCounts.set(digest, (this.digestCounts.get(digest) ?? 0) + 1);
    return key;
  }

  deleteKey(key: string): void {
    const old = this.streams.get(key);
    if (old === undefined) return;
    this.streams.delete(key);
    for (const digest of new Set(old.digests())) {
      const remaining = (this.digestCounts.get(digest) ?? 1) - 1;
      if (remaining > 0) this.digestCounts.set(digest, remaining);
      else this.digestCounts.delete(digest);
    }
  }

  /** The stream as the core reads it, built for this lookup. */
  get(namespace: string, name: string): ImageStream | undefined {
    return this.streams.get(`${namespace}/${name}`)?.toImageStream();
  }

  getCompact(key: string): CompactStream | undefined {
    return this.streams.get(key);
  }

  hasDigest(digest: string): boolean {
    return this.digestCounts.has(digest);
  }

  keys(): IterableIterator<string> {
    return this.streams.keys();
  }

  get size(): number {
    return this.streams.size;
  }
}

import type { ImageStream, Lookups } from './types.js';

/**
 * In-memory Lookups over a fixed list of ImageStreams: the `--imagestreams` source of `serve`, the
 * `resolve` command, and unit tests. Every user may read every stream here (there is no cluster
 * to ask), so D3 checks always pass; D2 knows exactly the digests these streams list.
 * A stream without `metadata.namespace` is taken to be in `defaultNamespace`.
 */
export function createStaticLookups(streams: readonly ImageStream[], defaultNamespace = 'default'): Lookups {
  const byKey = new Map<string, ImageStream>();
  const digests = new Set<string>();
  for (const stream of streams) {
    byKey.set(`${stream.metadata.namespace ?? defaultNamespace}/${stream.metadata.name}`, stream);
    for (const list of stream.status?.tags ?? []) {
      for (const event of list.items ?? []) {
        if (event.image) digests.add(event.image);
      }
    }
  }
  return {
    getImageStream: (namespace, name) => byKey.get(`${namespace}/${name}`),
    canGetImageStreams: () => true,
    isDigestKnown: (digest) => digests.has(digest),
  };
}

import type { Lookups } from '../core/types.js';
import type { ImageStreamStore } from './image-stream-store.js';

/**
 * The core's Lookups over a filled store with no cluster behind it (static `--imagestreams`):
 * every user may read every stream (D3 passes), D2 knows exactly the digests the streams list.
 * Same answers as core/static-lookups over the same streams (test/store checks it).
 */
export function createStoreLookups(store: ImageStreamStore): Lookups {
  return {
    getImageStream: (namespace, name) => store.get(namespace, name),
    canGetImageStreams: () => true,
    isDigestKnown: (digest) => store.hasDigest(digest),
  };
}

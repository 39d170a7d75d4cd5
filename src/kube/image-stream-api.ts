import type { ImageStream } from '../core/types.js';
import type { Collection } from './list-watch.js';
import { projectImageStream } from './image-stream-projection.js';
import { collectionPath, IMAGE_STREAMS } from './resource-types.js';
import { getObject } from './resources.js';
import type { RestClient } from './rest-client.js';

/** Every ImageStream of the cluster, as the informers of both processes list and watch them. */
export const IMAGE_STREAM_COLLECTION: Collection = Object.freeze({ path: collectionPath(IMAGE_STREAMS), resource: IMAGE_STREAMS.plural });

/** A live read of one ImageStream: undefined on 404, ApiServerError on any other failure. */
export type ImageStreamGetter = (namespace: string, name: string) => Promise<ImageStream | undefined>;

/**
 * Creates the live GET used on a cache miss (D8), over the client's kept-alive connections. The
 * timeout stays well under the API server's default 10 s webhook timeout, so a slow API server
 * costs one review, not the whole call. The answer is projected like cached streams.
 */
export function createImageStreamGetter(client: RestClient, timeoutMs = 3000): ImageStreamGetter {
  return async (namespace, name) => {
    const stream = await getObject<ImageStream>(client, IMAGE_STREAMS, { namespace, name }, timeoutMs);
    return stream === undefined ? undefined : projectImageStream(stream);
  };
}

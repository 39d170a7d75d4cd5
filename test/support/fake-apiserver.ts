/** The fake API server with the ImageStream helpers most of its users need. */
import type { ImageStream } from '../../src/core/types.js';
import { FakeKubeServer, type StoredObject } from './fake-apiserver/server.js';

export type { FakeApiServerOptions, ReceivedRequest, ReviewedUser, SubjectAccessReviewSpec } from './fake-apiserver/server.js';

/** The fake server's name of the ImageStream resource. */
export const IMAGE_STREAMS = 'imagestreams.image.openshift.io';

const streamPath = (namespace: string, name: string): string => `/apis/image.openshift.io/v1/namespaces/${namespace}/imagestreams/${name}`;

export class FakeApiServer extends FakeKubeServer {
  /** Creates or replaces a stream as a user with full rights would (no resourceVersion check). */
  put(stream: ImageStream | object): StoredObject {
    return this.store.put(IMAGE_STREAMS, stream as StoredObject);
  }

  /** The stored stream (as the API server would answer a GET). */
  stream(namespace: string, name: string): StoredObject | undefined {
    return this.store.get(IMAGE_STREAMS, namespace, name);
  }

  remove(namespace: string, name: string): void {
    if (this.stream(namespace, name) !== undefined) this.store.delete(IMAGE_STREAMS, namespace, name);
  }

  /** A stream a GET finds but list and watch do not show yet (informer lag). */
  putUnlisted(stream: ImageStream): void {
    const path = streamPath(stream.metadata.namespace ?? 'default', stream.metadata.name);
    this.intercept('GET', new RegExp(`^${path}$`), () => ({ code: 200, body: stream }));
  }
}

/**
 * The controller's Kubernetes reads and writes other than the informer: a live GET of one stream
 * (after a write conflict), the status PUT with the read resourceVersion, and the namespace's pull
 * secrets, read on demand so the controller holds no cluster-wide Secret cache.
 */
import type { ImageStream, ImageStreamStatus } from '../core/types.js';
import type { MetadataOperation } from '../import/repository-check.js';
import { IMAGE_STREAMS, SECRETS } from '../kube/resource-types.js';
import { getObject, listObjects, patchObject, replaceObject } from '../kube/resources.js';
import type { RestClient } from '../kube/rest-client.js';
import type { PullSecret } from '../registry/types.js';

export const PULL_SECRET_TYPES: readonly string[] = Object.freeze(['kubernetes.io/dockerconfigjson', 'kubernetes.io/dockercfg']);
export const EXCLUDE_SECRET_ANNOTATION = 'openshift.io/image.excludeSecret';

export interface StreamApi {
  get(namespace: string, name: string): Promise<ImageStream | undefined>;
  /** PUTs `status` on the stream as read (its resourceVersion); throws ConflictError on 409. */
  writeStatus(stream: ImageStream, status: ImageStreamStatus): Promise<ImageStream>;
  pullSecrets(namespace: string): Promise<PullSecret[]>;
  /**
   * A JSON patch of the stream's metadata (never its spec); the patch's own `test` operations guard
   * against concurrent writers. Throws ApiServerError, with code 409 or 422 when a test failed.
   */
  patchMetadata(namespace: string, name: string, operations: MetadataOperation[]): Promise<void>;
}

interface RawSecret {
  metadata?: { name?: string; annotations?: Record<string, string> };
  type?: string;
  data?: Record<string, string>;
}

export function createStreamApi(client: RestClient): StreamApi {
  return {
    get: (namespace, name) => getObject<ImageStream>(client, IMAGE_STREAMS, { namespace, name }),
    writeStatus: (stream, status) => {
      const ref = { namespace: stream.metadata.namespace ?? '', name: stream.metadata.name, subresource: 'status' };
      return replaceObject<ImageStream>(client, IMAGE_STREAMS, ref, { ...stream, status });
    },
    patchMetadata: async (namespace, name, operations) => {
      await patchObject<unknown>(client, IMAGE_STREAMS, { namespace, name }, 'application/json-patch+json', operations);
    },
    pullSecrets: async (namespace) => {
      const secrets = await listObjects<RawSecret>(client, SECRETS, namespace);
      return secrets
        .filter((secret) => PULL_SECRET_TYPES.includes(secret.type ?? '') && secret.metadata?.annotations?.[EXCLUDE_SECRET_ANNOTATION] !== 'true')
        .map((secret) => ({ name: secret.metadata?.name ?? '', type: secret.type ?? '', data: secret.data ?? {} }));
    },
  };
}

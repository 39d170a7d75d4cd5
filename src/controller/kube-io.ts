/**
 * The controller's Kubernetes reads and writes other than the informer: a live GET of one stream
 * (after a write conflict), the status PUT with the read resourceVersion, and the namespace's pull
 * secrets, read on demand so the controller holds no cluster-wide Secret cache.
 */
import { CoreV1Api, CustomObjectsApi, PatchStrategy, setHeaderOptions, type KubeConfig } from '@kubernetes/client-node';
import type { ImageStream, ImageStreamStatus } from '../core/types.js';
import type { MetadataOperation } from '../import/repository-check.js';
import { IMAGE_STREAM_API } from '../kube/image-stream-api.js';
import { ApiServerError, statusCodeOf } from '../kube/kube-config.js';
import type { PullSecret } from '../registry/types.js';

export const PULL_SECRET_TYPES: readonly string[] = Object.freeze(['kubernetes.io/dockerconfigjson', 'kubernetes.io/dockercfg']);
export const EXCLUDE_SECRET_ANNOTATION = 'openshift.io/image.excludeSecret';

/** Thrown by `writeStatus` when the stream changed since it was read (HTTP 409). */
export class ConflictError extends ApiServerError {
  override name = 'ConflictError';
}

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

export function createStreamApi(kubeConfig: KubeConfig): StreamApi {
  const custom = kubeConfig.makeApiClient(CustomObjectsApi);
  const core = kubeConfig.makeApiClient(CoreV1Api);
  return {
    async get(namespace, name) {
      try {
        return (await custom.getNamespacedCustomObject({ ...IMAGE_STREAM_API, namespace, name })) as ImageStream;
      } catch (err) {
        if (statusCodeOf(err) === 404) return undefined;
        throw new ApiServerError(`get imagestreams ${namespace}/${name}`, statusCodeOf(err), { cause: err });
      }
    },
    async writeStatus(stream, status) {
      const namespace = stream.metadata.namespace ?? '';
      const name = stream.metadata.name;
      try {
        const body = { ...stream, status };
        return (await custom.replaceNamespacedCustomObjectStatus({ ...IMAGE_STREAM_API, namespace, name, body })) as ImageStream;
      } catch (err) {
        const code = statusCodeOf(err);
        const operation = `update imagestreams/status ${namespace}/${name}`;
        throw code === 409 ? new ConflictError(operation, code, { cause: err }) : new ApiServerError(operation, code, { cause: err });
      }
    },
    async patchMetadata(namespace, name, operations) {
      try {
        await custom.patchNamespacedCustomObject({ ...IMAGE_STREAM_API, namespace, name, body: operations }, setHeaderOptions('Content-Type', PatchStrategy.JsonPatch));
      } catch (err) {
        throw new ApiServerError(`patch imagestreams ${namespace}/${name} metadata`, statusCodeOf(err), { cause: err });
      }
    },
    async pullSecrets(namespace) {
      try {
        const list = (await core.listNamespacedSecret({ namespace })) as { items?: RawSecret[] };
        return (list.items ?? [])
          .filter((secret) => PULL_SECRET_TYPES.includes(secret.type ?? '') && secret.metadata?.annotations?.[EXCLUDE_SECRET_ANNOTATION] !== 'true')
          .map((secret) => ({ name: secret.metadata?.name ?? '', type: secret.type ?? '', data: secret.data ?? {} }));
      } catch (err) {
        throw new ApiServerError(`list secrets in ${namespace}`, statusCodeOf(err), { cause: err });
      }
    },
  };
}

import { CustomObjectsApi, type KubeConfig } from '@kubernetes/client-node';
import type { ImageStream } from '../../src/core/types.js';

/** `sha256:` followed by 64 copies of `hex`: `digest('a')` is the test digest `Da`. */
export const digest = (hex: string): string => `sha256:${hex.repeat(64)}`;

/** The integrated registry hostname the suite configures (`internalRegistryHostname`). */
export const REG = 'image-registry.openshift-image-registry.svc:5000';

const GROUP = { group: 'image.openshift.io', version: 'v1', plural: 'imagestreams' };

/** A stream as the tests describe it: each tag points at one digest of `source` (default docker.io/library/<name>). */
export interface StreamOptions {
  local: boolean;
  tags: Record<string, string>;
  source?: string;
  /** status.dockerImageRepository; default `REG/<namespace>/<name>`, '' for none. */
  repository?: string;
}

/** Builds a real-shaped ImageStream with spec tags and an imported status entry per tag. */
export function imageStream(namespace: string, name: string, o: StreamOptions): ImageStream {
  const source = o.source ?? `docker.io/library/${name}`;
  const repository = o.repository ?? `${REG}/${namespace}/${name}`;
  const tags = Object.entries(o.tags);
  return {
    apiVersion: 'image.openshift.io/v1',
    kind: 'ImageStream',
    metadata: { name, namespace },
    spec: {
      lookupPolicy: { local: o.local },
      tags: tags.map(([tag]) => ({ name: tag, from: { kind: 'DockerImage', name: `${source}:${tag}` } })),
    },
    status: {
      dockerImageRepository: repository,
      tags: tags.map(([tag, image]) => ({
        tag,
        items: [{ created: '2025-01-01T00:00:00Z', dockerImageReference: `${source}@${image}`, image, generation: 1 }],
      })),
    },
  };
}

/**
 * Creates the stream through the API server (the chart's CRD) and then writes its status through the
 * status subresource, as OpenShift's importer would: a create ignores `status` on such a CRD.
 */
export async function createImageStream(kc: KubeConfig, stream: ImageStream): Promise<void> {
  const api = kc.makeApiClient(CustomObjectsApi);
  const namespace = stream.metadata.namespace ?? 'default';
  const created = (await api.createNamespacedCustomObject({ ...GROUP, namespace, body: { ...stream, status: undefined } })) as ImageStream;
  await api.replaceNamespacedCustomObjectStatus({
    ...GROUP, namespace, name: stream.metadata.name, body: { ...created, status: stream.status },
  });
}

/** Reads a stream back, e.g. to check what the CRD's schema kept. */
export async function readImageStream(kc: KubeConfig, namespace: string, name: string): Promise<ImageStream> {
  return (await kc.makeApiClient(CustomObjectsApi).getNamespacedCustomObject({ ...GROUP, namespace, name })) as ImageStream;
}

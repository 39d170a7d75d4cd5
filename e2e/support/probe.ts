import { KubernetesObjectApi, type KubeConfig } from '@kubernetes/client-node';
import { waitFor } from '../harness/wait.js';
import { createNamespace } from './api.js';
import { createImageStream, digest, imageStream } from './streams.js';
import { imagesOf, workload, type Workload } from './workloads.js';

/** The digest the probe stream's `v1` tag points at. */
const PROBE_DIGEST = digest('9');

/**
 * Proves the API server is calling the webhook: a server-side dry-run create of a Pod whose image
 * `probe:v1` only the webhook can turn into a digest. The API server picks up webhook configurations
 * through an informer, and the webhook needs a moment after a restart, so this polls.
 */
export class MutationProbe {
  private namespace: string | undefined;

  constructor(private readonly admin: KubeConfig) {}

  async waitUntilMutating(what: string): Promise<void> {
    const namespace = await this.ensureStream();
    const objects = KubernetesObjectApi.makeApiClient(this.admin);
    const pod = workload('Pod', namespace, 'probe', [{ name: 'probe', image: 'probe:v1' }]);
    await waitFor(
      async () => {
        const created: Workload = await objects.create(pod, undefined, 'All');
        return imagesOf(created)[0]?.endsWith(`@${PROBE_DIGEST}`) === true ? true : undefined;
      },
      { what: `webhook mutating through the API server (${what})`, timeoutMs: 60_000, intervalMs: 250 },
    );
  }

  private async ensureStream(): Promise<string> {
    if (this.namespace !== undefined) return this.namespace;
    const namespace = await createNamespace(this.admin, 'probe');
    await createImageStream(this.admin, imageStream(namespace, 'probe', { local: true, tags: { v1: PROBE_DIGEST } }));
    this.namespace = namespace;
    return namespace;
  }
}

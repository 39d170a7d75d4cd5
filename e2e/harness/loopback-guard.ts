import { AdmissionregistrationV1Api, type KubeConfig, type AdmissionregistrationV1WebhookClientConfig } from '@kubernetes/client-node';
import type { Release } from './chart.js';

/**
 * Refuses to go on unless every webhook of the release calls `https://127.0.0.1:<port>/…`. Without
 * kube-proxy, a Service-mode clientConfig would make kube-apiserver dial a ClusterIP (10.0.0.x), and
 * this machine must send traffic to no address but loopback; so this runs before anything is created
 * that the webhooks match, and again after every `helm upgrade`.
 */
export async function assertLoopbackWebhooks(admin: KubeConfig, release: Release, port: number): Promise<void> {
  const api = admin.makeApiClient(AdmissionregistrationV1Api);
  const mutating = await api.readMutatingWebhookConfiguration({ name: release.name });
  const validating = await api.listValidatingWebhookConfiguration({ labelSelector: `app.kubernetes.io/instance=${release.name}` });
  const configs: { name: string; clientConfig: AdmissionregistrationV1WebhookClientConfig }[] = [
    ...(mutating.webhooks ?? []),
    ...validating.items.flatMap((v) => v.webhooks ?? []),
  ];
  const prefix = `https://127.0.0.1:${port}/`;
  const strays = configs.filter((w) => w.clientConfig.url?.startsWith(prefix) !== true);
  if (configs.length === 0 || strays.length > 0) {
    const seen = strays.map((w) => `${w.name} → ${JSON.stringify(w.clientConfig.url ?? w.clientConfig.service)}`);
    throw new Error(`webhooks of release ${release.name} must call ${prefix}: ${seen.join('; ') || 'none registered'}`);
  }
}

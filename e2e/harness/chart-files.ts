import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CoreV1Api, type KubeConfig } from '@kubernetes/client-node';
import type { Release } from './chart.js';
import { writeKubeconfig, type Credentials } from './kubeconfig.js';
import type { WebhookSpec } from './webhook.js';

/** Reads one key of a Secret or ConfigMap's data, failing with the object's name when it is missing. */
function required(data: Record<string, string> | undefined, key: string, where: string): string {
  const value = data?.[key];
  if (value === undefined || value === '') throw new Error(`${where} has no ${key}: was the chart installed?`);
  return value;
}

/**
 * Turns what `helm install` created into the local webhook's files, so the process runs exactly what
 * the chart would mount into its Pod: the TLS Secret (helm-generated CA and serving cert), the rendered
 * config from the ConfigMap, and a token of the chart's ServiceAccount from the TokenRequest API.
 */
export async function writeWebhookFiles(
  admin: KubeConfig, release: Release, runDir: string,
  credentials: (user: { name: string; token: string }, namespace?: string) => Credentials,
  ports: { port: number; metricsPort: number },
): Promise<WebhookSpec> {
  const core = admin.makeApiClient(CoreV1Api);
  const ns = release.namespace;
  const secret = await core.readNamespacedSecret({ name: `${release.name}-tls`, namespace: ns });
  const where = `Secret ${ns}/${release.name}-tls`;
  const decode = (key: string): string => Buffer.from(required(secret.data, key, where), 'base64').toString('utf8');
  const files = {
    tlsCert: join(runDir, 'webhook-tls.crt'), tlsKey: join(runDir, 'webhook-tls.key'), caFile: join(runDir, 'webhook-ca.crt'),
    config: join(runDir, 'webhook-config.yaml'), kubeconfig: join(runDir, 'webhook.kubeconfig'),
  };
  await writeFile(files.tlsCert, decode('tls.crt'));
  await writeFile(files.tlsKey, decode('tls.key'), { mode: 0o600 });
  await writeFile(files.caFile, decode('ca.crt'));
  await writeConfig(admin, release, files.config);
  const token = await core.createNamespacedServiceAccountToken({
    name: release.name, namespace: ns, body: { spec: { audiences: [], expirationSeconds: 7200 } },
  });
  const value = token.status?.token;
  if (value === undefined) throw new Error(`TokenRequest for ServiceAccount ${ns}/${release.name} returned no token`);
  await writeKubeconfig(files.kubeconfig, credentials({ name: `system:serviceaccount:${ns}:${release.name}`, token: value }, ns));
  return { ...ports, ...files };
}

/** (Re)writes the webhook's --config file from the chart's ConfigMap, e.g. after `helm upgrade`. */
export async function writeConfig(admin: KubeConfig, release: Release, path: string): Promise<void> {
  const core = admin.makeApiClient(CoreV1Api);
  const map = await core.readNamespacedConfigMap({ name: release.name, namespace: release.namespace });
  await writeFile(path, required(map.data, 'config.yaml', `ConfigMap ${release.namespace}/${release.name}`));
}

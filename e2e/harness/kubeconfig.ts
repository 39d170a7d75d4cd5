import { writeFile } from 'node:fs/promises';
import { KubeConfig } from '@kubernetes/client-node';
import { stringify } from 'yaml';

/** Who talks to which API server: enough to write a kubeconfig file or build a client. */
export interface Credentials {
  server: string;
  caFile: string;
  user: string;
  token: string;
  namespace?: string;
}

function document(c: Credentials): object {
  return {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'e2e', cluster: { server: c.server, 'certificate-authority': c.caFile } }],
    users: [{ name: c.user, user: { token: c.token } }],
    contexts: [{ name: c.user, context: { cluster: 'e2e', user: c.user, namespace: c.namespace ?? 'default' } }],
    'current-context': c.user,
  };
}

/** Writes a kubeconfig file (mode 0600: it holds a bearer token) for helm or the webhook process. */
export async function writeKubeconfig(path: string, c: Credentials): Promise<string> {
  await writeFile(path, stringify(document(c)), { mode: 0o600 });
  return path;
}

/** A client-node KubeConfig for the same credentials. */
export function loadKubeConfig(c: Credentials): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromString(stringify(document(c)));
  return kc;
}

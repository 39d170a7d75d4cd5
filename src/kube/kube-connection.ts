import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { ConfigError } from '../errors.js';
import { kubeconfigConnection } from './kubeconfig.js';
import { mergeKubeconfigs } from './kubeconfig-merge.js';
import { bearerFromFile } from './token-file.js';

/** Where a pod's ServiceAccount token, CA and namespace are mounted; matches the kubelet's projected volume. */
export const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';
export const SERVICE_ACCOUNT_TOKEN = `${SERVICE_ACCOUNT_DIR}/token`;

/**
 * Everything needed to talk to one API server: its URL, TLS material, an optional HTTP proxy and
 * how to authenticate. Plain data plus one function, so every process reaches the API server over
 * node:http(s) alone; importing @kubernetes/client-node costs about 75 MB RSS, more than 10,000
 * cached streams.
 */
export interface KubeConnection {
  /** `https://…`, or `http://…` for `kubectl proxy` (no TLS, no credentials of ours). */
  server: URL;
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  rejectUnauthorized: boolean;
  /** The name the server's certificate is checked against (and sent as SNI), when not the URL's host. */
  servername?: string;
  /** `proxy-url`: an `http://` proxy; HTTPS servers are reached through a CONNECT tunnel. */
  proxy?: URL;
  /** The context's namespace (in a pod: the pod's own), the default of commands that take `-n`. */
  namespace?: string;
  /** The Authorization header for the next request, if any (a token file is re-read now and then). */
  authorization(): Promise<string | undefined>;
}

export interface KubeConfigSource {
  /** `--kubeconfig FILE`, if given. */
  kubeconfig?: string;
  /** `--context NAME`: a context of the kubeconfig other than its current-context. */
  context?: string;
  env: Record<string, string | undefined>;
}

/**
 * Chooses how to reach the API server: `--kubeconfig FILE`, else the in-cluster ServiceAccount,
 * else `$KUBECONFIG` (every file that exists, merged as kubectl merges them) or `~/.kube/config`. Throws ConfigError when none
 * applies or the file cannot be used, rather than falling back to an unauthenticated localhost.
 */
export function loadKubeConnection(source: KubeConfigSource): KubeConnection {
  const where = source.kubeconfig === undefined ? 'kubeconfig' : `--kubeconfig ${source.kubeconfig}`;
  try {
    if (source.kubeconfig !== undefined) return fromKubeconfigFile(source.kubeconfig, source.context);
    if (source.context === undefined && isInCluster(source.env)) return inCluster(source.env);
    const files = defaultKubeconfigs(source.env);
    const [first] = files;
    if (files.length === 1 && first !== undefined) return fromKubeconfigFile(first, source.context);
    if (first !== undefined) {
      const text = mergeKubeconfigs(files.map((file) => ({ file, text: readFileSync(file, 'utf8') })));
      return kubeconfigConnection(text, { file: first, merged: text, ...(source.context === undefined ? {} : { context: source.context }) });
    }
    throw new Error('no --kubeconfig, not running in a cluster, and neither $KUBECONFIG nor ~/.kube/config exists');
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    throw new ConfigError(where, [err instanceof Error ? err.message : String(err)], { cause: err });
  }
}

function isInCluster(env: Record<string, string | undefined>): boolean {
  return Boolean(env.KUBERNETES_SERVICE_HOST && env.KUBERNETES_SERVICE_PORT) && existsSync(SERVICE_ACCOUNT_TOKEN);
}

function defaultKubeconfigs(env: Record<string, string | undefined>): string[] {
  const candidates = env.KUBECONFIG ? env.KUBECONFIG.split(delimiter).filter(Boolean) : [join(env.HOME ?? homedir(), '.kube', 'config')];
  return [...new Set(candidates)].filter((file) => existsSync(file));
}

function inCluster(env: Record<string, string | undefined>): KubeConnection {
  const host = env.KUBERNETES_SERVICE_HOST ?? '';
  const server = new URL(`https://${host.includes(':') ? `[${host}]` : host}:${env.KUBERNETES_SERVICE_PORT ?? ''}`);
  const namespaceFile = `${SERVICE_ACCOUNT_DIR}/namespace`;
  const namespace = existsSync(namespaceFile) ? readFileSync(namespaceFile, 'utf8').trim() : '';
  return {
    server,
    ca: readFileSync(`${SERVICE_ACCOUNT_DIR}/ca.crt`),
    rejectUnauthorized: true,
    ...(namespace === '' ? {} : { namespace }),
    authorization: bearerFromFile(SERVICE_ACCOUNT_TOKEN),
  };
}

function fromKubeconfigFile(file: string, context: string | undefined): KubeConnection {
  return kubeconfigConnection(readFileSync(file, 'utf8'), { file, ...(context === undefined ? {} : { context }) });
}

import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, isAbsolute, join } from 'node:path';
import { parse } from 'yaml';
import { ConfigError } from '../errors.js';

/** Where a pod's ServiceAccount token and CA are mounted; matches the kubelet's projected volume. */
export const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';
export const SERVICE_ACCOUNT_TOKEN = `${SERVICE_ACCOUNT_DIR}/token`;

/** How often a token file is read again: bound ServiceAccount tokens rotate (hourly by default). */
const TOKEN_REREAD_MS = 60_000;

/**
 * Everything needed to talk to one API server: its URL, TLS material and how to authenticate.
 * Plain data plus one function, so the webhook reaches the API server over node:https alone;
 * importing @kubernetes/client-node costs about 75 MB RSS, more than 10,000 cached streams.
 */
export interface KubeConnection {
  server: URL;
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  rejectUnauthorized: boolean;
  servername?: string;
  /** The Authorization header for the next request, if any (a token file is re-read now and then). */
  authorization(): Promise<string | undefined>;
}

export interface KubeConfigSource {
  /** `--kubeconfig FILE`, if given. */
  kubeconfig?: string;
  env: Record<string, string | undefined>;
}

/**
 * Chooses how to reach the API server: `--kubeconfig FILE`, else the in-cluster ServiceAccount,
 * else `$KUBECONFIG` (first file that exists) or `~/.kube/config`. Throws ConfigError when none
 * applies or the file cannot be used, rather than falling back to an unauthenticated localhost.
 */
export function loadKubeConnection(source: KubeConfigSource): KubeConnection {
  const where = source.kubeconfig === undefined ? 'kubeconfig' : `--kubeconfig ${source.kubeconfig}`;
  try {
    if (source.kubeconfig !== undefined) return fromKubeconfigFile(source.kubeconfig);
    if (isInCluster(source.env)) return inCluster(source.env);
    const file = defaultKubeconfig(source.env);
    if (file !== undefined) return fromKubeconfigFile(file);
    throw new Error('no --kubeconfig, not running in a cluster, and neither $KUBECONFIG nor ~/.kube/config exists');
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    throw new ConfigError(where, [err instanceof Error ? err.message : String(err)], { cause: err });
  }
}

function isInCluster(env: Record<string, string | undefined>): boolean {
  return Boolean(env.KUBERNETES_SERVICE_HOST && env.KUBERNETES_SERVICE_PORT) && existsSync(SERVICE_ACCOUNT_TOKEN);
}

function defaultKubeconfig(env: Record<string, string | undefined>): string | undefined {
  const candidates = env.KUBECONFIG ? env.KUBECONFIG.split(delimiter).filter(Boolean) : [join(env.HOME ?? homedir(), '.kube', 'config')];
  return candidates.find((file) => existsSync(file));
}

function inCluster(env: Record<string, string | undefined>): KubeConnection {
  const host = env.KUBERNETES_SERVICE_HOST ?? '';
  const server = new URL(`https://${host.includes(':') ? `[${host}]` : host}:${env.KUBERNETES_SERVICE_PORT ?? ''}`);
  return { server, ca: readFileSync(`${SERVICE_ACCOUNT_DIR}/ca.crt`), rejectUnauthorized: true, authorization: bearerFromFile(SERVICE_ACCOUNT_TOKEN) };
}

function bearerFromFile(file: string): () => Promise<string> {
  let token = '';
  let readAt = -Infinity;
  return () => {
    if (performance.now() - readAt > TOKEN_REREAD_MS) {
      token = readFileSync(file, 'utf8').trim();
      readAt = performance.now();
    }
    return Promise.resolve(`Bearer ${token}`);
  };
}

function fromKubeconfigFile(file: string): KubeConnection {
  return kubeconfigConnection(readFileSync(file, 'utf8'), dirname(file), file);
}

type Entry = Record<string, unknown>;

function named(config: Entry, list: string, name: unknown, what: string): Entry {
  const entries = Array.isArray(config[list]) ? (config[list] as Entry[]) : [];
  const entry = entries.find((candidate) => candidate?.name === name)?.[what];
  if (typeof entry !== 'object' || entry === null) throw new Error(`the current context names ${what} "${String(name)}", which is not defined`);
  return entry as Entry;
}

/**
 * A connection from kubeconfig text (`dir` resolves relative file paths, as kubectl does):
 * the current context's cluster (server, CA, insecure-skip-tls-verify, tls-server-name) and user
 * (client certificate, token, token file, basic auth). Exec plugins and auth providers are handed
 * to client-node, imported only then (see execAuthorization).
 */
export function kubeconfigConnection(text: string, dir: string, file: string): KubeConnection {
  const config = (parse(text) ?? {}) as Entry;
  const current = config['current-context'];
  if (typeof current !== 'string' || current === '') throw new Error('no current-context');
  const context = named(config, 'contexts', current, 'context');
  const cluster = named(config, 'clusters', context.cluster, 'cluster');
  const user = context.user === undefined ? {} : named(config, 'users', context.user, 'user');
  if (typeof cluster.server !== 'string') throw new Error('the current context names no cluster server');
  const material = (data: string, path: string): Buffer | undefined => {
    if (typeof user[data] === 'string' || typeof cluster[data] === 'string') return Buffer.from(String(user[data] ?? cluster[data]), 'base64');
    const at = user[path] ?? cluster[path];
    return typeof at === 'string' ? readFileSync(isAbsolute(at) ? at : join(dir, at)) : undefined;
  };
  const connection: KubeConnection = {
    server: new URL(cluster.server),
    rejectUnauthorized: cluster['insecure-skip-tls-verify'] !== true,
    authorization: userAuthorization(user, dir, file),
  };
  const ca = material('certificate-authority-data', 'certificate-authority');
  const cert = material('client-certificate-data', 'client-certificate');
  const key = material('client-key-data', 'client-key');
  if (ca !== undefined) connection.ca = ca;
  if (cert !== undefined) connection.cert = cert;
  if (key !== undefined) connection.key = key;
  if (typeof cluster['tls-server-name'] === 'string') connection.servername = cluster['tls-server-name'];
  return connection;
}

function userAuthorization(user: Entry, dir: string, file: string): () => Promise<string | undefined> {
  if (typeof user.token === 'string') {
    const header = `Bearer ${user.token}`;
    return () => Promise.resolve(header);
  }
  if (typeof user.tokenFile === 'string') return bearerFromFile(isAbsolute(user.tokenFile) ? user.tokenFile : join(dir, user.tokenFile));
  if (typeof user.username === 'string' && typeof user.password === 'string') {
    const header = `Basic ${Buffer.from(`${user.username}:${user.password}`).toString('base64')}`;
    return () => Promise.resolve(header);
  }
  if (user.exec !== undefined || user['auth-provider'] !== undefined) return execAuthorization(file);
  return () => Promise.resolve(undefined);
}

/**
 * Exec credential plugins (EKS, GKE, OIDC login helpers) and legacy auth providers: client-node
 * implements them, so it is imported here, lazily, only by a webhook run from such a kubeconfig
 * (a developer's laptop); in a cluster the ServiceAccount token needs none of it.
 */
function execAuthorization(file: string): () => Promise<string | undefined> {
  let loaded: Promise<(options: { headers: Record<string, string> }) => Promise<void>> | undefined;
  return async () => {
    loaded ??= import('@kubernetes/client-node').then(({ KubeConfig }) => {
      const config = new KubeConfig();
      config.loadFromFile(file);
      return (options) => config.applyToHTTPSOptions(options);
    });
    const options = { headers: {} as Record<string, string> };
    await (await loaded)(options);
    return options.headers.Authorization ?? options.headers.authorization;
  };
}

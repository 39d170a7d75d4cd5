import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { parse } from 'yaml';
import { execAuthorization } from './exec-credentials.js';
import type { KubeConnection } from './kube-connection.js';
import { bearerFromFile } from './token-file.js';

type Entry = Record<string, unknown>;

export interface KubeconfigChoice {
  /** The file the text came from: relative paths in it are resolved against its directory, as kubectl does. */
  file: string;
  /** The context to use instead of `current-context`. */
  context?: string;
  /** The text itself when it is several `$KUBECONFIG` files merged (exec plugins then read it, not `file`). */
  merged?: string;
}

function named(config: Entry, list: string, name: unknown, what: string, by: string): Entry {
  const entries = Array.isArray(config[list]) ? (config[list] as Entry[]) : [];
  const entry = entries.find((candidate) => candidate?.name === name)?.[what];
  if (typeof entry !== 'object' || entry === null) throw new Error(`${by} names ${what} "${String(name)}", which is not defined`);
  return entry as Entry;
}

function parseUrl(value: unknown, field: string, schemes: readonly string[], by: string): URL {
  if (typeof value !== 'string' || value === '') throw new Error(`${by} names no cluster ${field}`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`${field} "${value}" is not a URL`);
  }
  if (!schemes.includes(url.protocol)) throw new Error(`${field} "${value}": expected ${schemes.map((s) => `${s}//`).join(' or ')}`);
  return url;
}

/**
 * A connection from kubeconfig text: the chosen context's cluster (server, CA file or data,
 * insecure-skip-tls-verify, tls-server-name, proxy-url) and user (client certificate and key as
 * files or data, token, tokenFile, basic auth, exec plugin or auth provider) and its namespace.
 * Exec plugins and auth providers are handed to client-node, imported only then.
 */
export function kubeconfigConnection(text: string, choice: KubeconfigChoice): KubeConnection {
  const config = (parse(text) ?? {}) as Entry;
  const chosen = choice.context ?? config['current-context'];
  if (typeof chosen !== 'string' || chosen === '') throw new Error('no current-context');
  const by = choice.context === undefined ? 'the current context' : `context "${chosen}"`;
  const context = named(config, 'contexts', chosen, 'context', 'the kubeconfig');
  const cluster = named(config, 'clusters', context.cluster, 'cluster', by);
  const user = context.user === undefined ? {} : named(config, 'users', context.user, 'user', by);
  const dir = dirname(choice.file);
  const file = (at: string): string => (isAbsolute(at) ? at : join(dir, at));
  const material = (from: Entry, data: string, path: string): Buffer | undefined => {
    if (typeof from[data] === 'string' && from[data] !== '') return Buffer.from(from[data], 'base64');
    return typeof from[path] === 'string' && from[path] !== '' ? readFileSync(file(from[path])) : undefined;
  };
  const connection: KubeConnection = {
    server: parseUrl(cluster.server, 'server', ['https:', 'http:'], by),
    rejectUnauthorized: cluster['insecure-skip-tls-verify'] !== true,
    authorization: userAuthorization(user, file, choice),
  };
  const parts = {
    ca: material(cluster, 'certificate-authority-data', 'certificate-authority'),
    cert: material(user, 'client-certificate-data', 'client-certificate'),
    key: material(user, 'client-key-data', 'client-key'),
  };
  for (const [name, value] of Object.entries(parts)) if (value !== undefined) connection[name as keyof typeof parts] = value;
  if (typeof cluster['tls-server-name'] === 'string' && cluster['tls-server-name'] !== '') connection.servername = cluster['tls-server-name'];
  if (cluster['proxy-url'] !== undefined) connection.proxy = parseUrl(cluster['proxy-url'], 'proxy-url', ['http:'], by);
  if (typeof context.namespace === 'string' && context.namespace !== '') connection.namespace = context.namespace;
  return connection;
}

function userAuthorization(user: Entry, file: (at: string) => string, choice: KubeconfigChoice): () => Promise<string | undefined> {
  if (typeof user.token === 'string' && user.token !== '') {
    const header = `Bearer ${user.token}`;
    return () => Promise.resolve(header);
  }
  if (typeof user.tokenFile === 'string' && user.tokenFile !== '') return bearerFromFile(file(user.tokenFile));
  if (typeof user.username === 'string' && typeof user.password === 'string') {
    const header = `Basic ${Buffer.from(`${user.username}:${user.password}`).toString('base64')}`;
    return () => Promise.resolve(header);
  }
  if (user.exec !== undefined || user['auth-provider'] !== undefined) return execAuthorization(choice.merged ?? { file: choice.file }, choice.context);
  return () => Promise.resolve(undefined);
}

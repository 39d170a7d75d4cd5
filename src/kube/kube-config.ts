import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { ConfigError } from '../errors.js';
import { SERVICE_ACCOUNT_TOKEN } from './kube-connection.js';


export interface KubeConfigSource {
  /** `--kubeconfig FILE`, if given. */
  kubeconfig?: string;
  env: Record<string, string | undefined>;
}

function isInCluster(env: Record<string, string | undefined>): boolean {
  return Boolean(env.KUBERNETES_SERVICE_HOST && env.KUBERNETES_SERVICE_PORT) && existsSync(SERVICE_ACCOUNT_TOKEN);
}

function hasDefaultKubeconfig(env: Record<string, string | undefined>): boolean {
  if (env.KUBECONFIG) return true;
  const home = env.HOME ?? homedir();
  return existsSync(join(home, '.kube', 'config'));
}

/**
 * A client-node KubeConfig, for the commands that use client-node's API classes (the kubectl
 * plugin's helpers); `serve` uses kube-connection.ts instead, which costs no 75 MB import.
 * Chooses how to reach the API server: `--kubeconfig FILE`, else the in-cluster ServiceAccount,
 * else `$KUBECONFIG` or `~/.kube/config`. Throws ConfigError when none applies, rather than
 * falling back (as client-node would) to an unauthenticated http://localhost:8080.
 */
export function loadKubeConfig(source: KubeConfigSource): KubeConfig {
  const config = new KubeConfig();
  try {
    if (source.kubeconfig !== undefined) config.loadFromFile(source.kubeconfig);
    else if (isInCluster(source.env)) config.loadFromCluster();
    else if (hasDefaultKubeconfig(source.env)) config.loadFromDefault();
    else throw new Error('no --kubeconfig, not running in a cluster, and neither $KUBECONFIG nor ~/.kube/config exists');
  } catch (err) {
    const where = source.kubeconfig === undefined ? 'kubeconfig' : `--kubeconfig ${source.kubeconfig}`;
    throw new ConfigError(where, [err instanceof Error ? err.message : String(err)], { cause: err });
  }
  if (config.getCurrentCluster() === null) {
    throw new ConfigError('kubeconfig', ['the current context names no cluster']);
  }
  return config;
}

export { ApiServerError } from './api-server-error.js';

/** The HTTP status of a client-node ApiException or watch error, if the failure had one. */
export function statusCodeOf(err: unknown): number | undefined {
  const fields = err as { code?: unknown; statusCode?: unknown } | null;
  if (typeof fields?.code === 'number') return fields.code;
  if (typeof fields?.statusCode === 'number') return fields.statusCode;
  return undefined;
}

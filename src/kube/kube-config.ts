import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { ConfigError, WebhookError } from '../errors.js';

/** Where a pod's ServiceAccount token is mounted; matches the kubelet's projected volume path. */
export const SERVICE_ACCOUNT_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';

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

/**
 * Thrown when a request to the API server fails (unreachable, timed out, or a non-404 error
 * status). `operation` says what was asked, e.g. `get imagestreams myproject/ruby`; `code` is the
 * HTTP status when there was one. The admission handler answers it with HTTP 500, so the
 * webhook's failurePolicy decides.
 */
export class ApiServerError extends WebhookError {
  override name = 'ApiServerError';
  constructor(
    readonly operation: string,
    readonly code: number | undefined,
    options: { cause: unknown },
  ) {
    const cause = options.cause instanceof Error ? options.cause.message : String(options.cause);
    super(`${operation} failed${code === undefined ? '' : ` with HTTP ${code}`}: ${cause}`, options);
  }
}

/** The HTTP status of a client-node ApiException or watch error, if the failure had one. */
export function statusCodeOf(err: unknown): number | undefined {
  const fields = err as { code?: unknown; statusCode?: unknown } | null;
  if (typeof fields?.code === 'number') return fields.code;
  if (typeof fields?.statusCode === 'number') return fields.statusCode;
  return undefined;
}

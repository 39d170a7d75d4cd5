import { join } from 'node:path';
import { RbacAuthorizationV1Api, type KubeConfig } from '@kubernetes/client-node';
import { exited } from './etcd.js';
import type { ManagedProcess, ProcessSupervisor } from './processes.js';
import { waitFor } from './wait.js';

/**
 * Starts kube-controller-manager (the same Kubernetes release as kube-apiserver) running only the
 * ClusterRole aggregation controller: it is what fills the built-in view, edit and admin roles from
 * ClusterRoles labelled `rbac.authorization.k8s.io/aggregate-to-*`, so a test of the chart's user
 * roles through `edit` proves what a real cluster does. No serving port, no leader election, and the
 * administrator's credentials (it needs no per-controller service accounts for this one controller).
 * Resolves once the built-in `edit` role has been filled.
 */
export async function startControllerManager(
  binary: string, runDir: string, kubeconfig: string, admin: KubeConfig, supervisor: ProcessSupervisor,
): Promise<ManagedProcess> {
  const env = { ...process.env };
  for (const key of ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'ALL_PROXY', 'all_proxy']) delete env[key];
  const manager = await supervisor.start({
    name: 'kube-controller-manager',
    command: binary,
    args: [
      `--kubeconfig=${kubeconfig}`, '--controllers=clusterrole-aggregation', '--leader-elect=false',
      '--use-service-account-credentials=false', '--bind-address=127.0.0.1', '--secure-port=0', '--v=1',
    ],
    logFile: join(runDir, 'kube-controller-manager.log'),
    env,
  });
  const rbac = admin.makeApiClient(RbacAuthorizationV1Api);
  await waitFor(async () => ((await rbac.readClusterRole({ name: 'edit' })).rules?.length ? true : undefined), {
    what: 'the ClusterRole aggregation controller to fill the built-in edit role',
    timeoutMs: 60_000,
    intervalMs: 500,
    abortReason: () => exited(manager),
  });
  return manager;
}

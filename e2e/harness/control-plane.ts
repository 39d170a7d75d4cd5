import { join } from 'node:path';
import type { KubeConfig } from '@kubernetes/client-node';
import { startKubeApiServer, type KubeApiServer, type TokenUser } from './apiserver.js';
import { startControllerManager } from './controller-manager.js';
import { startEtcd, type Etcd } from './etcd.js';
import { loadKubeConfig, writeKubeconfig, type Credentials } from './kubeconfig.js';
import { createPki, type Pki } from './pki.js';
import type { ProcessSupervisor } from './processes.js';
import type { ToolPaths } from './tools.js';

/** etcd, kube-apiserver and kube-controller-manager's role aggregation on loopback, and ways to talk to them as each user. */
export interface ControlPlane {
  pki: Pki;
  etcd: Etcd;
  apiServer: KubeApiServer;
  /** The administrator's kubeconfig file (for helm). */
  adminKubeconfig: string;
  credentials(user: TokenUser | { name: string; token: string }, namespace?: string): Credentials;
  client(user: TokenUser | { name: string; token: string }): KubeConfig;
}

/** Starts etcd, kube-apiserver and the role aggregation controller for one run; their files and logs go to `runDir`. */
export async function startControlPlane(
  tools: ToolPaths, runDir: string, supervisor: ProcessSupervisor,
): Promise<ControlPlane> {
  const pki = await createPki(runDir);
  const etcd = await startEtcd(tools.etcd, runDir, supervisor);
  const apiServer = await startKubeApiServer(tools.kubeApiServer, runDir, etcd.clientUrl, pki, supervisor);
  const credentials = (user: { name: string; token: string }, namespace?: string): Credentials => ({
    server: apiServer.url, caFile: pki.ca.cert, user: user.name, token: user.token, namespace,
  });
  const adminKubeconfig = await writeKubeconfig(join(runDir, 'admin.kubeconfig'), credentials(apiServer.users.admin));
  await startControllerManager(tools.kubeControllerManager, runDir, adminKubeconfig, loadKubeConfig(credentials(apiServer.users.admin)), supervisor);
  return {
    pki, etcd, apiServer, adminKubeconfig, credentials,
    client: (user) => loadKubeConfig(credentials(user)),
  };
}

import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { exited } from './etcd.js';
import { get } from './http.js';
import { freePort } from './ports.js';
import type { Pki } from './pki.js';
import type { ManagedProcess, ProcessSupervisor } from './processes.js';
import { waitFor } from './wait.js';

/** A user of the static token file. */
export interface TokenUser {
  name: string;
  token: string;
  groups: string[];
}

/** The run's users: an administrator (bypasses RBAC) and a developer whose rights come from RBAC only. */
export interface Users {
  admin: TokenUser;
  developer: TokenUser;
}

/** A running kube-apiserver. */
export interface KubeApiServer {
  process: ManagedProcess;
  url: string;
  users: Users;
}

function createUsers(): Users {
  const token = (): string => randomBytes(24).toString('hex');
  return {
    admin: { name: 'e2e-admin', token: token(), groups: ['system:masters'] },
    developer: { name: 'e2e-developer', token: token(), groups: ['e2e-developers'] },
  };
}

async function writeTokenFile(path: string, users: Users): Promise<void> {
  const line = (u: TokenUser): string => `${u.token},${u.name},${u.name},"${u.groups.join(',')}"`;
  await writeFile(path, `${line(users.admin)}\n${line(users.developer)}\n`, { mode: 0o600 });
}

/**
 * Starts kube-apiserver on 127.0.0.1 with static-token authentication and RBAC, a per-run etcd prefix,
 * and ServiceAccount token signing (so the chart's ServiceAccount can get a real token). ServiceAccount
 * admission is off: with no controller manager nobody would create the `default` accounts it waits for.
 * The environment is stripped of proxy variables so webhook calls go straight to 127.0.0.1.
 */
export async function startKubeApiServer(
  binary: string, runDir: string, etcdUrl: string, pki: Pki, supervisor: ProcessSupervisor,
): Promise<KubeApiServer> {
  const port = await freePort();
  const url = `https://127.0.0.1:${port}`;
  const users = createUsers();
  const tokenFile = join(runDir, 'tokens.csv');
  await writeTokenFile(tokenFile, users);
  const env = { ...process.env };
  for (const key of ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'ALL_PROXY', 'all_proxy']) delete env[key];
  const apiServer = await supervisor.start({
    name: 'kube-apiserver',
    command: binary,
    args: [
      `--etcd-servers=${etcdUrl}`, `--etcd-prefix=/e2e-${randomBytes(4).toString('hex')}`,
      '--bind-address=127.0.0.1', `--secure-port=${port}`, `--cert-dir=${runDir}`,
      `--tls-cert-file=${pki.apiServer.cert}`, `--tls-private-key-file=${pki.apiServer.key}`,
      `--client-ca-file=${pki.ca.cert}`, `--token-auth-file=${tokenFile}`, '--authorization-mode=RBAC',
      `--service-account-issuer=${url}`, `--service-account-key-file=${pki.serviceAccount.publicKey}`,
      `--service-account-signing-key-file=${pki.serviceAccount.privateKey}`,
      '--service-cluster-ip-range=10.0.0.0/24', '--allow-privileged=true',
      '--enable-admission-plugins=MutatingAdmissionWebhook,ValidatingAdmissionWebhook',
      '--disable-admission-plugins=ServiceAccount', '--profiling=false', '--v=1',
    ],
    logFile: join(runDir, 'kube-apiserver.log'),
    env,
  });
  await waitFor(async () => ((await get(`${url}/readyz`, { caFile: pki.ca.cert })).body === 'ok' ? true : undefined), {
    what: 'kube-apiserver /readyz',
    timeoutMs: 120_000,
    intervalMs: 500,
    abortReason: () => exited(apiServer),
  });
  return { process: apiServer, url, users };
}

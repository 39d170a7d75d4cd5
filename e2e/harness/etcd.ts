import { mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import { freePort } from './ports.js';
import type { ManagedProcess, ProcessSupervisor } from './processes.js';
import { get } from './http.js';
import { waitFor } from './wait.js';

/** A running etcd and the URL clients use. */
export interface Etcd {
  process: ManagedProcess;
  clientUrl: string;
  /** On tmpfs; the caller removes it after stopping the process. */
  dataDir: string;
}

/** Where etcd keeps its data: tmpfs, because fsync is slow under gVisor and the data dies with the run anyway. */
const TMPFS = '/dev/shm';

/**
 * Starts a single-member etcd on 127.0.0.1 (client, peer and metrics listeners all on loopback, random
 * ports) with its data on tmpfs and fsync off, and waits until `/health` reports healthy.
 */
export async function startEtcd(binary: string, runDir: string, supervisor: ProcessSupervisor): Promise<Etcd> {
  const [client, peer, metrics] = [await freePort(), await freePort(), await freePort()];
  const dataDir = await mkdtemp(join(TMPFS, 'imagestream-webhook-e2e-etcd-'));
  const clientUrl = `http://127.0.0.1:${client}`;
  const peerUrl = `http://127.0.0.1:${peer}`;
  const process = await supervisor.start({
    name: 'etcd',
    command: binary,
    args: [
      '--name=e2e', `--data-dir=${dataDir}`,
      `--listen-client-urls=${clientUrl}`, `--advertise-client-urls=${clientUrl}`,
      `--listen-peer-urls=${peerUrl}`, `--initial-advertise-peer-urls=${peerUrl}`,
      `--initial-cluster=e2e=${peerUrl}`, `--listen-metrics-urls=http://127.0.0.1:${metrics}`,
      '--unsafe-no-fsync', '--log-level=warn',
    ],
    logFile: join(runDir, 'etcd.log'),
  });
  await waitFor(async () => ((await get(`${clientUrl}/health`)).body.includes('"health":"true"') ? true : undefined), {
    what: 'etcd /health',
    timeoutMs: 30_000,
    abortReason: () => exited(process),
  });
  return { process, clientUrl, dataDir };
}

/** Why waiting is pointless: the process exited, with the tail of its log. */
export function exited(process: ManagedProcess): string | undefined {
  const status = process.exitStatus();
  return status === undefined ? undefined : `${process.name} ${status}; log ${process.logFile}:\n${process.logTail()}`;
}

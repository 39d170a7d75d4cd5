import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CoreV1Api, type KubeConfig } from '@kubernetes/client-node';
import { parse, stringify } from 'yaml';
import type { Release } from './chart.js';
import { exited } from './etcd.js';
import { get } from './http.js';
import { writeKubeconfig, type Credentials } from './kubeconfig.js';
import type { ManagedProcess, ProcessSupervisor } from './processes.js';
import { REPO_ROOT } from './tools.js';
import { waitFor } from './wait.js';

/** The controller's name in the chart (Deployment, ServiceAccount, ConfigMap, Lease). */
export function controllerName(release: Release): string {
  return `${release.name}-controller`;
}

/**
 * Writes the import controller's files from what `helm install` created: its config from the chart's
 * ConfigMap (with `overrides` merged over the top level, e.g. a short scheduled interval and the test
 * registry's CA) and a kubeconfig holding a TokenRequest token of the chart's controller ServiceAccount,
 * so the chart's RBAC is exactly what the process gets.
 */
export async function writeControllerFiles(
  admin: KubeConfig, release: Release, runDir: string,
  credentials: (user: { name: string; token: string }, namespace?: string) => Credentials,
  overrides: Record<string, unknown>,
): Promise<{ config: string; kubeconfig: string }> {
  const core = admin.makeApiClient(CoreV1Api);
  const name = controllerName(release);
  const ns = release.namespace;
  const map = await core.readNamespacedConfigMap({ name, namespace: ns });
  const rendered = parse(map.data?.['config.yaml'] ?? '') as Record<string, unknown> | null;
  if (rendered === null) throw new Error(`ConfigMap ${ns}/${name} has no config.yaml: was the chart installed with the controller?`);
  const config = join(runDir, 'controller-config.yaml');
  await writeFile(config, stringify({ ...rendered, ...overrides }));
  const token = await core.createNamespacedServiceAccountToken({ name, namespace: ns, body: { spec: { audiences: [], expirationSeconds: 7200 } } });
  const value = token.status?.token;
  if (value === undefined) throw new Error(`TokenRequest for ServiceAccount ${ns}/${name} returned no token`);
  const kubeconfig = await writeKubeconfig(join(runDir, 'controller.kubeconfig'), credentials({ name: `system:serviceaccount:${ns}:${name}`, token: value }, ns));
  return { config, kubeconfig };
}

/** `node dist/src/main.js controller` as a child process on 127.0.0.1, as the chart's Deployment runs it. */
export class LocalController {
  private process: ManagedProcess | undefined;
  private starts = 0;

  constructor(
    private readonly files: { config: string; kubeconfig: string },
    private readonly metricsPort: number,
    private readonly runDir: string,
    private readonly supervisor: ProcessSupervisor,
    /** Half the chart's default controller memory limit (256Mi), passed with the 4 MiB semi-space as its Deployment does (NODE_OPTIONS). */
    private readonly maxHeapMegabytes = 128,
  ) {}

  /** Starts the process and waits until `/readyz` answers 200 (image streams listed). */
  async start(): Promise<void> {
    this.starts += 1;
    const started = await this.supervisor.start({
      name: 'controller',
      command: process.execPath,
      args: [
        join(REPO_ROOT, 'dist', 'src', 'main.js'), 'controller',
        '--kubeconfig', this.files.kubeconfig, '--config', this.files.config,
        '--metrics-listen', `127.0.0.1:${this.metricsPort}`, '--leader-elect=true',
      ],
      logFile: join(this.runDir, `controller-${this.starts}.log`),
      cwd: REPO_ROOT,
      env: { ...process.env, NODE_OPTIONS: `--max-old-space-size=${this.maxHeapMegabytes} --max-semi-space-size=4` },
    });
    this.process = started;
    await waitFor(async () => ((await get(`http://127.0.0.1:${this.metricsPort}/readyz`)).status === 200 ? true : undefined), {
      what: 'controller /readyz',
      timeoutMs: 60_000,
      abortReason: () => exited(started),
    });
  }

  /** SIGTERM (SIGKILL after the grace period); resolves to how the process ended. */
  async stop(): Promise<string | undefined> {
    const running = this.process;
    await running?.stop();
    this.process = undefined;
    return running?.exitStatus();
  }

  /** The process id, for the benchmark's memory readings. */
  pid(): number | undefined {
    return this.process?.pid;
  }

  exitStatus(): string | undefined {
    return this.process?.exitStatus();
  }

  async metrics(): Promise<string> {
    return (await get(`http://127.0.0.1:${this.metricsPort}/metrics`)).body;
  }

  /** Everything the current process has logged (its log file is appended to across starts), for tests that grep it. */
  async logText(): Promise<string> {
    const running = this.process;
    return running === undefined ? '' : readFile(running.logFile, 'utf8');
  }

  logTail(): string {
    return this.process?.logTail(40) ?? '(controller not running)';
  }
}

import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubernetesObjectApi, type KubeConfig } from '@kubernetes/client-node';
import type { TokenUser } from './apiserver.js';
import { Helm, type Release } from './chart.js';
import { writeConfig, writeWebhookFiles } from './chart-files.js';
import { assertLoopbackWebhooks } from './loopback-guard.js';
import { mergeValues, type Values } from './values.js';
import { startControlPlane, type ControlPlane } from './control-plane.js';
import { freePort } from './ports.js';
import { ProcessSupervisor } from './processes.js';
import { locateTools } from './tools.js';
import { LocalWebhook } from './webhook.js';

/** The release the suite installs; its name contains the chart name, so it is also every object's name. */
export const RELEASE: Release = { name: 'imagestream-webhook', namespace: 'imagestream-webhook' };

/** Everything one run started. */
export interface Running {
  runDir: string;
  controlPlane: ControlPlane;
  helm: Helm;
  webhook: LocalWebhook;
  admin: KubeConfig;
  objects(user?: TokenUser): KubernetesObjectApi;
}

const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

const keepLogs = (): boolean => process.env['KEEP_E2E_LOGS'] !== undefined;

/** URL mode at the local webhook's port, and no Pods: the chart's own switch for a webhook run outside the cluster. */
function localProcessValues(port: number): Values {
  return { replicaCount: 0, webhook: { url: `https://127.0.0.1:${port}` } };
}

/**
 * One end-to-end run: etcd and kube-apiserver on loopback, the chart installed with `helm install` in
 * URL mode (`webhook.url=https://127.0.0.1:<port>`, no replicas), and the webhook as a local process
 * with the chart's TLS Secret, ConfigMap and ServiceAccount token. {@link stop} tears everything down,
 * and exit and signal handlers kill every process group even if mocha never reaches its `after` hook.
 */
export class E2eEnvironment {
  private running: Running | undefined;
  private readonly supervisor = new ProcessSupervisor();
  /** Directories the run made: the run directory first, then etcd's data on tmpfs. */
  private readonly scratch: string[] = [];

  /** The run's process supervisor, for scenarios that start processes of their own (stopped with the run). */
  get processes(): ProcessSupervisor {
    return this.supervisor;
  }

  /** The run, once {@link start} has finished. */
  get run(): Running {
    if (this.running === undefined) throw new Error('the end-to-end environment is not started (see the before hook\'s error)');
    return this.running;
  }

  async start(values: Values): Promise<Running> {
    this.trapExit();
    const runDir = await mkdtemp(join(tmpdir(), 'imagestream-webhook-e2e-'));
    this.scratch.push(runDir);
    const tools = await locateTools();
    const controlPlane = await startControlPlane(tools, runDir, this.supervisor);
    this.scratch.push(controlPlane.etcd.dataDir);
    const admin = controlPlane.client(controlPlane.apiServer.users.admin);
    const helm = new Helm(tools.helm, controlPlane.adminKubeconfig, runDir);
    const ports = { port: await freePort(), metricsPort: await freePort() };
    await helm.install(RELEASE, mergeValues(values, localProcessValues(ports.port)));
    await assertLoopbackWebhooks(admin, RELEASE, ports.port);
    const spec = await writeWebhookFiles(admin, RELEASE, runDir, controlPlane.credentials, ports);
    const webhook = new LocalWebhook(spec, runDir, this.supervisor);
    await webhook.start();
    this.running = {
      runDir, controlPlane, helm, webhook, admin,
      objects: (user) => KubernetesObjectApi.makeApiClient(user === undefined ? admin : controlPlane.client(user)),
    };
    return this.running;
  }

  /**
   * `helm upgrade` to `values` (the whole set), then restarts the webhook with the re-rendered config
   * (a Deployment would roll its Pods on the ConfigMap checksum the same way).
   */
  async reconfigure(values: Values): Promise<void> {
    const run = this.run;
    await run.helm.upgrade(RELEASE, mergeValues(values, localProcessValues(run.webhook.port)));
    await assertLoopbackWebhooks(run.admin, RELEASE, run.webhook.port);
    await run.webhook.stop();
    await writeConfig(run.admin, RELEASE, join(run.runDir, 'webhook-config.yaml'));
    await run.webhook.start();
  }

  /** Stops every process and removes the run's files; logs are kept when KEEP_E2E_LOGS is set. */
  async stop(): Promise<void> {
    await this.supervisor.stopAll();
    for (const dir of this.disposable()) await rm(dir, { recursive: true, force: true });
    const [runDir] = this.scratch;
    if (keepLogs() && runDir !== undefined) process.stderr.write(`e2e logs kept in ${runDir}\n`);
    this.untrap();
  }

  /** What teardown removes: everything, or all but the run directory (logs) when KEEP_E2E_LOGS is set. */
  private disposable(): string[] {
    return keepLogs() ? this.scratch.slice(1) : this.scratch;
  }

  private readonly onExit = (): void => {
    this.supervisor.killAllNow();
    for (const dir of this.disposable()) rmSync(dir, { recursive: true, force: true });
  };
  private readonly onSignal = (signal: NodeJS.Signals): void => {
    this.supervisor.killAllNow();
    process.exit(128 + (signal === 'SIGINT' ? 2 : signal === 'SIGHUP' ? 1 : 15));
  };

  private trapExit(): void {
    process.on('exit', this.onExit);
    for (const s of SIGNALS) process.on(s, this.onSignal);
  }

  private untrap(): void {
    process.off('exit', this.onExit);
    for (const s of SIGNALS) process.off(s, this.onSignal);
  }
}

import { join } from 'node:path';
import { exited } from './etcd.js';
import { get } from './http.js';
import type { ManagedProcess, ProcessSupervisor } from './processes.js';
import { REPO_ROOT } from './tools.js';
import { waitFor } from './wait.js';

/** Files and ports of a webhook run as a local process, the way the chart's Deployment would run it. */
export interface WebhookSpec {
  port: number;
  metricsPort: number;
  tlsCert: string;
  tlsKey: string;
  /** The CA that signed `tlsCert` (the chart's), for the readiness probe. */
  caFile: string;
  config: string;
  /** Holds the chart ServiceAccount's token: the chart's RBAC is what the webhook gets. */
  kubeconfig: string;
}

/**
 * The webhook (`node dist/src/main.js serve`) as a child process on 127.0.0.1. It can be stopped and
 * started again on the same port, which is what the API server's webhook configuration points at.
 */
export class LocalWebhook {
  private process: ManagedProcess | undefined;
  private starts = 0;

  constructor(
    private readonly spec: WebhookSpec,
    private readonly runDir: string,
    private readonly supervisor: ProcessSupervisor,
  ) {}

  get port(): number {
    return this.spec.port;
  }

  get url(): string {
    return `https://127.0.0.1:${this.spec.port}`;
  }

  /** Starts the process and waits until its `/readyz` answers 200 (image streams listed). */
  async start(): Promise<void> {
    if (this.process !== undefined && this.process.exitStatus() === undefined) return;
    this.starts += 1;
    const started = await this.supervisor.start({
      name: 'webhook',
      command: process.execPath,
      args: [
        join(REPO_ROOT, 'dist', 'src', 'main.js'), 'serve',
        '--listen', `127.0.0.1:${this.spec.port}`, '--metrics-listen', `127.0.0.1:${this.spec.metricsPort}`,
        '--tls-cert', this.spec.tlsCert, '--tls-key', this.spec.tlsKey,
        '--config', this.spec.config, '--kubeconfig', this.spec.kubeconfig,
      ],
      logFile: join(this.runDir, `webhook-${this.starts}.log`),
      cwd: REPO_ROOT,
    });
    this.process = started;
    await waitFor(async () => ((await get(`${this.url}/readyz`, { caFile: this.spec.caFile })).status === 200 ? true : undefined), {
      what: 'webhook /readyz',
      timeoutMs: 60_000,
      abortReason: () => exited(started),
    });
  }

  async stop(): Promise<void> {
    await this.process?.stop();
    this.process = undefined;
  }

  /** Prometheus text from the metrics listener. */
  async metrics(): Promise<string> {
    return (await get(`http://127.0.0.1:${this.spec.metricsPort}/metrics`)).body;
  }

  logTail(): string {
    return this.process?.logTail() ?? '(webhook not running)';
  }
}

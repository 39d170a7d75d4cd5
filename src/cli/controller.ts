/**
 * `imagestream-webhook controller`: the import controller's composition root, the only place its
 * parts are wired (config, kube client, registry client, informer, queue, Lease, metrics).
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { SYSTEM_CLOCK } from '../clock.js';
import { DEFAULT_CONTROLLER_CONFIG, loadControllerConfigFile, type ControllerConfig } from '../config/controller-config.js';
import { describeFileError } from '../config/files.js';
import type { ImportRecord } from '../controller/import-stream.js';
import { createControllerMetrics, type ControllerMetrics } from '../controller/metrics.js';
import { PullSecretController } from '../controller/pull-secret-controller.js';
import { createImportRuntime, runtimeMetricSources, type ImportRuntime } from '../controller/runtime.js';
import { ConfigError, InputError } from '../errors.js';
import { startMetricsServer } from '../http/metrics-server.js';
import { loadKubeConnection, type KubeConnection } from '../kube/kube-connection.js';
import { createRestClient } from '../kube/rest-client.js';
import type { Logger } from '../log.js';
import { createRegistryClient, type ClosableRegistryClient } from '../registry/index.js';
import { collectGarbage } from '../store/collect-garbage.js';
import { CONTROLLER_USAGE, parseControllerFlags, type ControllerOptions } from './controller-flags.js';
import { runService } from './run-service.js';

/** In a pod: POD_NAMESPACE or the pod's own namespace; outside: the kubeconfig context's namespace. */
function leaseNamespace(options: ControllerOptions, env: NodeJS.ProcessEnv, connection: KubeConnection): string {
  if (options.leaseNamespace !== undefined) return options.leaseNamespace;
  if (options.kubeconfig === undefined && env.POD_NAMESPACE) return env.POD_NAMESPACE;
  return connection.namespace ?? 'default';
}

/** Two clients over the same options: scheduled checks share recent answers, on-demand imports do not. */
async function createRegistries(config: ControllerConfig): Promise<{ shared: ClosableRegistryClient; fresh: ClosableRegistryClient; close(): void }> {
  const file = config.registries.caBundleFile;
  let caBundle: string | undefined;
  if (file !== '') {
    try {
      caBundle = await readFile(file, 'utf8');
    } catch (err) {
      throw new ConfigError(`registries.caBundleFile ${file}`, [describeFileError(err)], { cause: err });
    }
  }
  const r = config.registries;
  const options = {
    caBundle,
    credentials: r.useCredentials ? 'pullSecrets' : 'none',
    allowedRegistries: config.import.allowedRegistries,
    blockedRegistries: config.import.blockedRegistries,
    allowLinkLocal: r.allowLinkLocal,
    rateLimit: { requestsPerSecond: r.requestsPerSecond, burst: r.burst },
    timeoutMs: r.timeoutSeconds * 1000,
  } as const;
  const shared = createRegistryClient(options);
  const fresh = createRegistryClient({ ...options, shareTtlMs: 0 });
  return { shared, fresh, close: () => [shared, fresh].forEach((client) => client.close()) };
}

/** One log line and two metric updates per registry import; the record never holds credentials. */
function recordImport(logger: Logger, metrics: ControllerMetrics): (record: ImportRecord) => void {
  return (record) => {
    metrics.imports.inc({ registry: record.registry, result: record.outcome, reason: record.reason ?? '' });
    metrics.importDuration.observe({ registry: record.registry, result: record.outcome }, record.durationMs / 1000);
    logger.info({ ...record, durationMs: Math.round(record.durationMs) }, 'import');
  };
}

export interface RunningController {
  healthPort: number;
  shutdown(): Promise<void>;
}

/** Starts everything or nothing: a failure stops what already started, then propagates. */
export async function startController(options: ControllerOptions, env: NodeJS.ProcessEnv, logger: Logger): Promise<RunningController> {
  const config = options.config === undefined ? DEFAULT_CONTROLLER_CONFIG : await loadControllerConfigFile(options.config);
  const connection = loadKubeConnection({ ...(options.kubeconfig === undefined ? {} : { kubeconfig: options.kubeconfig }), env });
  const registries = await createRegistries(config);
  const client = createRestClient(connection);
  const runtimeRef: { current?: ImportRuntime } = {};
  const metrics = createControllerMetrics(runtimeMetricSources(() => runtimeRef.current));
  const { leaseName, ...election } = config.leaderElection;
  const runtime = createImportRuntime({
    client,
    clock: SYSTEM_CLOCK,
    logger,
    metrics,
    registry: registries.shared,
    freshRegistry: registries.fresh,
    settings: config.import,
    workers: config.workers,
    scheduledIntervalMs: config.scheduled.minimumIntervalSeconds * 1000,
    scheduledPerMinute: config.scheduled.maxPerMinute,
    ...(options.leaderElect
      ? { lease: { namespace: leaseNamespace(options, env, connection), name: leaseName, identity: `${hostname()}_${randomUUID().slice(0, 8)}`, ...election } }
      : {}),
    onImport: recordImport(logger, metrics),
    onListed: collectGarbage,
    triggers: options.triggers,
    ...(options.integratedRegistry === undefined ? {} : {
      pullSecrets: new PullSecretController({ client, clock: SYSTEM_CLOCK, logger, registry: options.integratedRegistry, pullerClusterRole: options.imagePullerRole }),
    }),
    watchPullSecrets: config.registries.useCredentials,
    reportingInstance: hostname(),
  });
  runtimeRef.current = runtime;
  const probes = { isReady: () => runtime.informer.isSynced() && (runtime.triggers?.isSynced() ?? true), notReady: 'informer not synced' };
  const health = await startMetricsServer({ ...options.metricsListen, registry: metrics.registry, probes }).catch((err: unknown) => {
    registries.close();
    client.close();
    throw new InputError(`--metrics-listen ${options.metricsListen.host}:${options.metricsListen.port}`, [err instanceof Error ? err.message : String(err)], { cause: err });
  });
  runtime.start();
  logger.info({ healthPort: health.address.port, leaderElect: options.leaderElect, triggers: options.triggers, workers: config.workers }, 'import controller started');
  return {
    healthPort: health.address.port,
    shutdown: async () => {
      await runtime.stop(options.shutdownGraceMs);
      await health.close();
      registries.close();
      client.close();
    },
  };
}

/** Exit codes: 2 bad flags, 1 bad configuration or start-up failure, 0 after a clean shutdown. */
export function runController(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return runService({
    name: 'controller', usage: CONTROLLER_USAGE, flagsSource: 'controller flags', parse: parseControllerFlags,
    start: (options: ControllerOptions, logger) => startController(options, env, logger),
  }, argv);
}

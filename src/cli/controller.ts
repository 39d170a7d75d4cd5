/**
 * `imagestream-webhook controller`: the import controller's composition root, the only place its
 * parts are wired (config, kube client, registry client, informer, queue, Lease, metrics).
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { KubeConfig } from '@kubernetes/client-node';
import { DEFAULT_CONTROLLER_CONFIG, loadControllerConfigFile, type ControllerConfig } from '../config/controller-config.js';
import { describeFileError } from '../config/files.js';
import { ImportController } from '../controller/controller.js';
import type { ImportRecord } from '../controller/import-stream.js';
import { createStreamApi } from '../controller/kube-io.js';
import { LeaderElector } from '../controller/leader-election.js';
import { createNamespaceAccess } from '../controller/namespace-access.js';
import { createControllerMetrics, type ControllerMetrics } from '../controller/metrics.js';
import { StreamInformer } from '../controller/stream-informer.js';
import { ConfigError, InputError } from '../errors.js';
import { startMetricsServer } from '../http/metrics-server.js';
import { loadKubeConfig } from '../kube/kube-config.js';
import { createLogger, type Logger, type RootLogger } from '../log.js';
import { createRegistryClient, type ClosableRegistryClient } from '../registry/index.js';
import { CONTROLLER_USAGE, parseControllerFlags, type ControllerOptions } from './controller-flags.js';

const NAMESPACE_FILE = '/var/run/secrets/kubernetes.io/serviceaccount/namespace';

/** In a pod: POD_NAMESPACE or the mounted namespace file; outside: the kubeconfig context's namespace. */
function leaseNamespace(options: ControllerOptions, env: NodeJS.ProcessEnv, kubeConfig: KubeConfig): string {
  if (options.leaseNamespace !== undefined) return options.leaseNamespace;
  if (options.kubeconfig === undefined && env.POD_NAMESPACE) return env.POD_NAMESPACE;
  if (options.kubeconfig === undefined && existsSync(NAMESPACE_FILE)) return readFileSync(NAMESPACE_FILE, 'utf8').trim();
  return kubeConfig.getContextObject(kubeConfig.getCurrentContext())?.namespace || 'default';
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
  const kubeConfig = loadKubeConfig({ ...(options.kubeconfig === undefined ? {} : { kubeconfig: options.kubeconfig }), env });
  const registries = await createRegistries(config);
  const api = createStreamApi(kubeConfig);
  let informer: StreamInformer | undefined;
  let elector: LeaderElector | undefined;
  const controllerRef: { current?: ImportController } = {};
  const metrics = createControllerMetrics({
    queueDepth: () => controllerRef.current?.queueDepth() ?? 0,
    scheduledBacklog: () => controllerRef.current?.scheduler.backlog(Date.now()) ?? 0,
    scheduledTags: () => controllerRef.current?.scheduler.size() ?? 0,
    imageStreams: () => informer?.size() ?? 0,
    isLeader: () => (options.leaderElect ? (elector?.isLeader() ?? false) : true),
  });
  const controller = new ImportController({
    streams: { get: (namespace, name) => informer?.get(namespace, name), streams: () => informer?.streams() ?? [] },
    api,
    imports: {
      registry: registries.shared,
      freshRegistry: registries.fresh,
      pullSecrets: (namespace) => api.pullSecrets(namespace).catch((err: unknown) => {
        logger.warn({ namespace, error: err instanceof Error ? err.message : String(err) }, 'reading pull secrets failed; importing anonymously');
        return [];
      }),
      settings: config.import,
      lookup: (namespace, name) => informer?.get(namespace, name),
      mayUseNamespace: createNamespaceAccess(kubeConfig),
      elapsedMs: () => performance.now(),
      onImport: recordImport(logger, metrics),
    },
    workers: config.workers,
    scheduledIntervalMs: config.scheduled.minimumIntervalSeconds * 1000,
    scheduledPerMinute: config.scheduled.maxPerMinute,
    logger,
    metrics,
    clock: { now: () => new Date() },
  });
  controllerRef.current = controller;
  informer = new StreamInformer({ kubeConfig, logger, handlers: controller.handlers });
  const streams = informer;
  const probes = { isReady: () => streams.isSynced(), notReady: 'informer not synced' };
  const health = await startMetricsServer({ ...options.metricsListen, registry: metrics.registry, probes }).catch((err: unknown) => {
    registries.close();
    throw new InputError(`--metrics-listen ${options.metricsListen.host}:${options.metricsListen.port}`, [err instanceof Error ? err.message : String(err)], { cause: err });
  });
  informer.start();
  if (options.leaderElect) {
    const namespace = leaseNamespace(options, env, kubeConfig);
    elector = new LeaderElector({
      kubeConfig,
      namespace,
      name: config.leaderElection.leaseName,
      identity: `${hostname()}_${randomUUID().slice(0, 8)}`,
      ...config.leaderElection,
      logger,
      onStartedLeading: () => controller.startLeading(),
      onStoppedLeading: () => void controller.stopLeading(),
    });
    elector.start();
  } else {
    controller.startLeading();
  }
  logger.info({ healthPort: health.address.port, leaderElect: options.leaderElect, workers: config.workers }, 'import controller started');
  return {
    healthPort: health.address.port,
    shutdown: async () => {
      await elector?.stop();
      const stopped = controller.stopLeading();
      const grace = new Promise<void>((resolve) => setTimeout(resolve, options.shutdownGraceMs).unref());
      await Promise.race([stopped, grace]);
      await streams.stop();
      await health.close();
      registries.close();
    },
  };
}

function signalled(): Promise<string> {
  return new Promise((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
}

/** Exit codes: 2 bad flags, 1 bad configuration or start-up failure, 0 after a clean shutdown. */
export async function runController(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  // Flags first, for the log level; a flag problem is then logged at the default level.
  let options: ControllerOptions | 'help' | undefined;
  let flagProblem: unknown;
  try {
    options = parseControllerFlags(argv);
  } catch (err) {
    flagProblem = err;
  }
  if (options === 'help') {
    process.stdout.write(CONTROLLER_USAGE);
    return 0;
  }
  const logger: RootLogger = createLogger({ level: options?.logLevel ?? 'info' });
  try {
    if (options === undefined) throw flagProblem;
    const running = await startController(options, env, logger);
    const signal = await signalled();
    logger.info({ signal }, 'shutting down');
    await running.shutdown();
    logger.info({}, 'stopped');
    return 0;
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    logger.error({ source: err.source, problems: err.problems }, 'cannot start');
    process.stderr.write(`controller: ${err.message}\n${err.source === 'controller flags' ? CONTROLLER_USAGE : ''}`);
    return err.source === 'controller flags' ? 2 : 1;
  } finally {
    // Log lines are written in batches: drain them before the process may be made to exit.
    await new Promise<void>((resolve) => logger.flush(resolve));
  }
}

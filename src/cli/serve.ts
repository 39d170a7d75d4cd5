import { createAdmissionEdge } from '../admission/edge.js';
import { createImageStreamHandler } from '../admission/imagestream-handler.js';
import { createAdmissionMetrics } from '../admission/metrics.js';
import { createPodTemplateHandler } from '../admission/pod-template-handler.js';
import { loadImageStreams } from '../config/image-stream-source.js';
import { DEFAULT_POLICY_CONFIG } from '../config/policy-config.js';
import { createPolicyReloader } from '../config/policy-reloader.js';
import type { Lookups, PolicyConfig } from '../core/types.js';
import { InputError } from '../errors.js';
import { createApp } from '../http/app.js';
import { createMetricsRegistry, startMetricsServer } from '../http/metrics-server.js';
import { createHttpMetrics } from '../http/metrics.js';
import { startHttpsServer, type RunningServer } from '../http/server.js';
import { createTlsReloader } from '../http/tls-reloader.js';
import { createLogger, errorFields, type RootLogger } from '../log.js';
import { createCacheMetrics, type CacheMetrics } from '../kube/cache-metrics.js';
import { collectGarbage } from '../store/collect-garbage.js';
import { ImageStreamStore } from '../store/image-stream-store.js';
import { createStoreLookups } from '../store/store-lookups.js';
import { signalled } from './run-service.js';
import { parseServeFlags, USAGE, type ServeOptions } from './serve-flags.js';


/**
 * Where ImageStreams come from: the static `--imagestreams` files or the cluster informer. The
 * Kubernetes client modules are imported only for the cluster, which keeps static start-up fast and small.
 */
interface ImageStreamSource {
  lookups: Lookups;
  isReady(): boolean;
  stop(): Promise<void>;
}

async function createSource(options: ServeOptions, env: NodeJS.ProcessEnv, logger: RootLogger, metrics: CacheMetrics): Promise<ImageStreamSource> {
  if (options.imagestreams !== undefined) {
    const store = new ImageStreamStore();
    for (const stream of await loadImageStreams(options.imagestreams, (full) => store.compact(full))) store.put(stream);
    collectGarbage();
    metrics.imageStreams.set(store.size);
    logger.info({ imageStreams: store.size, source: options.imagestreams }, 'static ImageStreams loaded');
    return { lookups: createStoreLookups(store), isReady: () => true, stop: () => Promise.resolve() };
  }
  const [{ loadKubeConnection }, { createRestClient }, { createImageStreamCache }, { createImageStreamGetter }, { createClusterLookups }, { createAccessReviewer, createAccessReviews }] =
    await Promise.all([
      import('../kube/kube-connection.js'),
      import('../kube/rest-client.js'),
      import('../kube/image-stream-cache.js'),
      import('../kube/image-stream-api.js'),
      import('../kube/cluster-lookups.js'),
      import('../kube/access-review.js'),
    ]);
  const client = createRestClient(loadKubeConnection({ ...(options.kubeconfig === undefined ? {} : { kubeconfig: options.kubeconfig }), env }));
  const cache = createImageStreamCache({ client, logger, metrics });
  cache.start();
  const lookups = createClusterLookups({
    cache,
    getImageStream: createImageStreamGetter(client),
    canGetImageStreams: createAccessReviewer(createAccessReviews({ client, ttlMs: 10_000, cacheRefusals: true })),
    logger,
    metrics,
  });
  const stop = async (): Promise<void> => {
    await cache.stop();
    client.close();
  };
  return { lookups, isReady: () => cache.isSynced(), stop };
}

/** A running webhook: where it listens and how to stop it. */
export interface RunningWebhook {
  server: RunningServer;
  metricsPort: number;
  shutdown(): Promise<void>;
}

/**
 * The composition root: loads the policy configuration (kept current from its file) and the
 * ImageStream source, then starts the certificate reloader, the HTTPS admission server and the metrics listener. Everything else in
 * the project receives what it needs from here. Starting is all-or-nothing: if a later step
 * fails, the earlier ones are stopped before the error propagates.
 */
export async function startServe(options: ServeOptions, env: NodeJS.ProcessEnv, logger: RootLogger): Promise<RunningWebhook> {
  const policy = options.config === undefined
    ? undefined
    : await createPolicyReloader({ file: options.config, pollIntervalMs: options.certificatePollMs, logger });
  const config: PolicyConfig = policy?.current() ?? { ...DEFAULT_POLICY_CONFIG };
  const registry = createMetricsRegistry();
  const metrics = createHttpMetrics(registry);
  const closers: (() => Promise<void> | void)[] = [];
  const closeAll = async (): Promise<void> => {
    for (const close of closers.reverse()) await close();
  };
  if (policy !== undefined) closers.push(() => policy.close());
  try {
    const source = await createSource(options, env, logger, createCacheMetrics(registry));
    closers.push(() => source.stop());
    let server: RunningServer | undefined;
    const reloader = await createTlsReloader({
      certFile: options.tlsCert,
      keyFile: options.tlsKey,
      pollIntervalMs: options.certificatePollMs,
      onReload: (certificate) => server?.setCertificate(certificate),
      logger,
      metrics,
    });
    closers.push(() => reloader.close());
    const metricsServer = await startMetricsServer({ ...options.metricsListen, registry });
    closers.push(() => metricsServer.close());
    let stopping = false;
    const podTemplates = createPodTemplateHandler({
      config, lookups: source.lookups, ...(policy === undefined ? {} : { currentConfig: () => policy.current() }),
    });
    const edge = createAdmissionEdge({ handlers: [podTemplates, createImageStreamHandler()], logger, metrics: createAdmissionMetrics(registry) });
    const app = createApp({ edge, metrics, isReady: () => !stopping && source.isReady(), maxInFlightBytes: options.maxInFlightBytes });
    const { host, port } = options.listen;
    const running = await startHttpsServer({ app, certificate: reloader.current(), host, port });
    server = running;
    closers.push(() => running.close(options.shutdownGraceMs));
    logger.info({ host, port: running.address.port, metricsPort: metricsServer.address.port, resolveImages: config.resolveImages }, 'serving');
    return {
      server: running,
      metricsPort: metricsServer.address.port,
      shutdown: async () => {
        stopping = true;
        await closeAll();
      },
    };
  } catch (err) {
    await closeAll();
    throw err;
  }
}

/** Resolves true when `work` settles within `ms`, false when the deadline passes first. */
async function settlesWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([work.then(() => true, () => true), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** Extra time beyond the drain limit for closing the informer, the reloader and the metrics listener. */
const SHUTDOWN_SLACK_MS = 2_000;

/**
 * `imagestream-webhook serve`: runs until SIGTERM or SIGINT, then stops accepting connections,
 * finishes in-flight reviews and returns 0. Exit codes: 2 bad flags; 1 bad configuration, files or
 * certificates, a port in use or any other start-up failure (the message names which), or a
 * shutdown that overran the drain limit; 0 after a clean shutdown. The caller exits the process
 * with the code: sockets such as the informer's watch must not keep a stopped webhook alive.
 * `onServing` runs once the server listens (`npm start` prints its curl line there).
 */
export async function runServe(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
  onServing: (webhook: RunningWebhook) => void = () => undefined,
): Promise<number> {
  // Flags first, for the log level; a flag problem is then logged at the default level.
  let options: ServeOptions | 'help' | undefined;
  let flagProblem: unknown;
  try {
    options = parseServeFlags(argv);
  } catch (err) {
    flagProblem = err;
  }
  if (options === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  const logger = createLogger({ level: options?.logLevel ?? 'info' });
  try {
    if (options === undefined) throw flagProblem;
    const webhook = await startServe(options, env, logger);
    onServing(webhook);
    const signal = await signalled();
    logger.info({ signal, inFlight: webhook.server.inFlight() }, 'shutting down');
    if (!(await settlesWithin(webhook.shutdown(), options.shutdownGraceMs + SHUTDOWN_SLACK_MS))) {
      logger.error({ drainLimitMs: options.shutdownGraceMs }, 'shutdown overran the drain limit; exiting anyway');
      return 1;
    }
    logger.info({}, 'stopped');
    return 0;
  } catch (err) {
    return startFailure(err, logger);
  } finally {
    await new Promise<void>((resolve) => logger.flush(resolve));
  }
}

/** Maps a start-up error to its exit code and says what failed, on stderr and in the log. */
function startFailure(err: unknown, logger: RootLogger): number {
  if (err instanceof InputError) {
    logger.error({ source: err.source, problems: err.problems }, 'cannot start');
    process.stderr.write(`serve: ${err.message}\n${err.source === 'serve flags' ? USAGE : ''}`);
    return err.source === 'serve flags' ? 2 : 1;
  }
  logger.error(errorFields(err), 'cannot start');
  process.stderr.write(`serve: cannot start: ${errorFields(err).error}\n`);
  return 1;
}

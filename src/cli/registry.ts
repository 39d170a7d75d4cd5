/**
 * `imagestream-webhook registry`: the integrated registry companion's composition root, the only
 * place its parts are wired: the token server (HTTPS `/token`), the notification receiver (plain
 * HTTP `/events` on the pod's loopback), the Kubernetes client, the signing key and metrics.
 */
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { SYSTEM_CLOCK } from '../clock.js';
import { DEFAULT_CONTROLLER_CONFIG } from '../config/controller-config.js';
import { describeFileError } from '../config/files.js';
import type { ImageStream } from '../core/types.js';
import { createStreamApi } from '../controller/kube-io.js';
import { ConfigError, InputError } from '../errors.js';
import { createMetricsRegistry, startMetricsServer } from '../http/metrics-server.js';
import { createHttpMetrics } from '../http/metrics.js';
import { listenPlain } from '../http/plain-listener.js';
import { startHttpsServer, type RunningServer } from '../http/server.js';
import { createTlsReloader } from '../http/tls-reloader.js';
import { EventIds } from '../integrated-registry/event-ids.js';
import { createEventsEndpoint } from '../integrated-registry/edges/events-endpoint.js';
import { createIntegratedRegistryMetrics } from '../integrated-registry/edges/metrics.js';
import { recordPush } from '../integrated-registry/edges/record-push.js';
import { createTokenEndpoint } from '../integrated-registry/edges/token-endpoint.js';
import { createTokenSigner } from '../integrated-registry/edges/token-signer.js';
import { createAccessReviews } from '../kube/access-review.js';
import { loadKubeConnection } from '../kube/kube-connection.js';
import { IMAGE_STREAMS } from '../kube/resource-types.js';
import { createObject, getObject } from '../kube/resources.js';
import { createRestClient } from '../kube/rest-client.js';
import { createTokenReviewer } from '../kube/token-review.js';
import type { Logger } from '../log.js';
import { parseRegistryFlags, REGISTRY_USAGE, type RegistryOptions } from './registry-flags.js';
import { runService } from './run-service.js';

async function readText(file: string, flag: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`${flag} ${file}`, [describeFileError(err)], { cause: err });
  }
}

/** The events token: the file's content without surrounding whitespace (a trailing newline is usual). */
async function readEventsToken(file: string): Promise<string> {
  const token = (await readText(file, '--events-token-file')).trim();
  if (token === '') throw new ConfigError(`--events-token-file ${file}`, ['the file is empty']);
  return token;
}

export interface RunningRegistryCompanion {
  tokenPort: number;
  eventsPort: number;
  metricsPort: number;
  shutdown(): Promise<void>;
}

/** Starts everything or nothing: a failure stops what already started, then propagates. */
export async function startRegistryCompanion(options: RegistryOptions, env: NodeJS.ProcessEnv, logger: Logger): Promise<RunningRegistryCompanion> {
  const signer = await createTokenSigner(await readText(options.tokenKey, '--token-key'), `--token-key ${options.tokenKey}`);
  const eventsToken = await readEventsToken(options.eventsTokenFile);
  const connection = loadKubeConnection({ ...(options.kubeconfig === undefined ? {} : { kubeconfig: options.kubeconfig }), env });
  const client = createRestClient(connection);
  const closers: (() => Promise<void> | void)[] = [() => client.close()];
  const closeAll = async (): Promise<void> => {
    for (const close of closers.reverse()) await close();
  };
  try {
    const registry = createMetricsRegistry();
    const metrics = createIntegratedRegistryMetrics(registry);
    // Refusals are not cached: a RoleBinding made after a refused push works at the next attempt.
    const reviews = createAccessReviews({ client, ttlMs: 10_000, cacheRefusals: false });
    const streams = createStreamApi(client);
    let server: RunningServer | undefined;
    const reloader = await createTlsReloader({
      certFile: options.tlsCert, keyFile: options.tlsKey, pollIntervalMs: options.certificatePollMs,
      onReload: (certificate) => server?.setCertificate(certificate), logger, metrics: createHttpMetrics(registry),
    });
    closers.push(() => reloader.close());
    const tokenApp = createTokenEndpoint({
      service: options.service, issuer: options.issuer, reviewToken: createTokenReviewer(client), reviews,
      streamExists: async (namespace, name) => (await getObject<ImageStream>(client, IMAGE_STREAMS, { namespace, name }, 5000)) !== undefined,
      signer, clock: SYSTEM_CLOCK, logger, metrics,
    });
    const eventsApp = createEventsEndpoint({
      eventsToken, ids: new EventIds(), logger, metrics,
      recordPush: (push) => recordPush(push, {
        api: streams, clock: SYSTEM_CLOCK, registryHostname: options.registryHostname, historyLimit: DEFAULT_CONTROLLER_CONFIG.import.historyLimit,
        createStream: (namespace, name) => createObject<ImageStream>(client, IMAGE_STREAMS, namespace, {
          apiVersion: 'image.openshift.io/v1', kind: 'ImageStream', metadata: { name, namespace }, spec: { lookupPolicy: { local: false } },
        }),
      }),
    });
    const events = await listenPlain(createServer(eventsApp), options.eventsListen.host, options.eventsListen.port).catch((err: unknown) => {
      throw new InputError(`--events-listen ${options.eventsListen.host}:${options.eventsListen.port}`, [err instanceof Error ? err.message : String(err)], { cause: err });
    });
    closers.push(() => events.close());
    const health = await startMetricsServer({ ...options.metricsListen, registry, probes: { isReady: () => server !== undefined, notReady: 'starting' } });
    closers.push(() => health.close());
    const running = await startHttpsServer({ app: tokenApp, certificate: reloader.current(), ...options.listen });
    server = running;
    closers.push(() => running.close(options.shutdownGraceMs));
    logger.info({ tokenPort: running.address.port, eventsPort: events.address.port, metricsPort: health.address.port, service: options.service, issuer: options.issuer, keyId: signer.keyId, registryHostname: options.registryHostname }, 'registry companion started');
    return { tokenPort: running.address.port, eventsPort: events.address.port, metricsPort: health.address.port, shutdown: closeAll };
  } catch (err) {
    await closeAll();
    throw err;
  }
}

/** Exit codes: 2 bad flags, 1 bad configuration or start-up failure, 0 after a clean shutdown. */
export function runRegistryCompanion(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return runService({
    name: 'registry', usage: REGISTRY_USAGE, flagsSource: 'registry flags', parse: parseRegistryFlags,
    start: (options: RegistryOptions, logger) => startRegistryCompanion(options, env, logger),
  }, argv);
}

/**
 * The import controller's runtime over one API server client and one clock: the ImageStream
 * informer (shared list+watch code, the controller's projection), the controller with its queue
 * and scheduler, and leader election on a Lease. The `controller` command builds it from flags and
 * files; the runtime tests build it against a local fake API server and a hand-moved clock.
 */
import type { Clock } from '../clock.js';
import type { ImageStream } from '../core/types.js';
import type { ImportSettings } from '../import/types.js';
import { createAccessReviews } from '../kube/access-review.js';
import { createEventRecorder } from '../kube/events.js';
import { IMAGE_STREAM_COLLECTION } from '../kube/image-stream-api.js';
import { Informer, type Backoff, type InformerHandlers } from '../kube/informer.js';
import { createLeaseClient } from '../kube/leases.js';
import type { RestClient } from '../kube/rest-client.js';
import { errorFields, type Logger } from '../log.js';
import type { RegistryClient } from '../registry/types.js';
import { ImportController } from './controller.js';
import type { ImportRecord } from './import-stream.js';
import { createStreamApi } from './kube-io.js';
import { LeaderElector, type LeaseSettings } from './leader-election.js';
import type { PullSecretController } from './pull-secret-controller.js';
import type { ControllerMetrics, MetricSources } from './metrics.js';
import { createNamespaceAccess } from './namespace-access.js';
import { ProjectionPools, projectStream } from './stream-projection.js';
import { createStreamEventSender } from './stream-events.js';
import { createWakeInformers } from './wake-informers.js';
import { createTriggerRuntime, type TriggerRuntime } from './trigger-runtime.js';

export interface ImportRuntimeOptions {
  client: RestClient;
  clock: Clock;
  logger: Logger;
  metrics: ControllerMetrics;
  /** Scheduled checks; may answer from a check of the same reference a few seconds old. */
  registry: RegistryClient;
  /** New, changed and requested tags: asks the registry now. Defaults to `registry`. */
  freshRegistry?: RegistryClient;
  settings: ImportSettings;
  workers: number;
  scheduledIntervalMs: number;
  scheduledPerMinute: number;
  /** Campaign for this Lease; without it the runtime leads at once (a single replica). */
  lease?: LeaseSettings;
  onImport(record: ImportRecord): void;
  /** Runs after every full list (the command collects garbage there). */
  onListed?(): void;
  informerBackoff?: Backoff;
  pageSize?: number;
  /** First retry delay of a failed import (default 10 s). */
  retryBaseMs?: number;
  /** Run the trigger controller too (image.openshift.io/triggers on workloads); default off. */
  triggers?: boolean;
  /** The integrated registry's pull Secret controller, leading with the others; none when no registry is given. */
  pullSecrets?: PullSecretController;
  /**
   * Watch the pull Secrets' metadata to retry failed imports when one is created or changed
   * (default true; false when the controller uses no credentials, as it then may not read Secrets).
   */
  watchPullSecrets?: boolean;
  /** The `reportingInstance` of the controller's Events (the pod or host name). */
  reportingInstance?: string;
}

export interface ImportRuntime {
  readonly informer: Informer<ImageStream>;
  readonly controller: ImportController;
  /** The trigger controller, when triggers are on. */
  readonly triggers: TriggerRuntime | undefined;
  start(): void;
  isLeader(): boolean;
  /** Stops campaigning (releasing a held Lease), then work (waiting at most `graceMs` for running imports), then the informer. */
  stop(graceMs: number): Promise<void>;
}

/** The metrics' readings of a runtime that may not be built yet (the metrics are made first). */
export function runtimeMetricSources(runtime: () => ImportRuntime | undefined): MetricSources {
  return {
    queueDepth: () => runtime()?.controller.queueDepth() ?? 0,
    scheduledBacklog: () => runtime()?.controller.scheduledBacklog() ?? 0,
    scheduledTags: () => runtime()?.controller.scheduler.size() ?? 0,
    imageStreams: () => runtime()?.informer.size() ?? 0,
    isLeader: () => runtime()?.isLeader() ?? false,
    triggerIndex: () => runtime()?.triggers?.controller.index.size ?? { workloads: 0, tags: 0 },
  };
}

/** SubjectAccessReviews about namespaces are reused for 5 s when granted, never when refused. */
const NAMESPACE_ACCESS_TTL_MS = 5_000;

export function createImportRuntime(options: ImportRuntimeOptions): ImportRuntime {
  const { client, clock, logger } = options;
  const api = createStreamApi(client);
  const reviews = createAccessReviews({ client, ttlMs: NAMESPACE_ACCESS_TTL_MS, max: 4096, cacheRefusals: false });
  const pools = new ProjectionPools();
  const streams: { informer?: Informer<ImageStream> } = {};
  // Workers start once leading AND the first list is stored (client-go's WaitForCacheSync): before
  // that they would decide on a partial cache, and compete with the list for CPU and memory.
  const gate = { leading: false, synced: false };
  const lead = (): void => {
    if (gate.leading && gate.synced) controller.startLeading();
  };
  const controller = new ImportController({
    streams: { get: (namespace, name) => streams.informer?.get(namespace, name), streams: () => streams.informer?.items() ?? [] },
    api,
    imports: {
      registry: options.registry,
      ...(options.freshRegistry === undefined ? {} : { freshRegistry: options.freshRegistry }),
      pullSecrets: (namespace) => api.pullSecrets(namespace).catch((err: unknown) => {
        logger.warn({ namespace, ...errorFields(err) }, 'reading pull secrets failed; importing anonymously');
        return [];
      }),
      settings: options.settings,
      lookup: (namespace, name) => streams.informer?.get(namespace, name),
      mayUseNamespace: createNamespaceAccess(reviews),
      elapsedMs: () => clock.monotonic(),
      onImport: options.onImport,
    },
    workers: options.workers,
    scheduledIntervalMs: options.scheduledIntervalMs,
    scheduledPerMinute: options.scheduledPerMinute,
    logger,
    metrics: options.metrics,
    clock,
    ...(options.retryBaseMs === undefined ? {} : { retryBaseMs: options.retryBaseMs }),
    recordEvents: createStreamEventSender(createEventRecorder(client, clock), logger, options.reportingInstance),
  });
  const triggers = options.triggers !== true ? undefined : createTriggerRuntime({
    client, clock, logger, reviews,
    streams: () => streams.informer,
    onResult: (kind, result) => options.metrics.triggers.inc({ kind, result }),
    pageSize: options.pageSize ?? 100,
    ...(options.informerBackoff === undefined ? {} : { backoff: options.informerBackoff }),
    ...(options.onListed === undefined ? {} : { onListed: options.onListed }),
    ...(options.retryBaseMs === undefined ? {} : { retryBaseMs: options.retryBaseMs }),
  });
  const informer = new Informer<ImageStream>({
    client,
    collection: IMAGE_STREAM_COLLECTION,
    project: (object) => projectStream(object as ImageStream, pools),
    versionOf: (stream) => stream.metadata.resourceVersion,
    handlers: triggers === undefined ? controller.handlers : bothHandlers(controller.handlers, triggers.controller.streamHandlers),
    logger,
    clock,
    pageSize: options.pageSize ?? 100,
    ...(options.informerBackoff === undefined ? {} : { backoff: options.informerBackoff }),
    onListed: () => {
      options.onListed?.();
      gate.synced = true;
      lead();
      triggers?.streamsListed();
    },
  });
  streams.informer = informer;
  const wakeInformers = createWakeInformers({
    client, clock, logger,
    pullSecrets: options.watchPullSecrets ?? true,
    onChange: (cause, namespace) => controller.wake(cause, namespace),
    ...(options.informerBackoff === undefined ? {} : { backoff: options.informerBackoff }),
  });
  const elector = options.lease === undefined ? undefined : new LeaderElector({
    ...options.lease,
    leases: createLeaseClient(client),
    clock,
    logger,
    onStartedLeading: () => {
      gate.leading = true;
      lead();
      triggers?.controller.startLeading();
      options.pullSecrets?.startLeading();
    },
    onStoppedLeading: () => {
      gate.leading = false;
      void controller.stopLeading();
      void triggers?.controller.stopLeading();
      void options.pullSecrets?.stopLeading();
    },
  });
  return {
    informer,
    controller,
    triggers,
    start: () => {
      informer.start();
      triggers?.start();
      for (const wake of wakeInformers) wake.start();
      if (elector === undefined) {
        gate.leading = true;
        triggers?.controller.startLeading();
        options.pullSecrets?.startLeading();
      } else elector.start();
    },
    isLeader: () => elector?.isLeader() ?? true,
    stop: async (graceMs) => {
      await elector?.stop();
      let cancelGrace = (): void => undefined;
      const grace = new Promise<void>((resolve) => (cancelGrace = clock.setTimer(resolve, graceMs)));
      await Promise.race([Promise.all([controller.stopLeading(), triggers?.controller.stopLeading(), options.pullSecrets?.stopLeading()]), grace]);
      cancelGrace();
      await triggers?.stop();
      await Promise.all([informer, ...wakeInformers].map((each) => each.stop()));
    },
  };
}

/** The stream cache feeds both controllers; each keeps its own handlers. */
function bothHandlers(first: InformerHandlers<ImageStream>, second: InformerHandlers<ImageStream>): InformerHandlers<ImageStream> {
  return {
    added: (stream) => {
      first.added?.(stream);
      second.added?.(stream);
    },
    updated: (before, after) => {
      first.updated?.(before, after);
      second.updated?.(before, after);
    },
    deleted: (stream) => {
      first.deleted?.(stream);
      second.deleted?.(stream);
    },
  };
}

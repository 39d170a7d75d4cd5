/**
 * The trigger controller's part of the `controller` process: one informer per watched kind
 * (apps/v1 Deployments, DaemonSets, StatefulSets, batch/v1 CronJobs) whose projection keeps only
 * what triggers read, and the controller fed by those caches and by the ImageStream cache the
 * import controller already keeps. Built by the import runtime, which shares its Lease with it.
 */
import type { Clock } from '../clock.js';
import type { ImageStream } from '../core/types.js';
import type { AccessReviews } from '../kube/access-review.js';
import { createEventRecorder } from '../kube/events.js';
import { Informer, type Backoff } from '../kube/informer.js';
import { collectionPath } from '../kube/resource-types.js';
import type { RestClient } from '../kube/rest-client.js';
import type { Logger } from '../log.js';
import type { WorkloadKind } from '../triggers/types.js';
import { createNamespaceAccess } from './namespace-access.js';
import { TriggerController } from './trigger-controller.js';
import type { TriggerResult } from './trigger-report.js';
import { createWorkloadApi, projectWorkloadEntry, WORKLOAD_TYPES, type WorkloadEntry } from './trigger-io.js';

export interface TriggerRuntimeOptions {
  client: RestClient;
  clock: Clock;
  logger: Logger;
  /** The import controller's ImageStream cache. */
  streams(): Informer<ImageStream> | undefined;
  /** SubjectAccessReviews that reuse grants briefly and never refusals, so a new RoleBinding works at the next visit. */
  reviews: AccessReviews;
  onResult(kind: WorkloadKind, result: TriggerResult): void;
  onListed?(): void;
  pageSize: number;
  backoff?: Backoff;
  retryBaseMs?: number;
}

export interface TriggerRuntime {
  readonly controller: TriggerController;
  readonly informers: ReadonlyMap<WorkloadKind, Informer<WorkloadEntry>>;
  isSynced(): boolean;
  /** The ImageStream cache finished a list. */
  streamsListed(): void;
  start(): void;
  stop(): Promise<void>;
}

export function createTriggerRuntime(options: TriggerRuntimeOptions): TriggerRuntime {
  const { client, clock, logger } = options;
  const informers = new Map<WorkloadKind, Informer<WorkloadEntry>>();
  const workloadsSynced = (): boolean => [...informers.values()].every((informer) => informer.isSynced());
  const controller: TriggerController = new TriggerController({
    workload: (kind, namespace, name) => informers.get(kind)?.get(namespace, name),
    workloads: function* () {
      for (const informer of informers.values()) yield* informer.items();
    },
    stream: (namespace, name) => options.streams()?.get(namespace, name),
    synced: () => workloadsSynced() && options.streams()?.isSynced() === true,
    api: createWorkloadApi(client, createEventRecorder(client, clock)),
    mayUseNamespace: createNamespaceAccess(options.reviews),
    onResult: options.onResult,
    logger,
    clock,
    ...(options.retryBaseMs === undefined ? {} : { retryBaseMs: options.retryBaseMs }),
  });
  for (const [kind, type] of WORKLOAD_TYPES) {
    informers.set(kind, new Informer<WorkloadEntry>({
      client,
      collection: { path: collectionPath(type), resource: `${type.plural}.${type.group}` },
      project: (object) => projectWorkloadEntry(kind, object),
      versionOf: (entry) => entry.version,
      handlers: controller.workloadHandlers(),
      logger,
      clock,
      pageSize: options.pageSize,
      ...(options.backoff === undefined ? {} : { backoff: options.backoff }),
      onListed: () => {
        options.onListed?.();
        controller.listed();
      },
    }));
  }
  return {
    controller,
    informers,
    isSynced: workloadsSynced,
    streamsListed: () => controller.listed(),
    start: () => informers.forEach((informer) => informer.start()),
    stop: async () => {
      await controller.stopLeading();
      await Promise.all([...informers.values()].map((informer) => informer.stop()));
    },
  };
}

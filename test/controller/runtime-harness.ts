/**
 * The import controller's runtime (informer, queue, scheduler, Lease, status writes) wired as the
 * `controller` command wires it, but over the fake API server, an in-memory registry and a
 * ManualClock, so a test can drop watches, answer 410, storm status writes and move time.
 */
import { createControllerMetrics, type ControllerMetrics } from '../../src/controller/metrics.js';
import type { ImportRecord } from '../../src/controller/import-stream.js';
import type { LeaseSettings } from '../../src/controller/leader-election.js';
import { createImportRuntime, runtimeMetricSources, type ImportRuntime } from '../../src/controller/runtime.js';
import type { ImageStream, NamedTagEventList } from '../../src/core/types.js';
import { createRestClient, type RestClient } from '../../src/kube/rest-client.js';
import { createLogger } from '../../src/log.js';
import { eventually } from '../http/support.js';
import { Da, FakeRegistry, SETTINGS } from '../import/support.js';
import { FakeApiServer } from '../support/fake-apiserver.js';
import type { StoredObject } from '../support/fake-apiserver/server.js';
import { ManualClock } from '../support/manual-clock.js';

export const REF = '127.0.0.1:5000/acme/app:1';
export const LEASES = 'leases.coordination.k8s.io';
export const LEASE: LeaseSettings = {
  namespace: 'imagestream-system', name: 'imagestream-import-controller', identity: 'replica-a',
  leaseDurationSeconds: 15, renewDeadlineSeconds: 10, retryPeriodSeconds: 2,
};

export interface Harness {
  api: FakeApiServer;
  client: RestClient;
  clock: ManualClock;
  registry: FakeRegistry;
  runtime: ImportRuntime;
  metrics: ControllerMetrics;
  imports: ImportRecord[];
  stop(): Promise<void>;
}

export interface HarnessOptions {
  streams?: ImageStream[];
  lease?: boolean;
  scheduledIntervalMs?: number;
  pageSize?: number;
  /** Return before the informer's first list completed (default: wait for it). */
  unsynced?: boolean;
  /** Run the trigger controller too. */
  triggers?: boolean;
  /** Other objects in the API server from the start, by the fake's resource name (`deployments.apps`). */
  objects?: { resource: string; object: StoredObject }[];
  /** Default: one answering `REF` with `Da`. */
  registry?: FakeRegistry;
  /** First retry delay of a failed import (default 1 s). */
  retryBaseMs?: number;
}

export async function startHarness(options: HarnessOptions = {}, prepare: (api: FakeApiServer) => void = () => undefined): Promise<Harness> {
  const api = new FakeApiServer({ protocol: 'http' });
  for (const stream of options.streams ?? []) api.put(stream);
  prepare(api);
  for (const { resource, object } of options.objects ?? []) api.store.put(resource, object);
  await api.start();
  const client = createRestClient(api.connection());
  const clock = new ManualClock();
  const registry = options.registry ?? new FakeRegistry({ [REF]: Da });
  const imports: ImportRecord[] = [];
  const holder: { runtime?: ImportRuntime } = {};
  const metrics = createControllerMetrics(runtimeMetricSources(() => holder.runtime), { processMetrics: false });
  const runtime = createImportRuntime({
    client, clock, metrics, registry, settings: SETTINGS, logger: createLogger({ level: 'silent' }),
    workers: 2, scheduledIntervalMs: options.scheduledIntervalMs ?? 60_000, scheduledPerMinute: 600,
    ...(options.lease === true ? { lease: LEASE } : {}),
    onImport: (record) => imports.push(record),
    informerBackoff: { initialMs: 500, maxMs: 30_000 },
    retryBaseMs: options.retryBaseMs ?? 1000,
    ...(options.pageSize === undefined ? {} : { pageSize: options.pageSize }),
    ...(options.triggers === true ? { triggers: true } : {}),
  });
  holder.runtime = runtime;
  runtime.start();
  if (options.unsynced !== true) await eventually('the informer synced', () => runtime.informer.isSynced() && (runtime.triggers?.isSynced() ?? true));
  return {
    api, client, clock, registry, runtime, metrics, imports,
    stop: async () => {
      await runtime.stop(0);
      client.close();
      await api.stop();
    },
  };
}

/** The status tags the fake API server holds for a stream. */
export function statusTags(api: FakeApiServer, name: string, namespace = 'myproject'): NamedTagEventList[] {
  return ((api.stream(namespace, name)?.status as { tags?: NamedTagEventList[] } | undefined)?.tags) ?? [];
}

/** The digest of a status tag's newest event, as stored by the fake API server. */
export function imported(api: FakeApiServer, name: string, tag: string): string | undefined {
  return statusTags(api, name).find((entry) => entry.tag === tag)?.items?.[0]?.image;
}

/** Status PUTs the fake API server received, in order. */
export function statusWrites(api: FakeApiServer): string[] {
  return api.requests.filter((line) => line.startsWith('PUT ') && line.endsWith('/status'));
}

/** Advances the clock in steps of `stepMs` until `check` holds: timers set by async work get to run. */
export async function advanceUntil(clock: ManualClock, what: string, check: () => boolean, stepMs = 500): Promise<void> {
  await eventually(what, () => {
    if (check()) return true;
    clock.advance(stepMs);
    return false;
  });
}

/**
 * The import controller's Prometheus metrics, on their own Registry. Label values are bounded:
 * `registry` is a host[:port] from a spec tag (admins control which registries are reachable),
 * `result` is Imported/Failed and `reason` one of the RegistryError reasons.
 */
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { createMetricsRegistry } from '../http/metrics-server.js';

export interface ControllerMetrics {
  registry: Registry;
  imports: Counter<'registry' | 'result' | 'reason'>;
  importDuration: Histogram<'registry' | 'result'>;
  queueDepth: Gauge;
  scheduledBacklog: Gauge;
  scheduledTags: Gauge;
  imageStreams: Gauge;
  statusWrites: Counter<'result'>;
  leader: Gauge;
  /** Trigger controller visits that wrote or failed, by workload kind and result (Updated, Conflict, Invalid, Failed). */
  triggers: Counter<'kind' | 'result'>;
  triggerWorkloads: Gauge;
  triggerStreamTags: Gauge;
}

export interface MetricSources {
  queueDepth(): number;
  scheduledBacklog(): number;
  scheduledTags(): number;
  imageStreams(): number;
  isLeader(): boolean;
  /** The trigger index's size; absent while triggers are off. */
  triggerIndex?(): { workloads: number; tags: number };
}

export function createControllerMetrics(sources: MetricSources, options: { processMetrics?: boolean } = {}): ControllerMetrics {
  const registry = createMetricsRegistry(options);
  const registers = [registry];
  const gauge = (name: string, help: string, read: () => number): Gauge =>
    new Gauge({ name, help, registers, collect() { this.set(read()); } });
  return {
    registry,
    imports: new Counter({
      name: 'imagestream_controller_imports_total',
      help: 'Registry imports of one tag, by registry host, result (Imported, Failed) and failure reason.',
      labelNames: ['registry', 'result', 'reason'],
      registers,
    }),
    importDuration: new Histogram({
      name: 'imagestream_controller_import_duration_seconds',
      help: 'Time of one tag import from the registry (HEAD, and GET when needed), by registry and result.',
      labelNames: ['registry', 'result'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    queueDepth: gauge('imagestream_controller_queue_depth', 'ImageStreams waiting in the work queue.', sources.queueDepth),
    scheduledBacklog: gauge('imagestream_controller_scheduled_backlog', 'Scheduled tag checks that are due but held back by the rate limit.', sources.scheduledBacklog),
    scheduledTags: gauge('imagestream_controller_scheduled_tags', 'Tags with importPolicy.scheduled known to the scheduler.', sources.scheduledTags),
    imageStreams: gauge('imagestream_controller_imagestreams', 'ImageStreams held by the informer.', sources.imageStreams),
    statusWrites: new Counter({
      name: 'imagestream_controller_status_writes_total',
      help: 'Status subresource writes by result (written, conflict, error).',
      labelNames: ['result'],
      registers,
    }),
    leader: gauge('imagestream_controller_leader', '1 while this replica holds the leader Lease.', () => (sources.isLeader() ? 1 : 0)),
    triggers: new Counter({
      name: 'imagestream_controller_triggers_total',
      help: 'Image change trigger visits of a workload that wrote or could not, by kind and result (Updated, Conflict, Invalid, Failed).',
      labelNames: ['kind', 'result'],
      registers,
    }),
    triggerWorkloads: gauge('imagestream_controller_trigger_workloads', 'Workloads with image change triggers in the trigger index.', () => sources.triggerIndex?.().workloads ?? 0),
    triggerStreamTags: gauge('imagestream_controller_trigger_stream_tags', 'Distinct image stream tags followed by triggers.', () => sources.triggerIndex?.().tags ?? 0),
  };
}

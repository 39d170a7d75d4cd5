import { createServer, type Server } from 'node:http';
import { listenPlain, type PlainListener } from './http/plain-listener.js';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Informer lifecycle as exported by `imagestream_webhook_informer_state`. */
export type InformerState = 'Starting' | 'Synced' | 'Disconnected' | 'Stopped';

const INFORMER_STATES: readonly InformerState[] = ['Starting', 'Synced', 'Disconnected', 'Stopped'];

/** Every Prometheus metric the webhook exports, registered on its own Registry (never the global one). */
export interface WebhookMetrics {
  registry: Registry;
  reviews: Counter<'phase' | 'outcome'>;
  reviewDuration: Histogram<'phase' | 'outcome'>;
  badRequests: Counter<'code'>;
  imageStreams: Gauge;
  cacheLookups: Counter<'result'>;
  informerState: Gauge<'state'>;
  tlsReloads: Counter<'result'>;
  /** Event-loop delay since the previous scrape; a blocked loop is the first sign of a costly request. */
  eventLoopDelay: Gauge<'quantile'>;
  /** Bytes of admission bodies and answers held right now (the in-flight budget's use), read at each scrape. */
  inFlightBytes: Gauge;
  /** Names what `inFlightBytes` reads at a scrape: the admission server's byte budget. */
  measureInFlightBytes(read: () => number): void;
}

/**
 * Creates the metric set on a fresh Registry, so two servers in one test process never share
 * counters. Latency buckets start at 0.5 ms because a cached review takes well under 5 ms.
 */
export function createMetrics(options: { processMetrics?: boolean } = {}): WebhookMetrics {
  const registry = new Registry();
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry });
  const registers = [registry];
  let inFlight = (): number => 0;
  return {
    registry,
    reviews: new Counter({
      name: 'imagestream_webhook_reviews_total',
      help: 'Admission reviews answered, by endpoint phase and outcome (Ignored, Unchanged, Mutated, Rejected, Error).',
      labelNames: ['phase', 'outcome'],
      registers,
    }),
    reviewDuration: new Histogram({
      name: 'imagestream_webhook_review_duration_seconds',
      help: 'Time from a parsed AdmissionReview to its answer, by phase and outcome.',
      labelNames: ['phase', 'outcome'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    }),
    badRequests: new Counter({
      name: 'imagestream_webhook_bad_requests_total',
      help: 'Requests answered with an HTTP error before any review (400 malformed, 413 too large, 404, 405).',
      labelNames: ['code'],
      registers,
    }),
    imageStreams: new Gauge({
      name: 'imagestream_webhook_imagestream_cache_size',
      help: 'ImageStreams currently held in the cache (informer or static source).',
      registers,
    }),
    cacheLookups: new Counter({
      name: 'imagestream_webhook_imagestream_cache_lookups_total',
      help: 'ImageStream lookups by result: hit, miss (live GET), negative_hit (recently not found).',
      labelNames: ['result'],
      registers,
    }),
    informerState: new Gauge({
      name: 'imagestream_webhook_informer_state',
      help: 'ImageStream informer state: 1 for the current state, 0 for the others.',
      labelNames: ['state'],
      registers,
    }),
    tlsReloads: new Counter({
      name: 'imagestream_webhook_tls_reloads_total',
      help: 'Serving certificate reloads by result (success, failure: the previous certificate stays).',
      labelNames: ['result'],
      registers,
    }),
    eventLoopDelay: createEventLoopDelayGauge(registers),
    // Read when scraped rather than set per request: two sets per review showed in serve's profile.
    inFlightBytes: new Gauge({
      name: 'imagestream_webhook_in_flight_bytes',
      help: 'Bytes of admission request bodies and answers currently held, against the in-flight budget.',
      registers,
      collect() {
        this.set(inFlight());
      },
    }),
    measureInFlightBytes: (read) => {
      inFlight = read;
    },
  };
}

/** Resolution of the event-loop delay sampler: coarse enough to cost nothing, fine enough to see a stall. */
const EVENT_LOOP_RESOLUTION_MS = 10;

/**
 * `imagestream_webhook_event_loop_delay_seconds{quantile}`: p50, p99 and max of the event-loop
 * delay (perf_hooks `monitorEventLoopDelay`) since the previous scrape, which resets it. Always
 * on, unlike Node's default process metrics, because a stalled loop stalls every review.
 */
function createEventLoopDelayGauge(registers: Registry[]): Gauge<'quantile'> {
  const histogram = monitorEventLoopDelay({ resolution: EVENT_LOOP_RESOLUTION_MS });
  histogram.enable();
  return new Gauge({
    name: 'imagestream_webhook_event_loop_delay_seconds',
    help: 'Event-loop delay since the previous scrape (p50, p99, max), from perf_hooks monitorEventLoopDelay.',
    labelNames: ['quantile'],
    registers,
    collect() {
      const seconds = (nanoseconds: number): number => (Number.isFinite(nanoseconds) ? nanoseconds / 1e9 : 0);
      this.set({ quantile: '0.5' }, seconds(histogram.percentile(50)));
      this.set({ quantile: '0.99' }, seconds(histogram.percentile(99)));
      this.set({ quantile: 'max' }, seconds(histogram.max));
      histogram.reset();
    },
  });
}

/** Sets the one-hot informer state gauge. */
export function setInformerState(metrics: WebhookMetrics, state: InformerState): void {
  for (const candidate of INFORMER_STATES) metrics.informerState.set({ state: candidate }, candidate === state ? 1 : 0);
}

/** A running plain-HTTP `/metrics` listener. */
export type MetricsServer = PlainListener;

/**
 * Serves `GET /metrics` from `registry` over plain HTTP on host:port (port 0 picks a free port).
 * Plain HTTP because Prometheus scrapes it inside the cluster; it carries no admission data.
 */
export function serveMetrics(registry: Registry, host: string, port: number): Promise<MetricsServer> {
  const server: Server = createServer((req, res) => {
    if (req.method !== 'GET' || req.url?.split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: only GET /metrics is served here\n');
      return;
    }
    registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text),
      (err: unknown) => res.writeHead(500, { 'content-type': 'text/plain' }).end(`collecting metrics failed: ${String(err)}\n`),
    );
  });
  return listenPlain(server, host, port);
}

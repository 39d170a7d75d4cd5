/**
 * The admission server's own Prometheus metrics: answers refused before any review, the
 * in-flight byte budget, serving-certificate reloads and the event loop that every review shares.
 * Review counts live with the admission edge (src/admission/metrics.ts).
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Counter, Gauge, type Registry } from 'prom-client';

export interface HttpMetrics {
  badRequests: Counter<'code'>;
  tlsReloads: Counter<'result'>;
  /** Event-loop delay since the previous scrape; a blocked loop is the first sign of a costly request. */
  eventLoopDelay: Gauge<'quantile'>;
  /** Bytes of admission bodies and answers held right now (the in-flight budget's use), read at each scrape. */
  inFlightBytes: Gauge;
  /** Names what `inFlightBytes` reads at a scrape: the admission server's byte budget. */
  measureInFlightBytes(read: () => number): void;
}

/** Registers the admission server's metrics on `registry`. */
export function createHttpMetrics(registry: Registry): HttpMetrics {
  const registers = [registry];
  let inFlight = (): number => 0;
  return {
    badRequests: new Counter({
      name: 'imagestream_webhook_bad_requests_total',
      help: 'Requests answered with an HTTP error before any review (400 malformed, 413 too large, 415, 429, 404, 405).',
      labelNames: ['code'],
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

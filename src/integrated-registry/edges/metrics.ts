/** The integrated registry companion's Prometheus metrics. */
import { Counter, type Registry } from 'prom-client';

export interface IntegratedRegistryMetrics {
  /** Token requests by outcome: issued, unauthorized, bad_request, unavailable. */
  tokenRequests: Counter<'result'>;
  /** Actions asked for in token requests, by action and whether the token grants it. */
  tokenActions: Counter<'action' | 'result'>;
  /** Notification events by result: recorded, unchanged, ignored, duplicate, dropped, failed. */
  events: Counter<'result'>;
  /** Notification requests refused before any event was read: unauthorized, bad_request, too_large. */
  eventRequestsRefused: Counter<'reason'>;
}

export function createIntegratedRegistryMetrics(registry: Registry): IntegratedRegistryMetrics {
  const registers = [registry];
  return {
    tokenRequests: new Counter({ name: 'imagestream_registry_token_requests_total', help: 'Token requests by outcome.', labelNames: ['result'], registers }),
    tokenActions: new Counter({
      name: 'imagestream_registry_token_actions_total',
      help: 'Repository actions asked for in token requests, by action (pull, push) and result (granted, refused).',
      labelNames: ['action', 'result'],
      registers,
    }),
    events: new Counter({
      name: 'imagestream_registry_events_total',
      help: 'Registry notification events by result (recorded, unchanged, ignored, duplicate, dropped, failed).',
      labelNames: ['result'],
      registers,
    }),
    eventRequestsRefused: new Counter({
      name: 'imagestream_registry_event_requests_refused_total',
      help: 'Notification requests refused before any event was read, by reason.',
      labelNames: ['reason'],
      registers,
    }),
  };
}

/**
 * The ImageStream cache's Prometheus metrics (the webhook's informer and lookups, or the static
 * source's size): how many streams are held, how lookups were answered and the informer's state.
 */
import { Counter, Gauge, type Registry } from 'prom-client';
import type { InformerState } from './informer.js';

const INFORMER_STATES: readonly InformerState[] = ['Starting', 'Synced', 'Disconnected', 'Stopped'];

export interface CacheMetrics {
  imageStreams: Gauge;
  cacheLookups: Counter<'result'>;
  informerState: Gauge<'state'>;
}

/** Registers the cache's metrics on `registry`. */
export function createCacheMetrics(registry: Registry): CacheMetrics {
  const registers = [registry];
  return {
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
  };
}

/** Sets the one-hot informer state gauge. */
export function setInformerState(metrics: CacheMetrics, state: InformerState): void {
  for (const candidate of INFORMER_STATES) metrics.informerState.set({ state: candidate }, candidate === state ? 1 : 0);
}

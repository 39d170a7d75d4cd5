import { expect } from 'chai';
import type { ImageStream } from '../../src/core/types.js';
import { createImageStreamCache, type ImageStreamCache } from '../../src/kube/image-stream-cache.js';
import { createRestClient, type RestClient } from '../../src/kube/rest-client.js';
import { createLogger } from '../../src/log.js';
import type { Registry } from 'prom-client';
import { createMetricsRegistry } from '../../src/http/metrics-server.js';
import { createCacheMetrics, type CacheMetrics } from '../../src/kube/cache-metrics.js';
import { ALL, Da, Db, digest, imageStream } from '../helpers/builders.js';
import { eventually } from '../http/support.js';
import { FakeApiServer } from '../support/fake-apiserver.js';

const Dx = digest('9');
const php = (image: string): ImageStream =>
  imageStream('php', { local: true, repository: 'r/myproject/php', status: { '8.3': [{ dockerImageReference: `php@${image}`, image }] } });

describe('ImageStream cache: informer over a local list/watch API server', () => {
  let api: FakeApiServer;
  let cache: ImageStreamCache;
  let client: RestClient;
  let registry: Registry;
  let metrics: CacheMetrics;

  beforeEach(async () => {
    api = new FakeApiServer();
    for (const stream of ALL) api.put(stream);
    await api.start();
    registry = createMetricsRegistry({ processMetrics: false });
    metrics = createCacheMetrics(registry);
  });
  afterEach(async () => {
    await cache.stop();
    client.close();
    await api.stop();
  });

  function startCache(pageSize = 500): void {
    client = createRestClient(api.connection());
    cache = createImageStreamCache({
      client, logger: createLogger({ level: 'silent' }), metrics, backoff: { initialMs: 20, maxMs: 100 }, pageSize,
    });
    cache.start();
  }

  const gauge = async (name: string): Promise<string> => registry.getSingleMetricAsString(name);

  it('lists every page, then is synced and answers streams and digests from memory', async () => {
    startCache(2);
    await eventually('synced', () => cache.isSynced());
    expect(api.count('GET /apis/image.openshift.io/v1/imagestreams?')).to.be.at.least(3);
    expect(api.requests.filter((r) => r.includes('continue=')).length).to.equal(2);
    expect(cache.size()).to.equal(ALL.length);
    expect(cache.get('myproject', 'ruby')?.status?.dockerImageRepository).to.include('myproject/ruby');
    expect(cache.get('otherproj', 'ruby')).to.not.equal(undefined);
    expect(cache.get('myproject', 'python')).to.equal(undefined);
    expect(cache.hasDigest(Da)).to.equal(true);
    expect(cache.hasDigest(Dx)).to.equal(false);
    expect(await gauge('imagestream_webhook_imagestream_cache_size')).to.include(` ${ALL.length}`);
    expect(await gauge('imagestream_webhook_informer_state')).to.include('state="Synced"} 1');
  });

  it('is not synced until a list succeeds, and retries failed lists with backoff', async () => {
    api.failLists = 3;
    startCache();
    await eventually('a failed list is reported', () => cache.state() === 'Disconnected');
    expect(cache.isSynced()).to.equal(false);
    await eventually('synced after retries', () => cache.isSynced());
    expect(api.count('GET /apis/image.openshift.io/v1/imagestreams?')).to.be.at.least(4);
    expect(cache.state()).to.equal('Synced');
  });

  it('applies watch events: ADDED, MODIFIED and DELETED, with the digest index following', async () => {
    startCache();
    await eventually('synced', () => cache.isSynced());
    api.put(php(Dx));
    await eventually('added', () => cache.get('myproject', 'php')?.status?.tags?.some((t) => t.tag === '8.3') === true);
    expect(cache.hasDigest(Dx)).to.equal(true);
    api.put(php(Db));
    await eventually('modified', () => !cache.hasDigest(Dx));
    expect(cache.hasDigest(Db), 'still listed by ruby:latest and the new php').to.equal(true);
    api.remove('myproject', 'php');
    await eventually('deleted', () => cache.get('myproject', 'php') === undefined);
    expect(cache.hasDigest(Db), 'ruby:latest still lists it').to.equal(true);
    api.remove('myproject', 'ruby');
    await eventually('ruby deleted', () => cache.get('myproject', 'ruby') === undefined);
    expect(cache.hasDigest(Db)).to.equal(false);
  });

  it('keeps serving the last known streams while the API server is down, then catches up', async () => {
    startCache();
    await eventually('synced', () => cache.isSynced());
    await api.stop();
    await eventually('disconnected', () => cache.state() === 'Disconnected');
    expect(cache.get('myproject', 'ruby')).to.not.equal(undefined);
    expect(cache.isSynced(), 'readiness stays').to.equal(true);
    api.put(php(Dx));
    await api.start();
    await eventually('the event made while down arrives', () => cache.hasDigest(Dx));
    expect(cache.state()).to.equal('Synced');
  });

  it('re-lists when the watch answers 410 Gone, dropping streams deleted meanwhile', async () => {
    startCache();
    await eventually('synced', () => cache.isSynced());
    const listsBefore = api.count('GET /apis/image.openshift.io/v1/imagestreams?limit');
    api.goneNextWatch = true;
    api.endWatches();
    await eventually('re-listed', () => api.count('GET /apis/image.openshift.io/v1/imagestreams?limit') > listsBefore);
    api.remove('myproject', 'nginx');
    await eventually('nginx gone', () => cache.get('myproject', 'nginx') === undefined);
    expect(cache.size()).to.equal(ALL.length - 1);
  });
});

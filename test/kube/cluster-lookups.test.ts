import { expect } from 'chai';
import type { Lookups } from '../../src/core/types.js';
import { createAccessReviewer, createAccessReviews } from '../../src/kube/access-review.js';
import { createImageStreamGetter } from '../../src/kube/image-stream-api.js';
import { createClusterLookups } from '../../src/kube/cluster-lookups.js';
import { createImageStreamCache, type ImageStreamCache } from '../../src/kube/image-stream-cache.js';
import { ApiServerError } from '../../src/kube/api-server-error.js';
import { createRestClient, type RestClient } from '../../src/kube/rest-client.js';
import { createLogger } from '../../src/log.js';
import type { Registry } from 'prom-client';
import { createMetricsRegistry } from '../../src/http/metrics-server.js';
import { createCacheMetrics, type CacheMetrics } from '../../src/kube/cache-metrics.js';
import { ALL, Da, digest, imageStream } from '../helpers/builders.js';
import { FakeApiServer } from '../support/fake-apiserver.js';
import { eventually } from '../http/support.js';

const fresh = imageStream('fresh', { local: true, repository: 'r/myproject/fresh', status: { v1: [{ dockerImageReference: `fresh@${digest('7')}`, image: digest('7') }] } });

describe('cluster Lookups: cache, live GET on a miss, negative cache, SubjectAccessReview', () => {
  let api: FakeApiServer;
  let cache: ImageStreamCache;
  let client: RestClient;
  let registry: Registry;
  let metrics: CacheMetrics;
  let lookups: Lookups;

  async function setUp(options: { sync: boolean }): Promise<void> {
    api = new FakeApiServer();
    for (const stream of ALL) api.put(stream);
    await api.start();
    registry = createMetricsRegistry({ processMetrics: false });
    metrics = createCacheMetrics(registry);
    client = createRestClient(api.connection());
    const logger = createLogger({ level: 'silent' });
    cache = createImageStreamCache({ client, logger, metrics, backoff: { initialMs: 20, maxMs: 100 } });
    if (options.sync) {
      cache.start();
      await eventually('synced', () => cache.isSynced());
    }
    lookups = createClusterLookups({
      cache, logger, metrics, negativeTtlMs: 200,
      getImageStream: createImageStreamGetter(client, 1000),
      canGetImageStreams: createAccessReviewer(createAccessReviews({ client, ttlMs: 200, cacheRefusals: true })),
    });
  }
  afterEach(async () => {
    await cache.stop();
    client.close();
    await api.stop();
  });

  const gets = (name: string): number => api.count(`GET /apis/image.openshift.io/v1/namespaces/myproject/imagestreams/${name}`);

  it('answers cached streams without asking the API server', async () => {
    await setUp({ sync: true });
    expect((await lookups.getImageStream('myproject', 'ruby'))?.metadata.name).to.equal('ruby');
    expect(gets('ruby')).to.equal(0);
    expect(await lookups.isDigestKnown(Da)).to.equal(true);
    expect(await lookups.isDigestKnown(digest('7'))).to.equal(false);
  });

  it('finds a stream the informer has not seen yet with one live GET, even for concurrent reviews', async () => {
    await setUp({ sync: true });
    api.putUnlisted(fresh);
    const found = await Promise.all([1, 2, 3].map(() => lookups.getImageStream('myproject', 'fresh')));
    expect(found.map((stream) => stream?.metadata.name)).to.deep.equal(['fresh', 'fresh', 'fresh']);
    expect(gets('fresh')).to.equal(1);
  });

  it('makes live GETs and SubjectAccessReviews over kept-alive connections', async () => {
    await setUp({ sync: true });
    const before = api.connections;
    for (let n = 0; n < 10; n += 1) {
      expect(await lookups.getImageStream('myproject', `missing-${n}`)).to.equal(undefined);
      expect(await lookups.canGetImageStreams({ username: `user-${n}` }, 'otherproj')).to.equal(true);
    }
    expect(api.count('GET /apis/image.openshift.io/v1/namespaces/myproject/imagestreams/missing-')).to.equal(10);
    expect(api.connections - before, '20 sequential calls, one new connection at most').to.be.at.most(1);
  });

  it('remembers a missing stream for the negative TTL only', async () => {
    await setUp({ sync: true });
    expect(await lookups.getImageStream('myproject', 'python')).to.equal(undefined);
    expect(await lookups.getImageStream('myproject', 'python')).to.equal(undefined);
    expect(gets('python')).to.equal(1);
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(await lookups.getImageStream('myproject', 'python')).to.equal(undefined);
    expect(gets('python')).to.equal(2);
    const counts = await registry.getSingleMetricAsString('imagestream_webhook_imagestream_cache_lookups_total');
    expect(counts).to.include('result="miss"} 2').and.include('result="negative_hit"} 1');
  });

  it('answers "not found" from a synced cache when the API server is unreachable', async () => {
    await setUp({ sync: true });
    await api.stop();
    expect((await lookups.getImageStream('myproject', 'ruby'))?.metadata.name, 'last known stream').to.equal('ruby');
    expect(await lookups.getImageStream('myproject', 'python')).to.equal(undefined);
  });

  it('throws ApiServerError on a miss before the first list, so the review fails rather than guesses', async () => {
    await setUp({ sync: false });
    await api.stop();
    const err: unknown = await Promise.resolve(lookups.getImageStream('myproject', 'python')).then(() => undefined, (e: unknown) => e);
    expect(err).to.be.instanceOf(ApiServerError);
    expect((err as ApiServerError).operation).to.equal('get imagestreams myproject/python');
  });

  it('asks a SubjectAccessReview with the user identity and imagestreams get attributes, cached per user and namespace', async () => {
    await setUp({ sync: true });
    api.allow = (spec) => spec.resourceAttributes?.namespace === 'otherproj';
    const developer = { username: 'developer', uid: 'u-1', groups: ['team-a', 'system:authenticated'], extra: { scopes: ['user:full'] } };
    expect(await lookups.canGetImageStreams(developer, 'otherproj')).to.equal(true);
    expect(await lookups.canGetImageStreams(developer, 'otherproj')).to.equal(true);
    expect(await lookups.canGetImageStreams(developer, 'secret-project')).to.equal(false);
    expect(await lookups.canGetImageStreams({ username: 'intern' }, 'otherproj')).to.equal(true);
    expect(api.accessReviews).to.have.length(3);
    expect(api.accessReviews[0]).to.deep.equal({
      user: 'developer', uid: 'u-1', groups: ['team-a', 'system:authenticated'], extra: { scopes: ['user:full'] },
      resourceAttributes: { group: 'image.openshift.io', resource: 'imagestreams', verb: 'get', namespace: 'otherproj' },
    });
  });

  it('throws ApiServerError when the SubjectAccessReview cannot be made, and asks again next time', async () => {
    await setUp({ sync: true });
    await api.stop();
    const err: unknown = await Promise.resolve(lookups.canGetImageStreams({ username: 'developer' }, 'otherproj')).then(() => undefined, (e: unknown) => e);
    expect(err).to.be.instanceOf(ApiServerError);
    await api.start();
    expect(await lookups.canGetImageStreams({ username: 'developer' }, 'otherproj')).to.equal(true);
  });
});

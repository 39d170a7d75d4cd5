/**
 * The typed helpers of the one Kubernetes layer against the fake API server: what each sends,
 * and which error each failure becomes.
 */
import { expect } from 'chai';
import { ApiServerError, ConflictError, errorFromAnswer } from '../../src/kube/api-server-error.js';
import { createAccessReviews, type SubjectAccessReviewSpec } from '../../src/kube/access-review.js';
import { createEventRecorder } from '../../src/kube/events.js';
import { formatMicroTime } from '../../src/kube/leases.js';
import { IMAGE_STREAMS } from '../../src/kube/resource-types.js';
import { createObject, deleteObject, getObject, patchObject, replaceObject } from '../../src/kube/resources.js';
import { createRestClient, type RestClient } from '../../src/kube/rest-client.js';
import { FakeApiServer } from '../support/fake-apiserver.js';
import { ManualClock } from '../support/manual-clock.js';

interface Stream {
  metadata: { name: string; namespace: string; resourceVersion?: string; annotations?: Record<string, string> };
  spec?: { tags?: { name: string }[] };
  status?: { tags?: { tag: string }[] };
}

const ruby = (): Stream => ({ metadata: { name: 'ruby', namespace: 'team' }, spec: { tags: [{ name: 'latest' }] } });
const ref = { namespace: 'team', name: 'ruby' };

describe('kube typed helpers', () => {
  let api: FakeApiServer;
  let client: RestClient;
  beforeEach(async () => {
    api = new FakeApiServer({ protocol: 'http' });
    await api.start();
    client = createRestClient(api.connection());
  });
  afterEach(async () => {
    client.close();
    await api.stop();
  });

  it('creates, reads, merge-patches, JSON-patches and deletes an object, with the content types the API server expects', async () => {
    const created = await createObject<Stream>(client, IMAGE_STREAMS, 'team', ruby());
    expect((await getObject<Stream>(client, IMAGE_STREAMS, ref))?.metadata.resourceVersion).to.equal(created.metadata.resourceVersion);
    await patchObject(client, IMAGE_STREAMS, ref, 'application/merge-patch+json', { metadata: { annotations: { owner: 'a' } } });
    const patched = await patchObject<Stream>(client, IMAGE_STREAMS, ref, 'application/json-patch+json', [
      { op: 'test', path: '/metadata/annotations/owner', value: 'a' }, { op: 'replace', path: '/metadata/annotations/owner', value: 'b' },
    ]);
    expect(patched.metadata.annotations).to.deep.equal({ owner: 'b' });
    expect(api.received.filter((r) => r.method === 'PATCH').map((r) => r.contentType)).to.deep.equal(['application/merge-patch+json', 'application/json-patch+json']);
    await deleteObject(client, IMAGE_STREAMS, ref);
    await deleteObject(client, IMAGE_STREAMS, ref);
    expect(await getObject(client, IMAGE_STREAMS, ref)).to.equal(undefined);
  });

  it('refuses a JSON patch whose test no longer holds (a concurrent writer won) with the API server\'s 422', async () => {
    await createObject(client, IMAGE_STREAMS, 'team', { ...ruby(), metadata: { ...ruby().metadata, annotations: { owner: 'someone-else' } } });
    const err = await patchObject(client, IMAGE_STREAMS, ref, 'application/json-patch+json', [{ op: 'test', path: '/metadata/annotations/owner', value: 'me' }]).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(ApiServerError);
    expect((err as ApiServerError).code).to.equal(422);
  });

  it('turns a status PUT on a stale resourceVersion into a ConflictError carrying the Status reason', async () => {
    const created = await createObject<Stream>(client, IMAGE_STREAMS, 'team', ruby());
    await replaceObject(client, IMAGE_STREAMS, { ...ref, subresource: 'status' }, { ...created, status: { tags: [{ tag: 'latest' }] } });
    const err = await replaceObject(client, IMAGE_STREAMS, { ...ref, subresource: 'status' }, { ...created, status: { tags: [] } }).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(ConflictError);
    expect((err as ConflictError).reason).to.equal('Conflict');
    expect((err as Error).message).to.match(/^update imagestreams\/status team\/ruby failed with HTTP 409 \(Conflict\): Operation cannot be fulfilled/);
    expect((await getObject<Stream>(client, IMAGE_STREAMS, ref))?.status?.tags).to.deep.equal([{ tag: 'latest' }]);
  });

  it('never echoes a body that is not a Status: a proxy\'s page is described by its size', () => {
    const page = Buffer.from('<html>Authorization: Bearer secret-token</html>');
    const err = errorFromAnswer('get imagestreams team/ruby', 502, page);
    expect(err.message).to.equal(`get imagestreams team/ruby failed with HTTP 502: the answer was not a Kubernetes Status (${page.length} bytes)`);
    expect(err.message).to.not.include('secret');
  });

  it('records a core/v1 Event about an object, named after it, with both reporting fields', async () => {
    const clock = new ManualClock(Date.parse('2026-03-01T10:00:00.123Z'));
    await createEventRecorder(client, clock)({
      involvedObject: { apiVersion: 'image.openshift.io/v1', kind: 'ImageStream', namespace: 'team', name: 'ruby', uid: 'u-1' },
      reason: 'ImportFailed', message: 'x'.repeat(2000), type: 'Warning', reportingComponent: 'imagestream-webhook/import-controller', reportingInstance: 'pod-a',
    });
    const [event] = api.store.list('events', 'team') as unknown as Record<string, unknown>[];
    expect(event?.metadata).to.have.property('name').that.matches(/^ruby\.[0-9a-f]{16}$/);
    expect(event).to.include({ reason: 'ImportFailed', type: 'Warning', reportingComponent: 'imagestream-webhook/import-controller', reportingInstance: 'pod-a', firstTimestamp: '2026-03-01T10:00:00Z', count: 1 });
    expect(event?.source).to.deep.equal({ component: 'imagestream-webhook/import-controller' });
    expect(String(event?.message)).to.have.length(1024);
  });

  it('writes Lease times as MicroTime, with the six fractional digits the API server requires', () => {
    expect(formatMicroTime(Date.parse('2026-03-01T10:00:00.123Z'))).to.equal('2026-03-01T10:00:00.123000Z');
  });

  describe('SubjectAccessReviews, one cache for both processes', () => {
    const question = (namespace: string, groups = ['a', 'b']): SubjectAccessReviewSpec => ({ user: 'alice', groups, resourceAttributes: { group: 'image.openshift.io', resource: 'imagestreams', verb: 'get', namespace } });

    it('asks once for concurrent equal questions (group order aside) and reuses the answer', async () => {
      const reviews = createAccessReviews({ client, ttlMs: 60_000, cacheRefusals: true });
      const answers = await Promise.all([reviews(question('team')), reviews(question('team', ['b', 'a']))]);
      expect(await reviews(question('team'))).to.equal(true);
      expect(answers).to.deep.equal([true, true]);
      expect(api.accessReviews).to.have.length(1);
    });

    for (const cacheRefusals of [true, false]) {
      it(`${cacheRefusals ? 'reuses' : 'asks again after'} a refusal when cacheRefusals is ${String(cacheRefusals)}`, async () => {
        api.allow = () => false;
        const reviews = createAccessReviews({ client, ttlMs: 60_000, cacheRefusals });
        expect(await reviews(question('team'))).to.equal(false);
        api.allow = () => true;
        expect(await reviews(question('team'))).to.equal(!cacheRefusals);
      });
    }

    it('does not cache a failure: the next question asks again', async () => {
      api.intercept('POST', /subjectaccessreviews/, () => ({ code: 503, reason: 'ServiceUnavailable' }), 1);
      const reviews = createAccessReviews({ client, ttlMs: 60_000, cacheRefusals: true });
      const err = await reviews(question('team')).catch((e: unknown) => e);
      expect(err).to.be.instanceOf(ApiServerError);
      expect((err as ApiServerError).reason).to.equal('ServiceUnavailable');
      expect(await reviews(question('team'))).to.equal(true);
    });
  });
});

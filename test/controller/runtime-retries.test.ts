/**
 * The runtime's retries of failed imports, over the fake API server with the clock in the test:
 * a change elsewhere that may heal a failure (an RBAC binding, a pull Secret, the insecure
 * annotation) retries at once, without any clock movement; the backoff doubles and stops at 15
 * minutes. The retry base is a minute here, and the clock does not move unless a case moves it,
 * so a heal seen without moving it came from the change, not from the backoff.
 */
import { expect } from 'chai';
import { IMAGE_STREAMS } from '../support/fake-apiserver.js';
import type { ImageStream, NamedTagEventList } from '../../src/core/types.js';
import { MAX_RETRY_DELAY_MS } from '../../src/import/retry.js';
import { RegistryError, type ImageImportRequest, type ImportedImage } from '../../src/registry/types.js';
import { eventually } from '../http/support.js';
import { Da, dockerTag, event, FakeRegistry, stream } from '../import/support.js';
import { markOf } from '../../src/controller/wake-informers.js';
import { imported, REF, startHarness, statusTags, type Harness } from './runtime-harness.js';

const MINUTE = 60_000;

/** A registry that answers `Da` only when asked with a pull secret (else Unauthorized) or, with `insecure`, only insecurely. */
class GatedRegistry extends FakeRegistry {
  constructor(private readonly gate: (request: ImageImportRequest) => RegistryError | undefined) {
    super({ [REF]: Da });
  }
  override importImage(request: ImageImportRequest): Promise<ImportedImage> {
    const refusal = this.gate(request);
    if (refusal === undefined) return super.importImage(request);
    this.requests.push(request);
    return Promise.reject(refusal);
  }
}

/** The Events the fake API server holds, as `type reason message`. */
const recorded = (h: Harness): string[] =>
  h.api.store.list('events').map((e) => `${String(e.type)} ${String(e.reason)} ${String(e.message)}`);

const reasonOf = (h: Harness, name: string, tag: string): string | undefined =>
  statusTags(h.api, name).find((entry: NamedTagEventList) => entry.tag === tag)?.conditions?.[0]?.reason;

function crossNamespaceCopy(): ImageStream {
  return stream([{ name: 'copy', from: { kind: 'ImageStreamTag', name: 'app:1', namespace: 'other' } }], [], { name: 'copier' });
}

function source(): ImageStream {
  const app = stream([dockerTag('1', REF)], [{ tag: '1', items: [event(`127.0.0.1:5000/acme/app@${Da}`, Da, 1)] }], { name: 'app' });
  return { ...app, metadata: { ...app.metadata, namespace: 'other' } };
}

describe('controller runtime: failed imports retried when their cause is fixed', () => {
  let h: Harness;
  afterEach(() => h.stop());

  it('a cross-namespace Forbidden tag is copied once a RoleBinding is created, without waiting for the backoff', async () => {
    let granted = false;
    h = await startHarness({ streams: [source()], retryBaseMs: MINUTE });
    h.api.allow = () => granted;
    h.api.put(crossNamespaceCopy());
    await eventually('refused', () => reasonOf(h, 'copier', 'copy') === 'Forbidden');
    granted = true;
    h.api.store.put('rolebindings.rbac.authorization.k8s.io', { metadata: { name: 'image-puller', namespace: 'other' }, roleRef: { kind: 'ClusterRole', name: 'image-puller' } });
    await eventually('copied after the RoleBinding event', () => imported(h.api, 'copier', 'copy') === Da);
    await eventually('settled', () => h.runtime.controller.queueDepth() === 0);
    expect(h.clock.pending().filter((ms) => ms >= MINUTE), 'no retry waits once healed').to.deep.equal([]);
  });

  it('an Unauthorized tag is imported once a pull Secret is created in its namespace, without waiting for the backoff', async () => {
    const unauthorized = new RegistryError('Unauthorized', `you may not have access to the container image "${REF}"`, REF);
    const registry = new GatedRegistry((request) => (request.pullSecrets.length === 0 ? unauthorized : undefined));
    h = await startHarness({ streams: [stream([dockerTag('1', REF)])], registry, retryBaseMs: MINUTE });
    await eventually('refused', () => reasonOf(h, 'ruby', '1') === 'Unauthorized');
    h.api.store.put('secrets', { metadata: { name: 'elsewhere', namespace: 'other' }, type: 'kubernetes.io/dockerconfigjson', data: { '.dockerconfigjson': 'e30=' } });
    h.api.store.put('secrets', { metadata: { name: 'pull', namespace: 'myproject' }, type: 'kubernetes.io/dockerconfigjson', data: { '.dockerconfigjson': 'e30=' } });
    await eventually('imported after the Secret event', () => imported(h.api, 'ruby', '1') === Da);
    expect(registry.requests.map((request) => request.pullSecrets.length), 'the Secret of another namespace woke nothing').to.deep.equal([0, 1]);
    await eventually('two Events', () => recorded(h).length === 2);
    expect(recorded(h)).to.deep.equal([
      `Warning ImportFailed Importing tag "1" failed (Unauthorized): ${unauthorized.message}`,
      `Normal Imported Tag "1" imported: 127.0.0.1:5000/acme/app@${Da}`,
    ]);
    const involved = h.api.store.list('events').map((e) => e.involvedObject as { kind: string; name: string; namespace: string; uid?: string });
    expect(involved.map((o) => [o.kind, o.namespace, o.name, typeof o.uid])).to.deep.equal([['ImageStream', 'myproject', 'ruby', 'string'], ['ImageStream', 'myproject', 'ruby', 'string']]);
  });

  it('a pull Secret created while the failure is being recorded still retries the tag at once', async () => {
    const unauthorized = new RegistryError('Unauthorized', `you may not have access to the container image "${REF}"`, REF);
    const registry = new GatedRegistry((request) => (request.pullSecrets.length === 0 ? unauthorized : undefined));
    h = await startHarness({ registry, retryBaseMs: MINUTE });
    // The ImportFailed Event is posted after the status write and before the round ends: the Secret appears then.
    h.api.intercept('POST', /\/namespaces\/myproject\/events$/, () => {
      h.api.store.put('secrets', { metadata: { name: 'pull', namespace: 'myproject' }, type: 'kubernetes.io/dockerconfigjson', data: { '.dockerconfigjson': 'e30=' } });
    }, 1);
    h.api.put(stream([dockerTag('1', REF)]));
    await eventually('imported after the Secret event', () => imported(h.api, 'ruby', '1') === Da);
    expect(registry.requests.map((request) => request.pullSecrets.length)).to.deep.equal([0, 1]);
  });

  it('a tag of an HTTP-only registry is imported once the stream is annotated insecure', async () => {
    const httpOnly = new RegistryError('BadRequest', 'the repository 127.0.0.1:5000/acme/app is HTTP only and requires the insecure flag to import', REF);
    const registry = new GatedRegistry((request) => (request.insecure ? undefined : httpOnly));
    h = await startHarness({ streams: [stream([dockerTag('1', REF)])], registry, retryBaseMs: MINUTE });
    await eventually('refused', () => reasonOf(h, 'ruby', '1') === 'BadRequest');
    h.api.store.patch(IMAGE_STREAMS, 'myproject', 'ruby', 'application/merge-patch+json', { metadata: { annotations: { 'openshift.io/image.insecureRepository': 'true' } } });
    await eventually('imported after the annotation', () => imported(h.api, 'ruby', '1') === Da);
    expect(registry.requests.map((request) => [request.insecure, request.reference])).to.deep.equal([[false, REF], [true, REF]]);
  });

  it('an unreachable registry is retried with a doubling backoff that stops at 15 minutes', async () => {
    const down = new RegistryError('InternalError', `Internal error occurred: get manifest for "${REF}": connection refused`, REF);
    const registry = new FakeRegistry({ [REF]: down });
    h = await startHarness({ streams: [stream([dockerTag('1', REF)])], registry, retryBaseMs: MINUTE });
    const delays: number[] = [];
    for (let attempt = 1; attempt <= 6; attempt += 1) {
      let retry: number | undefined;
      await eventually(`attempt ${attempt} failed and its retry waits`, () => {
        retry = h.clock.pending().find((ms) => ms >= MINUTE);
        return registry.requests.length === attempt && retry !== undefined;
      });
      delays.push(retry ?? 0);
      h.clock.advance(retry ?? 0);
    }
    expect(delays).to.deep.equal([MINUTE, 2 * MINUTE, 4 * MINUTE, 8 * MINUTE, MAX_RETRY_DELAY_MS, MAX_RETRY_DELAY_MS]);
    expect(reasonOf(h, 'ruby', '1'), 'still failing, the reason kept').to.equal('InternalError');
    expect(recorded(h), 'one Event for six failures with one reason').to.deep.equal([`Warning ImportFailed Importing tag "1" failed (InternalError): ${down.message}`]);
  });

  it('a failed listing of spec.dockerImageRepository is retried by the backoff, and its tags then imported', async () => {
    const REPOSITORY = '127.0.0.1:5000/acme/app';
    const listings: Record<string, string[]> = {};
    const registry = new FakeRegistry({ [REF]: Da }, listings);
    h = await startHarness({ streams: [stream([], [], { repository: REPOSITORY })], registry, retryBaseMs: MINUTE });
    await eventually('the listing failed and its retry waits', () => registry.listed.length === 1 && h.clock.pending().includes(MINUTE));
    listings[REPOSITORY] = ['1'];
    h.clock.advance(MINUTE);
    await eventually('imported after the retried listing', () => imported(h.api, 'ruby', '1') === Da);
    expect(registry.listed.length, 'listed again only after the backoff').to.be.at.least(2);
  });

  it('an Invalid tag is never retried by the backoff', async () => {
    h = await startHarness({ streams: [stream([{ name: 'bad', from: { kind: 'Nonsense', name: 'x' } }])], retryBaseMs: MINUTE });
    await eventually('refused', () => reasonOf(h, 'ruby', 'bad') === 'Invalid');
    await eventually('settled', () => h.runtime.controller.queueDepth() === 0);
    expect(h.clock.pending().filter((ms) => ms >= MINUTE)).to.deep.equal([]);
  });
});

describe('markOf: what the wake informers keep', () => {
  it('keeps namespace, name, type and resourceVersion of a Secret, never its data', () => {
    const secret = { metadata: { name: 'pull', namespace: 'ns', resourceVersion: '7', annotations: { a: 'b' } }, type: 'kubernetes.io/dockerconfigjson', data: { '.dockerconfigjson': 'c2VjcmV0' } };
    expect(markOf(secret)).to.deep.equal({ namespace: 'ns', name: 'pull', type: 'kubernetes.io/dockerconfigjson', resourceVersion: '7' });
  });
  it('keeps a role binding without its subjects', () => {
    const binding = { metadata: { name: 'b', resourceVersion: '9' }, subjects: [{ kind: 'Group', name: 'system:serviceaccounts:x' }] };
    expect(markOf(binding)).to.deep.equal({ namespace: undefined, name: 'b', type: undefined, resourceVersion: '9' });
  });
});

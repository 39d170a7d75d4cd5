/**
 * The pending-tag fallback's warning: a short name of an existing stream whose tag has no image is
 * rewritten to the stream's own repository, and the answer says so, with the tag's failed import.
 */
import { expect } from 'chai';
import { describe, it } from 'mocha';
import { failedImport, IMPORT_MESSAGE_MAX } from '../../src/core/image-stream.js';
import { review } from '../../src/core/review.js';
import { createStaticLookups } from '../../src/core/static-lookups.js';
import type { ImageStream, NamedTagEventList } from '../../src/core/types.js';
import { projectImageStream } from '../../src/kube/image-stream-projection.js';
import { ImageStreamStore } from '../../src/store/image-stream-store.js';
import { createStoreLookups } from '../../src/store/store-lookups.js';
import { attrs, c, C0, CR, Da, imageStream, pod } from '../helpers/builders.js';

const HOST = '127.0.0.1:5000';
const FORBIDDEN = 'imagestreams.image.openshift.io "base" is forbidden: the service accounts of namespace "myproject" may not get imagestreams in the namespace "other"';

/** A stream the import controller wrote: `1.0` imported, `copy` refused, `gone` never recorded. */
function ruby(): ImageStream {
  const stream = imageStream('ruby', {
    local: true,
    repository: `${HOST}/myproject/ruby`,
    status: { '1.0': [{ dockerImageReference: `docker.io/library/ruby@${Da}`, image: Da }] },
  });
  stream.status?.tags?.push({
    tag: 'copy',
    items: [],
    conditions: [{ type: 'ImportSuccess', status: 'False', reason: 'Forbidden', message: FORBIDDEN, lastTransitionTime: '2026-01-01T00:00:00Z', generation: 2 }],
  });
  return stream;
}

async function warningsFor(image: string, stream = ruby(), config = C0): Promise<{ warnings: string[]; images: unknown[] }> {
  const decision = await review(attrs(pod({ containers: [c('app', image, 'IfNotPresent')] })), config, createStaticLookups([stream], 'myproject'), 'mutate');
  return { warnings: decision.warnings, images: decision.patch.filter((op) => op.path.endsWith('/image')).map((op) => op.value) };
}

describe('the pending-tag fallback warns what it rewrote and why', () => {
  it('names the stream as <ns>/<stream>, the tag and the pull spec of a tag that was never imported', async () => {
    const { warnings, images } = await warningsFor('ruby:nosuchtag');
    expect(images).to.deep.equal([`${HOST}/myproject/ruby:nosuchtag`]);
    expect(warnings).to.deep.equal([
      `spec.containers[0].image: "ruby:nosuchtag" rewritten to "${HOST}/myproject/ruby:nosuchtag", the stream's own repository: ImageStream myproject/ruby tag "nosuchtag" has no image for it yet`,
    ]);
  });

  it('adds the reason and message of the tag\'s failed import', async () => {
    const { warnings, images } = await warningsFor('ruby:copy');
    expect(images).to.deep.equal([`${HOST}/myproject/ruby:copy`]);
    expect(warnings).to.deep.equal([
      `spec.containers[0].image: "ruby:copy" rewritten to "${HOST}/myproject/ruby:copy", the stream's own repository: ImageStream myproject/ruby tag "copy" has no image for it: its import failed (Forbidden): ${FORBIDDEN}`,
    ]);
  });

  it('warns in Required modes too, where the fallback is accepted', async () => {
    const { warnings } = await warningsFor('ruby:copy', ruby(), CR);
    expect(warnings).to.have.length(1);
    expect(warnings[0]).to.include('its import failed (Forbidden)');
  });

  it('says nothing for a tag that resolves, nor for a stream without its own repository', async () => {
    expect((await warningsFor('ruby:1.0')).warnings).to.deep.equal([]);
    const bare = ruby();
    if (bare.status) delete bare.status.dockerImageRepository;
    const { warnings, images } = await warningsFor('ruby:copy', bare);
    expect(images).to.deep.equal([]);
    expect(warnings, 'the usual miss warning, not the fallback one').to.deep.equal(['spec.containers[0].image: "ruby:copy" not resolved: ImageStream myproject/ruby has no image for tag "copy" yet']);
  });

  it('warns once per distinct image however many containers use it', async () => {
    const decision = await review(attrs(pod({ containers: [c('a', 'ruby:gone', 'IfNotPresent'), c('b', 'ruby:gone', 'IfNotPresent')] })), C0, createStaticLookups([ruby()], 'myproject'), 'mutate');
    expect(decision.warnings).to.have.length(1);
  });
});

describe('failedImport: what the webhook keeps of a tag\'s conditions', () => {
  const list = (conditions: NamedTagEventList['conditions']): NamedTagEventList => ({ tag: 't', items: [], conditions });
  const cases: [string, NamedTagEventList, ReturnType<typeof failedImport>][] = [
    ['a failed import: type, status, reason and message only', list([{ type: 'ImportSuccess', status: 'False', reason: 'NotFound', message: 'm', generation: 3, lastTransitionTime: '2026-01-01T00:00:00Z' }]), { type: 'ImportSuccess', status: 'False', reason: 'NotFound', message: 'm' }],
    ['no conditions', list(undefined), undefined],
    ['a condition that is not False', list([{ type: 'ImportSuccess', status: 'True' }]), undefined],
    ['another condition type', list([{ type: 'Other', status: 'False', reason: 'X' }]), undefined],
  ];
  for (const [name, input, want] of cases) it(name, () => expect(failedImport(input)).to.deep.equal(want));

  it(`cuts a message to ${IMPORT_MESSAGE_MAX} characters, and a cut message stays as it is`, () => {
    const kept = failedImport(list([{ type: 'ImportSuccess', status: 'False', reason: 'R'.repeat(500), message: 'm'.repeat(10_000) }]));
    expect(kept?.message).to.have.length(IMPORT_MESSAGE_MAX);
    expect(kept?.message?.endsWith('…')).to.equal(true);
    expect(kept?.reason).to.have.length(64);
    expect(failedImport(list(kept === undefined ? [] : [kept]))).to.deep.equal(kept);
  });

  it('is what the projection and the compact store keep, so their warnings equal the full stream\'s', async () => {
    const stream = ruby();
    const long = stream.status?.tags?.find((t) => t.tag === 'copy')?.conditions?.[0];
    if (long) long.message = `${FORBIDDEN} ${'x'.repeat(5000)}`;
    const store = new ImageStreamStore('myproject');
    store.put(stream);
    expect(store.get('myproject', 'ruby')).to.deep.equal(projectImageStream(stream));
    const request = attrs(pod({ containers: [c('app', 'ruby:copy', 'IfNotPresent')] }));
    const full = await review(request, C0, createStaticLookups([stream], 'myproject'), 'mutate');
    expect(await review(request, C0, createStoreLookups(store), 'mutate')).to.deep.equal(full);
    expect(full.warnings[0]?.length).to.be.below(600);
  });
});

/** (stream before, pushed tag) → status after: the push records as OpenShift's ImageStreamMapping does. */
import { expect } from 'chai';
import { describe, it } from 'mocha';
import type { ImageStream, ImageStreamStatus } from '../../src/core/types.js';
import type { PushedTag } from '../../src/integrated-registry/push-event.js';
import { statusAfterPush } from '../../src/integrated-registry/status-after-push.js';

const HOST = 'registry.example:5000';
const REPO = `${HOST}/myproject/app`;
const Da = `sha256:${'a'.repeat(64)}`;
const Db = `sha256:${'b'.repeat(64)}`;
const Dc = `sha256:${'c'.repeat(64)}`;
const NOW = '2026-12-07T10:00:00Z';
const EARLIER = '2026-12-01T10:00:00Z';
const push = (tag: string, digest: string): PushedTag => ({ namespace: 'myproject', name: 'app', tag, digest, actor: 'alice' });
const ev = (digest: string, created = EARLIER, generation = 1) => ({ created, dockerImageReference: `${REPO}@${digest}`, image: digest, generation });
const stream = (status: ImageStreamStatus | undefined, spec: ImageStream['spec'] = { tags: [] }): ImageStream => ({
  apiVersion: 'image.openshift.io/v1', kind: 'ImageStream', metadata: { name: 'app', namespace: 'myproject', generation: 1, resourceVersion: '7' }, spec, ...(status === undefined ? {} : { status }),
});

const cases: { name: string; before: ImageStream | undefined; push: PushedTag; historyLimit?: number; want: ImageStreamStatus | undefined }[] = [
  {
    name: 'the first push to a stream that does not exist yet records the tag and the repository',
    before: undefined, push: push('v1', Da),
    want: { dockerImageRepository: REPO, tags: [{ tag: 'v1', items: [{ created: NOW, dockerImageReference: `${REPO}@${Da}`, image: Da }] }] },
  },
  {
    name: 'the first push to a just-created stream carries its generation',
    before: stream(undefined), push: push('v1', Da),
    want: { dockerImageRepository: REPO, tags: [{ tag: 'v1', items: [ev(Da, NOW)] }] },
  },
  {
    name: 'new content under an old tag becomes the current event and keeps the history',
    before: stream({ dockerImageRepository: REPO, tags: [{ tag: 'v1', items: [ev(Da)] }] }), push: push('v1', Db),
    want: { dockerImageRepository: REPO, tags: [{ tag: 'v1', items: [ev(Db, NOW), ev(Da)] }] },
  },
  {
    name: 're-pushing the digest the tag already points at changes nothing',
    before: stream({ dockerImageRepository: REPO, tags: [{ tag: 'v1', items: [ev(Da)] }] }), push: push('v1', Da),
    want: undefined,
  },
  {
    name: 're-pushing the current digest of a stream whose generation moved still changes nothing',
    before: { ...stream({ dockerImageRepository: REPO, tags: [{ tag: 'v1', items: [ev(Da)] }] }), metadata: { name: 'app', namespace: 'myproject', generation: 4 } },
    push: push('v1', Da), want: undefined,
  },
  {
    name: 'pushing back an older digest makes it current again',
    before: stream({ dockerImageRepository: REPO, tags: [{ tag: 'v1', items: [ev(Db), ev(Da)] }] }), push: push('v1', Da),
    want: { dockerImageRepository: REPO, tags: [{ tag: 'v1', items: [ev(Da, NOW), ev(Db), ev(Da)] }] },
  },
  {
    name: 'history is capped at the history limit, oldest dropped',
    before: stream({ dockerImageRepository: REPO, tags: [{ tag: 'v1', items: [ev(Db), ev(Da)] }] }), push: push('v1', Dc), historyLimit: 2,
    want: { dockerImageRepository: REPO, tags: [{ tag: 'v1', items: [ev(Dc, NOW), ev(Db)] }] },
  },
  {
    name: 'a new tag is added after the existing ones, which stay as they were',
    before: stream({ dockerImageRepository: REPO, tags: [{ tag: 'v1', items: [ev(Da)] }] }), push: push('v2', Db),
    want: { dockerImageRepository: REPO, tags: [{ tag: 'v1', items: [ev(Da)] }, { tag: 'v2', items: [ev(Db, NOW)] }] },
  },
  {
    name: 'a stream created by hand gets its dockerImageRepository from the first push',
    before: stream({ tags: [] }), push: push('v1', Da),
    want: { dockerImageRepository: REPO, tags: [{ tag: 'v1', items: [ev(Da, NOW)] }] },
  },
  {
    name: 'a re-push onto a stream missing its dockerImageRepository only sets the repository',
    before: stream({ tags: [{ tag: 'v1', items: [ev(Da)] }] }), push: push('v1', Da),
    want: { dockerImageRepository: REPO, tags: [{ tag: 'v1', items: [ev(Da)] }] },
  },
  {
    name: 'a push clears the failed-import condition of the tag, the image being there now',
    before: stream({ dockerImageRepository: REPO, tags: [{ tag: 'v1', items: [], conditions: [{ type: 'ImportSuccess', status: 'False', reason: 'NotFound', message: 'x', generation: 1 }] }] }),
    push: push('v1', Da),
    want: { dockerImageRepository: REPO, tags: [{ tag: 'v1', items: [ev(Da, NOW)] }] },
  },
  {
    name: 'other status fields are kept',
    before: stream({ dockerImageRepository: REPO, publicDockerImageRepository: 'public.example/myproject/app', tags: [] }), push: push('v1', Da),
    want: { dockerImageRepository: REPO, publicDockerImageRepository: 'public.example/myproject/app', tags: [{ tag: 'v1', items: [ev(Da, NOW)] }] },
  },
];

describe('integrated registry: status after a push', () => {
  for (const c of cases) {
    it(c.name, () => {
      const before = c.before === undefined ? undefined : structuredClone(c.before);
      expect(statusAfterPush(before, c.push, { registryHostname: HOST, now: NOW, historyLimit: c.historyLimit ?? 5 })).to.deep.equal(c.want);
      expect(before).to.deep.equal(c.before, 'the stream read is not changed in place');
    });
  }

  it('leaves the spec alone: only a status is returned', () => {
    const before = stream(undefined, { tags: [{ name: 'v1', from: { kind: 'DockerImage', name: 'docker.io/library/ruby:3' } }] });
    const status = statusAfterPush(before, push('v1', Da), { registryHostname: HOST, now: NOW, historyLimit: 5 });
    expect(status).to.not.have.property('spec');
    expect(before.spec?.tags?.[0]?.from?.name).to.equal('docker.io/library/ruby:3');
  });
});

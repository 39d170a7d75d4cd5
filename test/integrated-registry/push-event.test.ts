/** Notification envelope → what each event means: only a tagged manifest push to a stream records anything. */
import { expect } from 'chai';
import { describe, it } from 'mocha';
import { readEnvelope } from '../../src/integrated-registry/push-event.js';

const D = `sha256:${'a'.repeat(64)}`;
const MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json';
const event = (fields: Record<string, unknown>, target: Record<string, unknown> = {}): Record<string, unknown> => ({
  id: 'e1', timestamp: '2026-12-07T10:00:00Z', action: 'push',
  target: { mediaType: MANIFEST, digest: D, size: 527, repository: 'myproject/app', url: `http://r/v2/myproject/app/manifests/${D}`, tag: 'v1', ...target },
  request: { addr: '127.0.0.1:1', host: 'r', method: 'PUT', useragent: 'x' }, actor: { name: 'alice' }, source: { addr: 'r:5000', instanceID: 'i' },
  ...fields,
});

const cases: { name: string; event: Record<string, unknown>; want: unknown }[] = [
  { name: 'a tagged manifest push to a stream is a pushed tag', event: event({}), want: { id: 'e1', push: { namespace: 'myproject', name: 'app', tag: 'v1', digest: D, actor: 'alice' } } },
  { name: 'an OCI index pushed under a tag is a pushed tag', event: event({}, { mediaType: 'application/vnd.oci.image.index.v1+json' }), want: { id: 'e1', push: { namespace: 'myproject', name: 'app', tag: 'v1', digest: D, actor: 'alice' } } },
  { name: 'a push by digest alone (an index child) is ignored', event: event({}, { tag: undefined }), want: { id: 'e1', ignored: 'NoTag' } },
  { name: 'a blob upload is ignored', event: event({}, { tag: undefined, mediaType: 'application/octet-stream' }), want: { id: 'e1', ignored: 'NoTag' } },
  { name: 'a tagged push of a non-manifest type is ignored', event: event({}, { mediaType: 'application/octet-stream' }), want: { id: 'e1', ignored: 'NotManifest' } },
  { name: 'a pull is ignored', event: event({ action: 'pull' }), want: { id: 'e1', ignored: 'NotPush' } },
  { name: 'a mount is ignored', event: event({ action: 'mount' }), want: { id: 'e1', ignored: 'NotPush' } },
  { name: 'a delete is ignored', event: event({ action: 'delete' }, { tag: undefined }), want: { id: 'e1', ignored: 'NotPush' } },
  { name: 'a push to a repository that names no stream is ignored', event: event({}, { repository: 'library/a/b' }), want: { id: 'e1', ignored: 'NotStream' } },
  { name: 'a push with a malformed digest is ignored', event: event({}, { digest: 'sha256:xyz' }), want: { id: 'e1', ignored: 'Malformed' } },
  { name: 'a push with an invalid tag is ignored', event: event({}, { tag: '-v1' }), want: { id: 'e1', ignored: 'Malformed' } },
  { name: 'a missing actor leaves the actor empty', event: event({ actor: {} }), want: { id: 'e1', push: { namespace: 'myproject', name: 'app', tag: 'v1', digest: D, actor: '' } } },
];

describe('integrated registry: notification events', () => {
  for (const c of cases) {
    it(c.name, () => {
      expect(readEnvelope({ events: [c.event] })).to.deep.equal([c.want]);
    });
  }

  const malformed: [string, unknown][] = [
    ['a body that is not an object', []],
    ['an object without events', { event: [] }],
    ['events that are not an array', { events: {} }],
    ['an event without an id', { events: [event({ id: undefined })] }],
    ['an event whose id is not a string', { events: [event({ id: 7 })] }],
    ['an event with an id of a kilobyte', { events: [event({ id: 'x'.repeat(1024) })] }],
  ];
  for (const [name, body] of malformed) {
    it(`${name} is not an envelope`, () => {
      expect(readEnvelope(body)).to.equal(undefined);
    });
  }

  it('an envelope of several events keeps their order', () => {
    const read = readEnvelope({ events: [event({ id: 'a', action: 'pull' }), event({ id: 'b' })] });
    expect(read?.map((e) => e.id)).to.deep.equal(['a', 'b']);
  });

  it('an event whose target is inherited from Object.prototype is not read', () => {
    expect(readEnvelope({ events: [{ id: 'p', action: 'push', ['__proto__']: { target: { tag: 'v1' } } }] })).to.deep.equal([{ id: 'p', ignored: 'NoTag' }]);
  });
});

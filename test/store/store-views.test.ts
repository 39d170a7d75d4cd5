/**
 * The store keeps the view the core reads for the streams read most recently (issue 11): shared,
 * frozen, bounded in number, and never stale after a stream changes.
 */
import { expect } from 'chai';
import type { ImageStream } from '../../src/core/types.js';
import { ImageStreamStore } from '../../src/store/image-stream-store.js';

const digest = (n: number): string => `sha256:${n.toString(16).padStart(64, '0')}`;

const stream = (name: string, image: string): ImageStream => ({
  metadata: { name, namespace: 'team' },
  spec: { lookupPolicy: { local: true } },
  status: { dockerImageRepository: `registry.example/team/${name}`, tags: [{ tag: 'v1', items: [{ dockerImageReference: `quay.io/team/${name}@${image}`, image }] }] },
});

describe('ImageStreamStore views', () => {
  it('hands every reader of a stream the same frozen view', () => {
    const store = new ImageStreamStore();
    store.put(stream('web', digest(1)));
    const first = store.get('team', 'web');
    expect(store.get('team', 'web')).to.equal(first);
    expect(Object.isFrozen(first)).to.equal(true);
    expect(Object.isFrozen(first?.status?.tags?.[0]?.items?.[0])).to.equal(true);
    expect(() => {
      (first as ImageStream).metadata.name = 'other';
    }).to.throw(TypeError);
  });

  it('shows a changed stream at once, not the view of the one it replaced', () => {
    const store = new ImageStreamStore();
    store.put(stream('web', digest(1)));
    expect(store.get('team', 'web')?.status?.tags?.[0]?.items?.[0]?.image).to.equal(digest(1));
    store.put(stream('web', digest(2)));
    expect(store.get('team', 'web')?.status?.tags?.[0]?.items?.[0]?.image).to.equal(digest(2));
    store.delete('team', 'web');
    expect(store.get('team', 'web')).to.equal(undefined);
  });

  it('keeps views for at most 1,024 streams, the most recently read', () => {
    const store = new ImageStreamStore();
    const count = 3000;
    for (let n = 0; n < count; n += 1) store.put(stream(`s${n}`, digest(n)));
    for (let n = 0; n < count; n += 1) expect(store.get('team', `s${n}`)?.metadata.name).to.equal(`s${n}`);
    const kept = [...store.streams()].filter((compact) => compact.view !== undefined).map((compact) => compact.name);
    expect(kept).to.have.length(1024);
    expect(kept).to.include(`s${count - 1}`).and.not.include('s0');
    expect(store.get('team', 's0')?.status?.tags?.[0]?.items?.[0]?.image).to.equal(digest(0));
  });
});

/** What the controller keeps of a stream: everything import reads and the status PUT needs, nothing else. */
import { expect } from 'chai';
import { describe, it } from 'mocha';
import { ObjectPool, ProjectionPools, projectStream } from '../../src/controller/stream-projection.js';
import type { ImageStream } from '../../src/core/types.js';

const full = {
  apiVersion: 'image.openshift.io/v1',
  kind: 'ImageStream',
  metadata: {
    name: 'ruby', namespace: 'p', generation: 3, resourceVersion: '42', uid: 'u', labels: { a: 'b' },
    annotations: { 'openshift.io/image.insecureRepository': 'true', 'kubectl.kubernetes.io/last-applied-configuration': '{"big":true}' },
    managedFields: [{ manager: 'kubectl' }],
  },
  spec: {
    lookupPolicy: { local: true },
    tags: [{ name: '2.5', from: { kind: 'DockerImage', name: 'r/ruby:2.5' }, generation: 2, importPolicy: { scheduled: true, importMode: 'Legacy' }, referencePolicy: { type: 'Source' }, annotations: { 'importer.image.openshift.io/prefer-arch': 'arm64' } }],
  },
  status: {
    dockerImageRepository: 'reg/p/ruby',
    tags: [{ tag: '2.5', items: [{ created: 't', dockerImageReference: 'r/ruby@sha256:1', image: 'sha256:1', generation: 2 }], conditions: [{ type: 'ImportSuccess', status: 'False', reason: 'NotFound', message: 'm', generation: 3 }] }],
  },
} as unknown as ImageStream;

describe('projectStream', () => {
  it('keeps spec, status and the bookkeeping metadata; drops labels, other annotations and managedFields', () => {
    const projected = projectStream(full, new ProjectionPools());
    expect(projected.metadata).to.deep.equal({ name: 'ruby', namespace: 'p', generation: 3, resourceVersion: '42', annotations: { 'openshift.io/image.insecureRepository': 'true' } });
    expect(projected.spec).to.deep.equal(full.spec);
    expect(projected.status).to.deep.equal(full.status);
  });

  it('keeps the repository check annotation, and whether the object has annotations at all (its patch must know)', () => {
    const check = 'openshift.io/image.dockerRepositoryCheck';
    const withCheck = projectStream({ ...full, metadata: { ...full.metadata, annotations: { [check]: '', other: 'x' } } }, new ProjectionPools());
    expect(withCheck.metadata.annotations).to.deep.equal({ [check]: '' });
    const othersOnly = projectStream({ ...full, metadata: { ...full.metadata, annotations: { other: 'x' } } }, new ProjectionPools());
    expect(othersOnly.metadata.annotations).to.deep.equal({});
    const none = projectStream({ ...full, metadata: { name: 'ruby', namespace: 'p' } }, new ProjectionPools());
    expect(none.metadata).to.not.have.property('annotations');
  });

  it('keeps the removed-tags marker of tag -d, which the status computation reads', () => {
    const marker = 'imagestream-webhook.io/removed-tags';
    const value = '{"v2":{"generation":4}}';
    const projected = projectStream({ ...full, metadata: { ...full.metadata, annotations: { [marker]: value, other: 'x' } } }, new ProjectionPools());
    expect(projected.metadata.annotations).to.deep.equal({ [marker]: value });
  });

  it('is idempotent', () => {
    const pool = new ProjectionPools();
    const once = projectStream(full, pool);
    expect(projectStream(once, pool)).to.deep.equal(once);
  });

  it('shares equal spec and status tags between streams, and only equal ones', () => {
    const pools = new ProjectionPools();
    const a = projectStream(full, pools);
    const b = projectStream({ ...full, metadata: { ...full.metadata, name: 'other' } }, pools);
    expect(b.spec?.tags?.[0]).to.equal(a.spec?.tags?.[0]);
    expect(b.status?.tags?.[0]).to.equal(a.status?.tags?.[0]);
    const objects = new ObjectPool();
    const first = objects.intern({ tag: 'x', items: [] });
    expect(objects.intern({ tag: 'x', items: [] })).to.equal(first);
    expect(objects.intern({ tag: 'y', items: [] })).to.not.equal(first);
  });
});

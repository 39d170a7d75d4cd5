import { expect } from 'chai';
import { review } from '../../src/core/review.js';
import { createStaticLookups } from '../../src/core/static-lookups.js';
import type { ImageStream, PolicyConfig } from '../../src/core/types.js';
import { projectImageStream } from '../../src/kube/image-stream-projection.js';
import { ALL, ANN, attrs, c, C0, CA, CAR, CR, pod, REG } from '../helpers/builders.js';

/** ALL with the clutter a real API server adds, so the projection has something to drop. */
const cluttered: ImageStream[] = ALL.map((stream) => ({
  ...structuredClone(stream),
  metadata: {
    ...stream.metadata,
    resourceVersion: '4711',
    annotations: { 'openshift.io/image.dockerRepositoryCheck': '2025-11-20T09:14:02Z' },
    managedFields: [{ manager: 'openshift-apiserver', operation: 'Update', fieldsV1: { 'f:spec': {} } }],
  } as ImageStream['metadata'],
}));

/** Every image string worth asking about: each stream's tags, a missing tag, other namespaces, digests. */
function images(): string[] {
  const out = new Set<string>(['python:3', 'ruby', `ruby@sha256:${'a'.repeat(64)}`]);
  for (const stream of ALL) {
    const { name, namespace = 'myproject' } = stream.metadata;
    const tags = new Set([...(stream.spec?.tags ?? []).map((t) => t.name), ...(stream.status?.tags ?? []).map((t) => t.tag), 'nosuchtag']);
    for (const tag of tags) {
      out.add(`${name}:${tag}`);
      out.add(`${REG}/${namespace}/${name}:${tag}`);
      out.add(`quay.io/acme/${name}:${tag}`);
    }
  }
  return [...out];
}

describe('ImageStream projection: reviews over projected streams equal reviews over full ones', () => {
  const configs: { name: string; config: PolicyConfig }[] = [
    { name: 'C0', config: C0 }, { name: 'CA', config: CA }, { name: 'CR', config: CR }, { name: 'CAR', config: CAR },
  ];
  const full = createStaticLookups(cluttered, 'myproject');
  const projected = createStaticLookups(cluttered.map(projectImageStream), 'myproject');

  for (const { name, config } of configs) {
    it(`gives identical decisions under ${name} for every tag of every stream, with and without resolve-names`, async () => {
      for (const image of images()) {
        for (const annotations of [undefined, ANN]) {
          const request = attrs(pod({ containers: [c('app', image, 'IfNotPresent')] }, annotations === undefined ? {} : { annotations }));
          const want = await review(request, config, full, 'mutate');
          expect(await review(request, config, projected, 'mutate'), `${image} ${annotations ? 'ANN' : ''}`).to.deep.equal(want);
        }
      }
    });
  }

  it('knows the same digests (D2), including older tag events', async () => {
    for (const stream of ALL) {
      for (const event of (stream.status?.tags ?? []).flatMap((t) => t.items ?? [])) {
        if (event.image) expect(await projected.isDigestKnown(event.image)).to.equal(await full.isDigestKnown(event.image));
      }
    }
  });

  it('keeps name, namespace and resourceVersion and drops annotations and managedFields', () => {
    const [first] = cluttered.map(projectImageStream);
    expect(first?.metadata).to.deep.equal({ name: 'ruby', namespace: 'myproject', resourceVersion: '4711' });
  });
});

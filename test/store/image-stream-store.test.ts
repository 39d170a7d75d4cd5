import { expect } from 'chai';
import { review } from '../../src/core/review.js';
import { createStaticLookups } from '../../src/core/static-lookups.js';
import type { ImageStream, NamedTagEventList, TagEvent } from '../../src/core/types.js';
import { projectImageStream } from '../../src/kube/image-stream-projection.js';
import { ImageStreamStore } from '../../src/store/image-stream-store.js';
import { createStoreLookups } from '../../src/store/store-lookups.js';
import { ALL, ANN, attrs, c, C0, CA, CAR, CR, pod, REG } from '../helpers/builders.js';
import { seeded } from '../helpers/random.js';

const pick = <T>(random: () => number, values: readonly T[]): T => values[Math.floor(random() * values.length)] as T;
const digest = (random: () => number): string => `sha256:${Math.floor(random() * 1e9).toString(16).padStart(64, '0')}`;

/** An event in every shape the API allows: with or without image, reference `repo@image`, another repo, a tag, none. */
function randomEvent(random: () => number): TagEvent {
  const image = random() < 0.9 ? digest(random) : undefined;
  const repo = pick(random, ['quay.io/acme/ruby', `${REG}/myproject/ruby`, 'docker.io/library/ruby']);
  const reference = pick(random, [`${repo}@${image ?? ''}`, `${repo}:2.5`, `${repo}@${digest(random)}`, undefined, `${repo}@`]);
  return { created: '2025-01-01T00:00:00Z', generation: 1, ...(image === undefined ? {} : { image }), ...(reference === undefined ? {} : { dockerImageReference: reference }) };
}

/** Conditions as importers write them: none, a failed import (short or long message), a success, another type. */
function randomConditions(random: () => number): Pick<NamedTagEventList, 'conditions'> {
  const failed = { type: 'ImportSuccess', status: 'False', reason: pick(random, ['NotFound', 'Unauthorized']), message: 'm'.repeat(Math.floor(random() * 400)), generation: 2 };
  return pick(random, [{}, { conditions: [failed] }, { conditions: [{ type: 'ImportSuccess', status: 'True' }] }, { conditions: [{ type: 'Other', status: 'False' }, failed] }, { conditions: null }]);
}

function randomStream(random: () => number, n: number): ImageStream {
  const tags = ['latest', '2.5', 'local', `t${n}`].filter(() => random() < 0.7);
  return {
    metadata: { name: `s${n}`, ...(random() < 0.8 ? { namespace: pick(random, ['myproject', 'other']) } : {}), resourceVersion: String(n) },
    ...(random() < 0.9
      ? { spec: { ...(random() < 0.8 ? { lookupPolicy: { local: random() < 0.5 } } : {}), tags: tags.map((name) => ({ name, referencePolicy: { type: pick(random, ['Local', 'Source']) } })) } }
      : {}),
    ...(random() < 0.9
      ? {
          status: {
            ...(random() < 0.8 ? { dockerImageRepository: `${REG}/myproject/s${n}` } : {}),
            tags: tags.map((tag) => ({ tag, items: Array.from({ length: Math.floor(random() * 3) }, () => randomEvent(random)), ...randomConditions(random) })),
          },
        }
      : {}),
  };
}

describe('ImageStreamStore: compact streams read back as their projection', () => {
  it('gives back projectImageStream of 2,000 random streams of every shape', () => {
    const random = seeded(11);
    const store = new ImageStreamStore('myproject');
    for (let n = 0; n < 2000; n += 1) {
      const stream = randomStream(random, n);
      store.put(stream);
      expect(store.get(stream.metadata.namespace ?? 'myproject', stream.metadata.name), `seed 11 stream ${n}`).to.deep.equal(projectImageStream(stream));
    }
  });

  const configs = { C0, CA, CR, CAR };
  for (const [name, config] of Object.entries(configs)) {
    it(`decides like full streams under ${name} for every tag of every stream`, async () => {
      const store = new ImageStreamStore('myproject');
      for (const stream of ALL) store.put(stream);
      const full = createStaticLookups(ALL, 'myproject');
      const compact = createStoreLookups(store);
      for (const stream of ALL) {
        const tags = new Set([...(stream.spec?.tags ?? []).map((t) => t.name), ...(stream.status?.tags ?? []).map((t) => t.tag), 'nosuchtag']);
        for (const tag of tags) {
          for (const image of [`${stream.metadata.name}:${tag}`, `${REG}/${stream.metadata.namespace ?? 'myproject'}/${stream.metadata.name}:${tag}`]) {
            for (const annotations of [undefined, ANN]) {
              const request = attrs(pod({ containers: [c('app', image, 'IfNotPresent')] }, annotations === undefined ? {} : { annotations }));
              expect(await review(request, config, compact, 'mutate'), image).to.deep.equal(await review(request, config, full, 'mutate'));
            }
          }
        }
      }
    });
  }

  it('counts digests per stream (D2): a digest two streams list stays known until both are gone', () => {
    const shared = `sha256:${'5'.repeat(64)}`;
    const withShared = (name: string): ImageStream => ({
      metadata: { name, namespace: 'ns' },
      status: { tags: [{ tag: 'a', items: [{ image: shared }, { image: shared }] }] },
    });
    const store = new ImageStreamStore();
    store.put(withShared('one'));
    store.put(withShared('two'));
    store.put(withShared('two'));
    store.delete('ns', 'one');
    expect(store.hasDigest(shared)).to.equal(true);
    store.put({ metadata: { name: 'two', namespace: 'ns' } });
    expect(store.hasDigest(shared)).to.equal(false);
    expect(store.size).to.equal(1);
  });
});

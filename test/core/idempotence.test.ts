/**
 * Idempotence under every configuration: whatever `/mutate` outputs is accepted unchanged by a second
 * `/mutate` (reinvocation) and by `/validate`, with and without `internalRegistryHostname`.
 */
import { expect } from 'chai';
import jsonPatch from 'fast-json-patch';
import { describe, it } from 'mocha';
import { review } from '../../src/core/review.js';
import { createStaticLookups } from '../../src/core/static-lookups.js';
import { RESOLVE_IMAGES_POLICIES, type PolicyConfig } from '../../src/core/types.js';
import { ALL, ANN, attrs, c, Da, pod, REG } from '../helpers/builders.js';

const IMAGES = ['ruby:2.5', 'ruby', 'ruby:pending', 'ruby:ref', 'ruby:local', 'php:8.2', 'php:8.1', 'mysql:8.0', 'nginx:1.25', 'python:soon',
  `${REG}/myproject/ruby:pending`, `${REG}/otherproj/ruby:2.5`, `docker.io/library/ruby@${Da}`, 'quay.io/acme/app:1'];

const HOSTNAMES = [{ name: 'with internalRegistryHostname', value: REG }, { name: 'without internalRegistryHostname', value: '' }];

/** A stream whose repository does not use the integrated registry's name (the chart's default setup). */
const PYTHON = {
  apiVersion: 'image.openshift.io/v1', kind: 'ImageStream',
  metadata: { name: 'python', namespace: 'myproject' },
  spec: { lookupPolicy: { local: true }, tags: [{ name: 'soon', from: { kind: 'DockerImage', name: 'docker.io/library/python:3' } }] },
  status: { dockerImageRepository: 'registry.example.com/myproject/python', tags: [] },
};
const lookups = createStaticLookups([...ALL, PYTHON], 'myproject');

describe('the output of /mutate is accepted unchanged by a second /mutate and by /validate', () => {
  for (const resolveImages of RESOLVE_IMAGES_POLICIES) {
    for (const hostname of HOSTNAMES) {
      for (const annotated of [false, true]) {
        const config: PolicyConfig = { resolveImages, internalRegistryHostname: hostname.value, alwaysPullImages: true };
        it(`${resolveImages} ${hostname.name}${annotated ? ', resolve-names *' : ''}`, async () => {
          for (const image of IMAGES) {
            const object = pod({ containers: [c('app', image)] }, annotated ? { annotations: ANN } : {});
            const first = await review(attrs(object), config, lookups, 'mutate');
            if (!first.allowed) continue;
            const patched = jsonPatch.applyPatch(structuredClone(object), jsonPatch.deepClone(first.patch) as jsonPatch.Operation[]).newDocument;
            const again = await review(attrs(patched), config, lookups, 'mutate');
            expect({ image, allowed: again.allowed, patch: again.patch }).to.deep.equal({ image, allowed: true, patch: [] });
            const validated = await review(attrs(patched), config, lookups, 'validate');
            expect({ image, allowed: validated.allowed, message: validated.status?.message }).to.deep.equal({ image, allowed: true, message: undefined });
          }
        });
      }
    }
  }

  it('Required without internalRegistryHostname rewrites a pending tag to the stream repository and tag, then accepts that', async () => {
    const config: PolicyConfig = { resolveImages: 'Required', internalRegistryHostname: '', alwaysPullImages: false };
    const first = await review(attrs(pod({ containers: [c('app', 'python:soon', 'IfNotPresent')] })), config, lookups, 'mutate');
    expect(first.patch).to.deep.equal([{ op: 'replace', path: '/spec/containers/0/image', value: 'registry.example.com/myproject/python:soon' }]);
    const output = attrs(pod({ containers: [c('app', 'registry.example.com/myproject/python:soon', 'IfNotPresent')] }));
    expect(await review(output, config, lookups, 'mutate')).to.include({ allowed: true, outcome: 'Unchanged' });
    expect(await review(output, config, lookups, 'validate')).to.include({ allowed: true, outcome: 'Unchanged' });
  });

  it('Required without internalRegistryHostname still rejects a foreign registry image that is no stream repository', async () => {
    const config: PolicyConfig = { resolveImages: 'Required', internalRegistryHostname: '', alwaysPullImages: false };
    const decision = await review(attrs(pod({ containers: [c('app', 'registry.example.com/myproject/other:soon', 'IfNotPresent')] })), config, lookups, 'validate');
    expect(decision.allowed).to.equal(false);
    expect(decision.status?.message).to.include('could not be resolved to an exact image reference');
  });
});

/** Decisions beyond the worked cases: D2, D3, D7, the validate phase, and malformed objects. */
import { expect } from 'chai';
import { describe, it } from 'mocha';
import { review } from '../../src/core/review.js';
import { createStaticLookups } from '../../src/core/static-lookups.js';
import type { Lookups, PolicyConfig } from '../../src/core/types.js';
import { ALL, attrs, c, C0, CA, CAR, CR, Da, digest, pod, REG } from '../helpers/builders.js';
import { img, ip, runCase, type ReviewCase } from '../helpers/review-case.js';
import { seeded } from '../helpers/random.js';

const P0 = '/spec/containers/0';
const vol = (i: number, value: string) => ({ op: 'add' as const, path: `/spec/volumes/${i}/image/pullPolicy`, value });
const CRR: PolicyConfig = { ...CAR, resolveImages: 'RequiredRewrite' };

/** Static lookups where only `allowed` namespaces may be read by the requesting user (D3). */
function readableOnly(allowed: string[]): Lookups {
  const base = createStaticLookups(ALL, 'myproject');
  return { ...base, canGetImageStreams: (_user, ns) => Promise.resolve(allowed.includes(ns)) };
}

const cases: ReviewCase[] = [
  { name: 'D2 Required accepts a digest some stream lists', attrs: attrs(pod({ containers: [c('app', `docker.io/library/ruby@${Da}`, 'IfNotPresent')] })), config: CR, streams: ALL, want: [] },
  { name: 'D2 Required rejects a digest no stream lists', attrs: attrs(pod({ containers: [c('app', `nginx@${digest('9')}`, 'IfNotPresent')] })), config: CR, streams: ALL, want: { code: 422, message: `Pod "web" is invalid: spec.containers[0].image: Forbidden: this image is prohibited by policy: images.image.openshift.io "${digest('9')}" not found` } },
  { name: 'the validate phase accepts the output of the mutate phase (digests and tag-missing fallbacks) under Required', attrs: attrs(pod({ containers: [c('app', `docker.io/library/ruby@${Da}`, 'IfNotPresent'), c('p', `${REG}/myproject/ruby:pending`, 'IfNotPresent')] })), config: CR, streams: ALL, phase: 'validate', want: [] },
  { name: 'validate phase rejects an image another webhook made unresolvable', attrs: attrs(pod({ containers: [c('app', 'mysql:8.0', 'IfNotPresent')] })), config: CR, streams: ALL, phase: 'validate', want: { code: 422, includes: 'ImageStreamTag does not allow local references' } },
  { name: 'validate phase never patches, even where mutate would', attrs: attrs(pod({ containers: [c('app', 'ruby:2.5')] })), config: CA, streams: ALL, phase: 'validate', want: { code: 403, message: 'pods "web" is forbidden: spec.containers[0].imagePullPolicy: Unsupported value: "": supported values: "Always"' } },
  { name: 'AlwaysPullImages validation aggregates every container not pulling Always', attrs: attrs(pod({ initContainers: [c('i', 'busybox', 'Never')], containers: [c('app', 'nginx', 'Always'), c('b', 'nginx:1', 'IfNotPresent')] })), config: CA, streams: [], phase: 'validate', want: { code: 403, message: '[pods "web" is forbidden: spec.initContainers[0].imagePullPolicy: Unsupported value: "Never": supported values: "Always", pods "web" is forbidden: spec.containers[1].imagePullPolicy: Unsupported value: "IfNotPresent": supported values: "Always"]' } },
  { name: 'D7 image volumes get their pullPolicy defaulted and are never resolved', attrs: attrs(pod({ containers: [c('app', 'busybox:1', 'IfNotPresent')], volumes: [{ name: 'data', image: { reference: 'ruby:2.5' } }, { name: 'tools', image: { reference: 'tools' } }] })), config: C0, streams: ALL, want: [vol(0, 'IfNotPresent'), vol(1, 'Always')] },
  { name: 'D7 AlwaysPullImages forces image volumes to Always', attrs: attrs(pod({ containers: [c('app', 'nginx:1', 'Always')], volumes: [{ name: 'data', image: { reference: 'data:1', pullPolicy: 'IfNotPresent' } }] })), config: CA, streams: [], want: [vol(0, 'Always')] },
  { name: 'D7 a new image volume reference makes an UPDATE subject to AlwaysPullImages', attrs: attrs(pod({ containers: [c('app', 'nginx:1', 'IfNotPresent')], volumes: [{ name: 'd', image: { reference: 'data:2', pullPolicy: 'Always' } }] }), { operation: 'UPDATE', oldObject: pod({ containers: [c('app', 'nginx:1', 'IfNotPresent')], volumes: [{ name: 'd', image: { reference: 'data:1', pullPolicy: 'Always' } }] }) }), config: CA, streams: [], want: [ip(P0, 'Always')] },
  { name: 'D6 re-applying a short name that resolves to the stored digest brings no new image', attrs: attrs(pod({ containers: [c('app', 'ruby:2.5', 'IfNotPresent')] }), { operation: 'UPDATE', oldObject: pod({ containers: [c('app', `docker.io/library/ruby@${Da}`, 'IfNotPresent')] }) }), config: CA, streams: ALL, want: [img(P0, `docker.io/library/ruby@${Da}`)] },
  { name: 'D13 a generateName create has an empty name in the message', attrs: attrs(pod({ containers: [c('app', 'python:3', 'IfNotPresent')] }), { name: '' }), config: CR, streams: ALL, want: { code: 422, startsWith: 'Pod "" is invalid: ' } },
  { name: 'an explicit empty rule list covers nothing', attrs: attrs(pod({ containers: [c('app', 'ruby:2.5', 'IfNotPresent')] })), config: { ...C0, resolutionRules: [] }, streams: ALL, want: [] },
  { name: 'a DeploymentConfig is handled like a Deployment', attrs: attrs({ apiVersion: 'apps.openshift.io/v1', kind: 'DeploymentConfig', metadata: { name: 'web', namespace: 'myproject' }, spec: { template: { spec: { containers: [c('app', 'ruby:2.5', 'IfNotPresent')] } } } }, { resource: { group: 'apps.openshift.io', resource: 'deploymentconfigs' } }), config: C0, streams: ALL, want: [img('/spec/template/spec/containers/0', `docker.io/library/ruby@${Da}`)] },
];

describe('review: decisions beyond the worked cases', () => {
  for (const tc of cases) it(tc.name, async () => void (await runCase(tc)));

  it('D3 resolves a cross-namespace integrated reference when the user may read the streams there', async () => {
    const decision = await review(attrs(pod({ containers: [c('app', `${REG}/otherproj/ruby:2.5`, 'IfNotPresent')] })), CRR, readableOnly(['myproject', 'otherproj']), 'mutate');
    expect(decision.patch).to.deep.equal([img(P0, `docker.io/library/ruby@${digest('2')}`)]);
  });

  it('D3 rejects a cross-namespace reference when a SubjectAccessReview denies it', async () => {
    const decision = await review(attrs(pod({ containers: [c('app', `${REG}/otherproj/ruby:2.5`, 'IfNotPresent')] })), CRR, readableOnly(['myproject']), 'mutate');
    expect(decision.allowed).to.equal(false);
    expect(decision.status?.message).to.include('user "developer" cannot get imagestreams.image.openshift.io in the namespace "otherproj"');
  });

  it('D3 leaves a denied cross-namespace reference untouched under Attempt modes', async () => {
    const decision = await review(attrs(pod({ containers: [c('app', `${REG}/otherproj/ruby:2.5`, 'IfNotPresent')] })), CAR, readableOnly(['myproject']), 'mutate');
    expect(decision).to.include({ allowed: true, outcome: 'Unchanged' });
    expect(decision.patch).to.deep.equal([]);
  });

  it('looks each distinct image up once per request', async () => {
    const seen: string[] = [];
    const base = createStaticLookups(ALL, 'myproject');
    const counting: Lookups = { ...base, getImageStream: (ns, name) => (seen.push(`${ns}/${name}`), base.getImageStream(ns, name)) };
    const containers = ['a', 'b', 'c', 'd'].map((n) => c(n, 'ruby:2.5', 'IfNotPresent'));
    const decision = await review(attrs(pod({ containers: [...containers, c('e', 'ruby:latest', 'Always')] })), C0, counting, 'mutate');
    expect(decision.imagesChanged).to.equal(5);
    expect(seen).to.deep.equal(['myproject/ruby', 'myproject/ruby']);
  });

  it('never throws on malformed objects and always answers', async () => {
    const random = seeded(99);
    const junk = [null, 1, 'x', [], {}, { image: 5 }, { name: 'a' }, [{ image: 'ruby:2.5' }], { containers: 'nope' }];
    const pick = () => junk[Math.floor(random() * junk.length)];
    for (let i = 0; i < 300; i++) {
      const object = { apiVersion: 'v1', kind: 'Pod', metadata: pick(), spec: { containers: pick(), initContainers: [pick(), pick()], volumes: [pick()] } };
      const config = random() < 0.5 ? CR : CA;
      const decision = await review(attrs(object), config, createStaticLookups(ALL, 'myproject'), random() < 0.5 ? 'mutate' : 'validate');
      expect(decision.outcome).to.be.oneOf(['Ignored', 'Unchanged', 'Mutated', 'Rejected']);
    }
  });
});

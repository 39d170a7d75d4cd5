/** Worked cases of UPDATE rules, subresources, Required modes, pull policies and AlwaysPullImages, each also checked for idempotence. */
import { describe, it } from 'mocha';
import type { AdmissionAttributes } from '../../src/core/types.js';
import {
  ALL, ANN, attrs, c, C0, CA, CDNA, CNL, controllerOwner, CR, Da, Dd, De, Df, pod, REG, workload, type Container,
} from '../helpers/builders.js';
import { img, ip, runCase, type ReviewCase } from '../helpers/review-case.js';

const P0 = '/spec/containers/0';
const TEMPLATE0 = '/spec/template/spec/containers/0';
const ruby = (d: string): string => `docker.io/library/ruby@${d}`;
const deployment = workload.bind(null, 'apps/v1', 'Deployment');
const CAV = CA;
const PREFIX = 'Pod "web" is invalid: spec.containers[0].image: Forbidden: this image is prohibited by policy: ';

/** An UPDATE of `next` over `previous`. */
function update(next: Record<string, unknown>, previous: Record<string, unknown>, o: Partial<AdmissionAttributes> = {}): AdmissionAttributes {
  return attrs(next, { operation: 'UPDATE', oldObject: previous, ...o });
}

const podWith = (containers: Container[], labels: Record<string, string> = {}) => {
  const p = pod({ containers });
  (p['metadata'] as Record<string, unknown>)['labels'] = labels;
  return p;
};

const cases: ReviewCase[] = [
  { name: 'UPDATE with an identical name and image is skipped', attrs: update(deployment({ containers: [c('app', 'ruby:2.5', 'IfNotPresent')] }, { name: 'web' }), deployment({ containers: [c('app', 'ruby:2.5', 'IfNotPresent')] })), config: C0, streams: ALL, want: [] },
  { name: 're-applying the short name of a Deployment over its stored digest resolves it to the current digest', attrs: update(deployment({ containers: [c('app', 'ruby:2.5', 'IfNotPresent')] }), deployment({ containers: [c('app', ruby(De), 'IfNotPresent')] })), config: C0, streams: ALL, want: [img(TEMPLATE0, ruby(Da))] },
  { name: 'adding resolve-names on UPDATE processes every container', attrs: update(deployment({ containers: [c('app', 'mysql:8.0', 'IfNotPresent')] }, { templateAnnotations: ANN }), deployment({ containers: [c('app', 'mysql:8.0', 'IfNotPresent')] })), config: C0, streams: ALL, want: [img(TEMPLATE0, `docker.io/library/mysql@${Dd}`)] },
  { name: 'resolve-names on both sides with an identical image is skipped', attrs: update(deployment({ containers: [c('app', 'mysql:8.0', 'IfNotPresent')] }, { templateAnnotations: ANN }), deployment({ containers: [c('app', 'mysql:8.0', 'IfNotPresent')] }, { templateAnnotations: ANN })), config: C0, streams: ALL, want: [] },
  { name: 'a renamed container is processed', attrs: update(deployment({ containers: [c('app', 'ruby:2.5', 'IfNotPresent')] }), deployment({ containers: [c('web', 'ruby:2.5', 'IfNotPresent')] })), config: C0, streams: ALL, want: [img(TEMPLATE0, ruby(Da))] },
  { name: 'a Job UPDATE is resolved but never rewritten', attrs: update(workload('batch/v1', 'Job', { containers: [c('app', 'ruby:2.5', 'IfNotPresent')] }), workload('batch/v1', 'Job', { containers: [c('app', 'ruby:2.4', 'IfNotPresent')] })), config: C0, streams: ALL, want: [] },
  { name: 'a StatefulSet UPDATE is rewritten', attrs: update(workload('apps/v1', 'StatefulSet', { containers: [c('app', 'ruby:2.5', 'IfNotPresent')] }), workload('apps/v1', 'StatefulSet', { containers: [c('app', 'ruby:2.4', 'IfNotPresent')] })), config: C0, streams: ALL, want: [img(TEMPLATE0, ruby(Da))] },
  { name: 'pods/ephemeralcontainers is a subresource: no resolution, no AlwaysPullImages', attrs: update(pod({ containers: [c('app', 'nginx:1.25', 'IfNotPresent')], ephemeralContainers: [c('dbg', 'ruby:2.5', 'IfNotPresent')] }), pod({ containers: [c('app', 'nginx:1.25', 'IfNotPresent')] }), { subResource: 'ephemeralcontainers' }), config: CA, streams: ALL, want: [] },
  { name: 'deployments/scale passes unchanged', attrs: update({ apiVersion: 'autoscaling/v1', kind: 'Scale', metadata: { name: 'web', namespace: 'myproject' }, spec: { replicas: 3 } }, { apiVersion: 'autoscaling/v1', kind: 'Scale', metadata: { name: 'web' }, spec: { replicas: 1 } }, { resource: { group: 'apps', resource: 'deployments' }, subResource: 'scale' }), config: C0, streams: ALL, want: [] },
  { name: 'DELETE passes unchanged', attrs: attrs(pod({ containers: [c('app', 'ruby:2.5')] }), { operation: 'DELETE', object: null, oldObject: pod({ containers: [c('app', 'ruby:2.5')] }) }), config: CA, streams: ALL, want: [] },
  { name: 'dry-run behaves exactly like a real CREATE', attrs: attrs(pod({ containers: [c('app', 'ruby:2.5')] }), { dryRun: true }), config: C0, streams: ALL, want: [img(P0, ruby(Da)), ip(P0, 'IfNotPresent')] },
  { name: 'Required resolves a local name', attrs: attrs(pod({ containers: [c('app', 'ruby:2.5', 'IfNotPresent')] })), config: CR, streams: ALL, want: [img(P0, ruby(Da))] },
  { name: 'Required accepts the tag-missing fallback', attrs: attrs(pod({ containers: [c('app', 'ruby:pending', 'IfNotPresent')] })), config: CR, streams: ALL, want: [img(P0, `${REG}/myproject/ruby:pending`)], warnings: ['tag "pending" has no image'] },
  { name: 'Required rejects a stream without lookupPolicy.local', attrs: attrs(pod({ containers: [c('app', 'mysql:8.0', 'IfNotPresent')] })), config: CR, streams: ALL, want: { code: 422, message: `${PREFIX}ImageStreamTag does not allow local references and the resource did not request image stream resolution` } },
  { name: 'Required rejects a registry image it cannot pin', attrs: attrs(pod({ containers: [c('app', 'docker.io/library/nginx:1.25', 'IfNotPresent')] })), config: CR, streams: ALL, want: { code: 422, message: `${PREFIX}(docker.io/library/nginx:1.25) could not be resolved to an exact image reference` } },
  { name: 'Required rejects a missing stream and names it (D4)', attrs: attrs(pod({ containers: [c('app', 'python:3', 'IfNotPresent')] })), config: CR, streams: ALL, want: { code: 422, message: `${PREFIX}imagestreams.image.openshift.io "python" not found` } },
  { name: 'Required aggregates one error per failing container', attrs: attrs(pod({ initContainers: [c('init', 'python:3', 'IfNotPresent')], containers: [c('app', 'mysql:8.0', 'IfNotPresent')] })), config: CR, streams: ALL, want: { code: 422, startsWith: 'Pod "web" is invalid: [spec.initContainers[0].image: Forbidden: this image is prohibited by policy: imagestreams.image.openshift.io "python" not found, spec.containers[0].image: Forbidden: ' } },
  { name: 'Required reports a repeated failing image once', attrs: attrs(pod({ containers: [c('a', 'python:3', 'IfNotPresent'), c('b', 'python:3', 'IfNotPresent')] })), config: CR, streams: ALL, want: { code: 422, message: `${PREFIX}imagestreams.image.openshift.io "python" not found` } },
  { name: 'Required rejects an unparseable image with the parser error', attrs: attrs(pod({ containers: [c('app', 'Ruby:2.5', 'IfNotPresent')] })), config: CR, streams: ALL, want: { code: 422, message: `${PREFIX}repository name must be lowercase` } },
  { name: 'a controller-owned Pod is exempt even under Required', attrs: attrs(pod({ containers: [c('app', 'python:3', 'IfNotPresent')] }, { ownerReferences: controllerOwner('ReplicaSet') })), config: CR, streams: ALL, want: [] },
  { name: 'Required names the Deployment kind and group', attrs: attrs(deployment({ containers: [c('app', 'docker.io/library/nginx:1.25', 'IfNotPresent')] })), config: CR, streams: ALL, want: { code: 422, message: 'Deployment.apps "web" is invalid: spec.template.spec.containers[0].image: Forbidden: this image is prohibited by policy: (docker.io/library/nginx:1.25) could not be resolved to an exact image reference' } },
  { name: 'DoNotAttempt still resolves rule-covered resources', attrs: attrs(pod({ containers: [c('app', 'ruby:2.5', 'IfNotPresent')] })), config: CDNA, streams: ALL, want: [img(P0, ruby(Da))] },
  { name: 'a rule with localNames false does not rewrite Pods', attrs: attrs(pod({ containers: [c('app', 'ruby:2.5', 'IfNotPresent')] })), config: CNL, streams: ALL, want: [] },
  { name: 'a resource no rule covers is skipped', attrs: attrs(deployment({ containers: [c('app', 'ruby:2.5', 'IfNotPresent')] })), config: CNL, streams: ALL, want: [] },
  { name: 'pull policies in a template are defaulted per container, resolved or not', attrs: attrs(deployment({ initContainers: [c('i', 'ruby:2.5')], containers: [c('app', 'mysql')] })), config: C0, streams: ALL, want: [img('/spec/template/spec/initContainers/0', ruby(Da)), ip('/spec/template/spec/initContainers/0', 'IfNotPresent'), ip(TEMPLATE0, 'Always')], warnings: ['mysql'] },
  { name: 'pull policy defaulting follows the normalised tag', attrs: attrs(deployment({ containers: [c('app', 'nginx'), c('b', `nginx@${Df}`), c('c', 'nginx:LATEST'), c('d', 'NGINX:latest'), c('e', 'localhost:5000/nginx'), c('f', '')] })), config: C0, streams: [], want: ['Always', 'IfNotPresent', 'IfNotPresent', 'IfNotPresent', 'Always', 'IfNotPresent'].map((v, i) => ip(`/spec/template/spec/containers/${i}`, v)) },
  { name: 'AlwaysPullImages forces Always on every Pod container', attrs: attrs(pod({ initContainers: [c('i', 'busybox', 'Never')], containers: [c('app', 'ruby:2.5', 'IfNotPresent')] })), config: CA, streams: ALL, want: [ip('/spec/initContainers/0', 'Always'), img(P0, ruby(Da)), ip(P0, 'Always')] },
  { name: 'AlwaysPullImages leaves pod templates alone', attrs: attrs(deployment({ containers: [c('app', 'ruby:2.5', 'IfNotPresent')] })), config: CA, streams: ALL, want: [img(TEMPLATE0, ruby(Da))] },
  { name: 'AlwaysPullImages applies to controller-owned Pods', attrs: attrs(pod({ containers: [c('app', 'ruby:2.5', 'IfNotPresent')] }, { ownerReferences: controllerOwner('ReplicaSet') })), config: CA, streams: ALL, want: [ip(P0, 'Always')] },
  { name: 'an UPDATE with no new images is exempt from mutation', attrs: update(podWith([c('a', 'busybox:1', 'IfNotPresent')], { v: '2' }), podWith([c('a', 'busybox:1', 'IfNotPresent')], { v: '1' })), config: CAV, streams: [], want: [] },
  { name: 'an UPDATE with no new images is exempt from validation', attrs: update(podWith([c('a', 'busybox:1', 'IfNotPresent')], { v: '2' }), podWith([c('a', 'busybox:1', 'IfNotPresent')], { v: '1' })), config: CAV, streams: [], phase: 'validate', want: [] },
  { name: 'one new image forces Always on all containers', attrs: update(pod({ containers: [c('a', 'busybox:2', 'IfNotPresent'), c('b', 'nginx:1.25', 'IfNotPresent')] }), pod({ containers: [c('a', 'busybox:1', 'IfNotPresent'), c('b', 'nginx:1.25', 'IfNotPresent')] })), config: CA, streams: [], want: [ip(P0, 'Always'), ip('/spec/containers/1', 'Always')] },
  { name: 'swapping images between containers brings no new image', attrs: update(pod({ containers: [c('a', 'y:1', 'IfNotPresent'), c('b', 'x:1', 'IfNotPresent')] }), pod({ containers: [c('a', 'x:1', 'IfNotPresent'), c('b', 'y:1', 'IfNotPresent')] })), config: CA, streams: [], want: [] },
  { name: 'existing ephemeral containers are forced too', attrs: update(pod({ containers: [c('app', 'nginx:1.26', 'IfNotPresent')], ephemeralContainers: [c('dbg', 'busybox:1', 'IfNotPresent')] }), pod({ containers: [c('app', 'nginx:1.25', 'IfNotPresent')], ephemeralContainers: [c('dbg', 'busybox:1', 'IfNotPresent')] })), config: CA, streams: [], want: [ip(P0, 'Always'), ip('/spec/ephemeralContainers/0', 'Always')] },
  { name: 'validation rejects a Pod not pulling Always', attrs: attrs(pod({ containers: [c('app', 'nginx:1.25', 'IfNotPresent')] })), config: CAV, streams: [], phase: 'validate', want: { code: 403, message: 'pods "web" is forbidden: spec.containers[0].imagePullPolicy: Unsupported value: "IfNotPresent": supported values: "Always"' } },
  { name: 'a dry-run with AlwaysPullImages resolves and forces Always exactly like a real CREATE', attrs: attrs(pod({ initContainers: [c('i', 'busybox', 'Never')], containers: [c('app', 'ruby:2.5', 'IfNotPresent')] }), { dryRun: true }), config: CA, streams: ALL, want: [ip('/spec/initContainers/0', 'Always'), img(P0, ruby(Da)), ip(P0, 'Always')] },
  { name: 'a second pass over a tag-missing fallback (stream repository and tag) changes nothing', attrs: attrs(pod({ containers: [c('app', `${REG}/myproject/ruby:pending`, 'IfNotPresent')] })), config: C0, streams: ALL, want: [] },
];

describe('worked cases: updates, Required modes and AlwaysPullImages', () => {
  for (const tc of cases) it(tc.name, async () => void (await runCase(tc)));
});

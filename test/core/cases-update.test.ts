/** spec/cases.md T47–T80: UPDATE rules, subresources, Required modes, pull policies, AlwaysPullImages. */
import { describe, it } from 'mocha';
import type { AdmissionAttributes } from '../../src/core/types.js';
import {
  ALL, ANN, attrs, c, C0, CA, CDNA, CNL, controllerOwner, CR, Da, Dd, De, Df, pod, REG, workload, type Container,
} from '../helpers/builders.js';
import { img, ip, runCase, type ReviewCase } from '../helpers/review-case.js';

const P0 = '/spec/containers/0';
const T0 = '/spec/template/spec/containers/0';
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
  { name: 'T47 UPDATE with an identical name and image is skipped', attrs: update(deployment({ containers: [c('app', 'ruby:2.5', 'IfNotPresent')] }, { name: 'web' }), deployment({ containers: [c('app', 'ruby:2.5', 'IfNotPresent')] })), config: C0, streams: ALL, want: [] },
  { name: 'T48 re-applying the original manifest resolves again', attrs: update(deployment({ containers: [c('app', 'ruby:2.5', 'IfNotPresent')] }), deployment({ containers: [c('app', ruby(De), 'IfNotPresent')] })), config: C0, streams: ALL, want: [img(T0, ruby(Da))] },
  { name: 'T49 adding resolve-names on UPDATE processes every container', attrs: update(deployment({ containers: [c('app', 'mysql:8.0', 'IfNotPresent')] }, { templateAnnotations: ANN }), deployment({ containers: [c('app', 'mysql:8.0', 'IfNotPresent')] })), config: C0, streams: ALL, want: [img(T0, `docker.io/library/mysql@${Dd}`)] },
  { name: 'T50 resolve-names on both sides with an identical image is skipped', attrs: update(deployment({ containers: [c('app', 'mysql:8.0', 'IfNotPresent')] }, { templateAnnotations: ANN }), deployment({ containers: [c('app', 'mysql:8.0', 'IfNotPresent')] }, { templateAnnotations: ANN })), config: C0, streams: ALL, want: [] },
  { name: 'T51 a renamed container is processed', attrs: update(deployment({ containers: [c('app', 'ruby:2.5', 'IfNotPresent')] }), deployment({ containers: [c('web', 'ruby:2.5', 'IfNotPresent')] })), config: C0, streams: ALL, want: [img(T0, ruby(Da))] },
  { name: 'T52 a Job UPDATE is resolved but never rewritten', attrs: update(workload('batch/v1', 'Job', { containers: [c('app', 'ruby:2.5', 'IfNotPresent')] }), workload('batch/v1', 'Job', { containers: [c('app', 'ruby:2.4', 'IfNotPresent')] })), config: C0, streams: ALL, want: [] },
  { name: 'T53 a StatefulSet UPDATE is rewritten', attrs: update(workload('apps/v1', 'StatefulSet', { containers: [c('app', 'ruby:2.5', 'IfNotPresent')] }), workload('apps/v1', 'StatefulSet', { containers: [c('app', 'ruby:2.4', 'IfNotPresent')] })), config: C0, streams: ALL, want: [img(T0, ruby(Da))] },
  { name: 'T54 pods/ephemeralcontainers is a subresource: no resolution, no AlwaysPullImages', attrs: update(pod({ containers: [c('app', 'nginx:1.25', 'IfNotPresent')], ephemeralContainers: [c('dbg', 'ruby:2.5', 'IfNotPresent')] }), pod({ containers: [c('app', 'nginx:1.25', 'IfNotPresent')] }), { subResource: 'ephemeralcontainers' }), config: CA, streams: ALL, want: [] },
  { name: 'T55 deployments/scale passes unchanged', attrs: update({ apiVersion: 'autoscaling/v1', kind: 'Scale', metadata: { name: 'web', namespace: 'myproject' }, spec: { replicas: 3 } }, { apiVersion: 'autoscaling/v1', kind: 'Scale', metadata: { name: 'web' }, spec: { replicas: 1 } }, { resource: { group: 'apps', resource: 'deployments' }, subResource: 'scale' }), config: C0, streams: ALL, want: [] },
  { name: 'T56 DELETE passes unchanged', attrs: attrs(pod({ containers: [c('app', 'ruby:2.5')] }), { operation: 'DELETE', object: null, oldObject: pod({ containers: [c('app', 'ruby:2.5')] }) }), config: CA, streams: ALL, want: [] },
  { name: 'T57 dry-run behaves exactly like a real CREATE', attrs: attrs(pod({ containers: [c('app', 'ruby:2.5')] }), { dryRun: true }), config: C0, streams: ALL, want: [img(P0, ruby(Da)), ip(P0, 'IfNotPresent')] },
  { name: 'T58 Required resolves a local name', attrs: attrs(pod({ containers: [c('app', 'ruby:2.5', 'IfNotPresent')] })), config: CR, streams: ALL, want: [img(P0, ruby(Da))] },
  { name: 'T59 Required accepts the tag-missing fallback', attrs: attrs(pod({ containers: [c('app', 'ruby:pending', 'IfNotPresent')] })), config: CR, streams: ALL, want: [img(P0, `${REG}/myproject/ruby:pending`)], warnings: ['tag "pending" has no image'] },
  { name: 'T60 Required rejects a stream without lookupPolicy.local', attrs: attrs(pod({ containers: [c('app', 'mysql:8.0', 'IfNotPresent')] })), config: CR, streams: ALL, want: { code: 422, message: `${PREFIX}ImageStreamTag does not allow local references and the resource did not request image stream resolution` } },
  { name: 'T61 Required rejects a registry image it cannot pin', attrs: attrs(pod({ containers: [c('app', 'docker.io/library/nginx:1.25', 'IfNotPresent')] })), config: CR, streams: ALL, want: { code: 422, message: `${PREFIX}(docker.io/library/nginx:1.25) could not be resolved to an exact image reference` } },
  { name: 'T62 Required rejects a missing stream and names it (D4)', attrs: attrs(pod({ containers: [c('app', 'python:3', 'IfNotPresent')] })), config: CR, streams: ALL, want: { code: 422, message: `${PREFIX}imagestreams.image.openshift.io "python" not found` } },
  { name: 'T63 Required aggregates one error per failing container', attrs: attrs(pod({ initContainers: [c('init', 'python:3', 'IfNotPresent')], containers: [c('app', 'mysql:8.0', 'IfNotPresent')] })), config: CR, streams: ALL, want: { code: 422, startsWith: 'Pod "web" is invalid: [spec.initContainers[0].image: Forbidden: this image is prohibited by policy: imagestreams.image.openshift.io "python" not found, spec.containers[0].image: Forbidden: ' } },
  { name: 'T63b Required reports a repeated failing image once', attrs: attrs(pod({ containers: [c('a', 'python:3', 'IfNotPresent'), c('b', 'python:3', 'IfNotPresent')] })), config: CR, streams: ALL, want: { code: 422, message: `${PREFIX}imagestreams.image.openshift.io "python" not found` } },
  { name: 'T64 Required rejects an unparseable image with the parser error', attrs: attrs(pod({ containers: [c('app', 'Ruby:2.5', 'IfNotPresent')] })), config: CR, streams: ALL, want: { code: 422, message: `${PREFIX}repository name must be lowercase` } },
  { name: 'T65 a controller-owned Pod is exempt even under Required', attrs: attrs(pod({ containers: [c('app', 'python:3', 'IfNotPresent')] }, { ownerReferences: controllerOwner('ReplicaSet') })), config: CR, streams: ALL, want: [] },
  { name: 'T66 Required names the Deployment kind and group', attrs: attrs(deployment({ containers: [c('app', 'docker.io/library/nginx:1.25', 'IfNotPresent')] })), config: CR, streams: ALL, want: { code: 422, message: 'Deployment.apps "web" is invalid: spec.template.spec.containers[0].image: Forbidden: this image is prohibited by policy: (docker.io/library/nginx:1.25) could not be resolved to an exact image reference' } },
  { name: 'T67 DoNotAttempt still resolves rule-covered resources', attrs: attrs(pod({ containers: [c('app', 'ruby:2.5', 'IfNotPresent')] })), config: CDNA, streams: ALL, want: [img(P0, ruby(Da))] },
  { name: 'T68 a rule with localNames false does not rewrite Pods', attrs: attrs(pod({ containers: [c('app', 'ruby:2.5', 'IfNotPresent')] })), config: CNL, streams: ALL, want: [] },
  { name: 'T68 a resource no rule covers is skipped', attrs: attrs(deployment({ containers: [c('app', 'ruby:2.5', 'IfNotPresent')] })), config: CNL, streams: ALL, want: [] },
  { name: 'T69 templates are defaulted per container', attrs: attrs(deployment({ initContainers: [c('i', 'ruby:2.5')], containers: [c('app', 'mysql')] })), config: C0, streams: ALL, want: [img('/spec/template/spec/initContainers/0', ruby(Da)), ip('/spec/template/spec/initContainers/0', 'IfNotPresent'), ip(T0, 'Always')], warnings: ['mysql'] },
  { name: 'T70 pull policy defaulting follows the normalised tag', attrs: attrs(deployment({ containers: [c('app', 'nginx'), c('b', `nginx@${Df}`), c('c', 'nginx:LATEST'), c('d', 'NGINX:latest'), c('e', 'localhost:5000/nginx'), c('f', '')] })), config: C0, streams: [], want: ['Always', 'IfNotPresent', 'IfNotPresent', 'IfNotPresent', 'Always', 'IfNotPresent'].map((v, i) => ip(`/spec/template/spec/containers/${i}`, v)) },
  { name: 'T71 AlwaysPullImages forces Always on every Pod container', attrs: attrs(pod({ initContainers: [c('i', 'busybox', 'Never')], containers: [c('app', 'ruby:2.5', 'IfNotPresent')] })), config: CA, streams: ALL, want: [ip('/spec/initContainers/0', 'Always'), img(P0, ruby(Da)), ip(P0, 'Always')] },
  { name: 'T72 AlwaysPullImages leaves pod templates alone', attrs: attrs(deployment({ containers: [c('app', 'ruby:2.5', 'IfNotPresent')] })), config: CA, streams: ALL, want: [img(T0, ruby(Da))] },
  { name: 'T73 AlwaysPullImages applies to controller-owned Pods', attrs: attrs(pod({ containers: [c('app', 'ruby:2.5', 'IfNotPresent')] }, { ownerReferences: controllerOwner('ReplicaSet') })), config: CA, streams: ALL, want: [ip(P0, 'Always')] },
  { name: 'T74 an UPDATE with no new images is exempt from mutation', attrs: update(podWith([c('a', 'busybox:1', 'IfNotPresent')], { v: '2' }), podWith([c('a', 'busybox:1', 'IfNotPresent')], { v: '1' })), config: CAV, streams: [], want: [] },
  { name: 'T74 an UPDATE with no new images is exempt from validation', attrs: update(podWith([c('a', 'busybox:1', 'IfNotPresent')], { v: '2' }), podWith([c('a', 'busybox:1', 'IfNotPresent')], { v: '1' })), config: CAV, streams: [], phase: 'validate', want: [] },
  { name: 'T75 one new image forces Always on all containers', attrs: update(pod({ containers: [c('a', 'busybox:2', 'IfNotPresent'), c('b', 'nginx:1.25', 'IfNotPresent')] }), pod({ containers: [c('a', 'busybox:1', 'IfNotPresent'), c('b', 'nginx:1.25', 'IfNotPresent')] })), config: CA, streams: [], want: [ip(P0, 'Always'), ip('/spec/containers/1', 'Always')] },
  { name: 'T76 swapping images between containers brings no new image', attrs: update(pod({ containers: [c('a', 'y:1', 'IfNotPresent'), c('b', 'x:1', 'IfNotPresent')] }), pod({ containers: [c('a', 'x:1', 'IfNotPresent'), c('b', 'y:1', 'IfNotPresent')] })), config: CA, streams: [], want: [] },
  { name: 'T77 existing ephemeral containers are forced too', attrs: update(pod({ containers: [c('app', 'nginx:1.26', 'IfNotPresent')], ephemeralContainers: [c('dbg', 'busybox:1', 'IfNotPresent')] }), pod({ containers: [c('app', 'nginx:1.25', 'IfNotPresent')], ephemeralContainers: [c('dbg', 'busybox:1', 'IfNotPresent')] })), config: CA, streams: [], want: [ip(P0, 'Always'), ip('/spec/ephemeralContainers/0', 'Always')] },
  { name: 'T78 validation rejects a Pod not pulling Always', attrs: attrs(pod({ containers: [c('app', 'nginx:1.25', 'IfNotPresent')] })), config: CAV, streams: [], phase: 'validate', want: { code: 403, message: 'pods "web" is forbidden: spec.containers[0].imagePullPolicy: Unsupported value: "IfNotPresent": supported values: "Always"' } },
  { name: 'T79 dry-run with AlwaysPullImages is identical to T71', attrs: attrs(pod({ initContainers: [c('i', 'busybox', 'Never')], containers: [c('app', 'ruby:2.5', 'IfNotPresent')] }), { dryRun: true }), config: CA, streams: ALL, want: [ip('/spec/initContainers/0', 'Always'), img(P0, ruby(Da)), ip(P0, 'Always')] },
  { name: 'T80 reinvocation on a fallback result changes nothing', attrs: attrs(pod({ containers: [c('app', `${REG}/myproject/ruby:pending`, 'IfNotPresent')] })), config: C0, streams: ALL, want: [] },
];

describe('spec/cases.md T47–T80: updates, Required modes and AlwaysPullImages', () => {
  for (const tc of cases) it(tc.name, async () => void (await runCase(tc)));
});

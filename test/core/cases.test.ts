/** Worked cases of resolution, the resolve-names annotation and workload kinds, each also checked for idempotence. */
import { describe, it } from 'mocha';
import {
  ALL, ANN, attrs, c, C0, CAR, CARD, controllerOwner, cronJob, D1, D2, Da, Db, Dc, Dd, De, Df, pod, REG, workload,
} from '../helpers/builders.js';
import type { ImageStream } from '../../src/core/types.js';
import { img, ip, runCase, type ReviewCase } from '../helpers/review-case.js';

const P0 = '/spec/containers/0';
const TEMPLATE0 = '/spec/template/spec/containers/0';
const ruby = (d: string): string => `docker.io/library/ruby@${d}`;
const deployment = workload.bind(null, 'apps/v1', 'Deployment');
/** The worked streams, with myproject/ruby's Local tag `local` pushed to the integrated registry rather than imported. */
const PUSHED: ImageStream[] = ALL.map((stream) => {
  if (stream.metadata.name !== 'ruby' || stream.metadata.namespace !== 'myproject') return stream;
  const tags = (stream.status?.tags ?? []).map((list) => (list.tag === 'local' ? { ...list, items: [{ dockerImageReference: `${REG}/myproject/ruby@${Dc}`, image: Dc }] } : list));
  return { ...stream, status: { ...stream.status, tags } };
});

const cases: ReviewCase[] = [
  { name: 'a local name with a tag resolves to the digest and defaults IfNotPresent', attrs: attrs(pod({ containers: [c('app', 'ruby:2.5')] })), config: C0, streams: ALL, want: [img(P0, ruby(Da)), ip(P0, 'IfNotPresent')] },
  { name: 'a bare name means tag latest and keeps Always from the name as written', attrs: attrs(pod({ containers: [c('app', 'ruby')] })), config: C0, streams: ALL, want: [img(P0, ruby(Db)), ip(P0, 'Always')] },
  { name: 'an explicit latest tag resolves and defaults Always', attrs: attrs(pod({ containers: [c('app', 'ruby:latest')] })), config: C0, streams: ALL, want: [img(P0, ruby(Db)), ip(P0, 'Always')] },
  { name: 'an explicit pull policy is kept', attrs: attrs(pod({ containers: [c('app', 'ruby:2.5', 'Never')] })), config: C0, streams: ALL, want: [img(P0, ruby(Da))] },
  { name: 'referencePolicy Local of an imported image resolves as Source, since the integrated registry does not hold it', attrs: attrs(pod({ containers: [c('app', 'ruby:local', 'IfNotPresent')] })), config: C0, streams: ALL, want: [img(P0, `quay.io/acme/ruby@${Dc}`)] },
  { name: 'referencePolicy Local of an image pushed to the integrated registry pins the stream repository', attrs: attrs(pod({ containers: [c('app', 'ruby:local', 'IfNotPresent')] })), config: C0, streams: PUSHED, want: [img(P0, `${REG}/myproject/ruby@${Dc}`)] },
  { name: 'a spec tag never imported falls back to the stream repository and tag', attrs: attrs(pod({ containers: [c('app', 'ruby:pending', 'IfNotPresent')] })), config: C0, streams: ALL, want: [img(P0, `${REG}/myproject/ruby:pending`)], warnings: [`rewritten to "${REG}/myproject/ruby:pending", the stream's own repository: ImageStream myproject/ruby tag "pending" has no image for it yet`] },
  { name: 'an unknown tag of a local stream falls back too', attrs: attrs(pod({ containers: [c('app', 'ruby:nosuchtag', 'IfNotPresent')] })), config: C0, streams: ALL, want: [img(P0, `${REG}/myproject/ruby:nosuchtag`)], warnings: ['ImageStream myproject/ruby tag "nosuchtag" has no image'] },
  { name: 'a reference tag with an empty image falls back', attrs: attrs(pod({ containers: [c('app', 'ruby:ref', 'IfNotPresent')] })), config: C0, streams: ALL, want: [img(P0, `${REG}/myproject/ruby:ref`)], warnings: ['tag "ref" has no image'] },
  { name: 'no stream of that name leaves the image alone without a warning', attrs: attrs(pod({ containers: [c('app', 'python:3', 'IfNotPresent')] })), config: C0, streams: ALL, want: [] },
  { name: 'lookupPolicy.local false leaves the image and warns how to enable it', attrs: attrs(pod({ containers: [c('app', 'mysql:8.0', 'IfNotPresent')] })), config: C0, streams: ALL, want: [], warnings: ['lookupPolicy.local=true'] },
  { name: 'the resolve-names annotation on a Pod forces resolution', attrs: attrs(pod({ containers: [c('app', 'mysql:8.0', 'IfNotPresent')] }, { annotations: ANN })), config: C0, streams: ALL, want: [img(P0, `docker.io/library/mysql@${Dd}`)] },
  { name: 'a resolve-names value other than * does not force resolution', attrs: attrs(pod({ containers: [c('app', 'mysql:8.0', 'IfNotPresent')] }, { annotations: { 'alpha.image.policy.openshift.io/resolve-names': 'true' } })), config: C0, streams: ALL, want: [], warnings: ['mysql'] },
  { name: 'referencePolicy Local without a stream repository uses the source', attrs: attrs(pod({ containers: [c('app', 'php:8.2', 'IfNotPresent')] })), config: C0, streams: ALL, want: [img(P0, `docker.io/library/php@${D1}`)] },
  { name: 'a missing tag without a stream repository is not resolved', attrs: attrs(pod({ containers: [c('app', 'php:8.1', 'IfNotPresent')] })), config: C0, streams: ALL, want: [], warnings: ['no image for tag "8.1"'] },
  { name: 'a namespaced name is never resolved across namespaces', attrs: attrs(pod({ containers: [c('app', 'otherproj/ruby:2.5', 'IfNotPresent')] })), config: C0, streams: ALL, want: [] },
  { name: 'forced resolution drops the namespace and uses the request namespace', attrs: attrs(pod({ containers: [c('app', 'otherproj/ruby:2.5', 'IfNotPresent')] }, { annotations: ANN })), config: C0, streams: ALL, want: [img(P0, ruby(Da))] },
  { name: 'forced resolution drops registry and namespace', attrs: attrs(pod({ containers: [c('app', 'quay.io/acme/ruby:2.5', 'IfNotPresent')] }, { annotations: ANN })), config: C0, streams: ALL, want: [img(P0, ruby(Da))] },
  { name: 'forced resolution ignores lookupPolicy', attrs: attrs(pod({ containers: [c('app', 'docker.io/library/nginx:1.25', 'IfNotPresent')] }, { annotations: ANN })), config: C0, streams: ALL, want: [img(P0, `docker.io/library/nginx@${Df}`)] },
  { name: 'forced resolution of a missing tag falls back', attrs: attrs(pod({ containers: [c('app', 'quay.io/acme/ruby:9.9', 'IfNotPresent')] }, { annotations: ANN })), config: C0, streams: ALL, want: [img(P0, `${REG}/myproject/ruby:9.9`)], warnings: ['"quay.io/acme/ruby:9.9" rewritten to'] },
  { name: 'an integrated-registry reference resolves but default rules do not rewrite it', attrs: attrs(pod({ containers: [c('app', `${REG}/otherproj/ruby:2.5`, 'IfNotPresent')] })), config: C0, streams: ALL, want: [] },
  { name: 'AttemptRewrite rules rewrite integrated references across namespaces', attrs: attrs(pod({ containers: [c('app', `${REG}/otherproj/ruby:2.5`, 'IfNotPresent')] })), config: CAR, streams: ALL, want: [img(P0, ruby(D2))] },
  { name: 'integrated references skip the lookupPolicy check', attrs: attrs(pod({ containers: [c('app', `${REG}/myproject/mysql:8.0`, 'IfNotPresent')] })), config: CAR, streams: ALL, want: [img(P0, `docker.io/library/mysql@${Dd}`)] },
  { name: 'default DoNotAttempt rules override a global AttemptRewrite', attrs: attrs(pod({ containers: [c('app', `${REG}/myproject/mysql:8.0`, 'IfNotPresent')] })), config: CARD, streams: ALL, want: [] },
  { name: 'an unresolvable registry image is ignored under Attempt modes', attrs: attrs(pod({ containers: [c('app', 'quay.io/acme/app:1', 'IfNotPresent')] })), config: CAR, streams: ALL, want: [] },
  { name: 'a digest reference is never stream-resolved', attrs: attrs(pod({ containers: [c('app', `ruby@${Da}`)] })), config: C0, streams: ALL, want: [ip(P0, 'IfNotPresent')] },
  { name: 'a digest with a tag is untouched even when forced', attrs: attrs(pod({ containers: [c('app', `ruby:2.5@${De}`)] }, { annotations: ANN })), config: C0, streams: ALL, want: [ip(P0, 'IfNotPresent')] },
  { name: 'tag latest with a digest still defaults Always', attrs: attrs(pod({ containers: [c('app', `ruby:latest@${Da}`)] })), config: C0, streams: ALL, want: [ip(P0, 'Always')] },
  { name: 'a registry with a port is not a local name', attrs: attrs(pod({ containers: [c('app', 'localhost:5000/ruby:2.5', 'IfNotPresent')] })), config: C0, streams: ALL, want: [] },
  { name: 'a dotted single name is a registry, not a local name', attrs: attrs(pod({ containers: [c('app', 'ruby.app:1', 'IfNotPresent')] })), config: C0, streams: ALL, want: [] },
  { name: 'an uppercase name is ignored under Attempt and defaults IfNotPresent', attrs: attrs(pod({ containers: [c('app', 'Ruby:2.5')] })), config: C0, streams: ALL, want: [ip(P0, 'IfNotPresent')] },
  { name: 'init containers are resolved and defaulted before containers', attrs: attrs(pod({ initContainers: [c('init', 'ruby:2.5')], containers: [c('app', 'ruby')] })), config: C0, streams: ALL, want: [img('/spec/initContainers/0', ruby(Da)), ip('/spec/initContainers/0', 'IfNotPresent'), img(P0, ruby(Db)), ip(P0, 'Always')] },
  { name: 'identical images resolve identically, others stay', attrs: attrs(pod({ containers: [c('a', 'ruby:2.5', 'IfNotPresent'), c('b', 'ruby:2.5', 'IfNotPresent'), c('c', 'mysql:8.0', 'IfNotPresent')] })), config: C0, streams: ALL, want: [img(P0, ruby(Da)), img('/spec/containers/1', ruby(Da))], warnings: ['mysql'] },
  { name: 'ephemeral containers are defaulted but never resolved', attrs: attrs(pod({ containers: [c('app', 'ruby:2.5', 'IfNotPresent')], ephemeralContainers: [c('dbg', 'ruby:2.5')] })), config: C0, streams: ALL, want: [img(P0, ruby(Da)), ip('/spec/ephemeralContainers/0', 'IfNotPresent')] },
  { name: 'a Pod with a controller owner is left to its controller', attrs: attrs(pod({ containers: [c('app', 'ruby:2.5', 'IfNotPresent')] }, { ownerReferences: controllerOwner('ReplicaSet') })), config: C0, streams: ALL, want: [] },
  { name: 'a non-controller owner does not exempt', attrs: attrs(pod({ containers: [c('app', 'ruby:2.5', 'IfNotPresent')] }, { ownerReferences: controllerOwner('ConfigMap', false) })), config: C0, streams: ALL, want: [img(P0, ruby(Da))] },
  { name: 'a Deployment template is resolved and defaulted', attrs: attrs(deployment({ containers: [c('app', 'ruby:2.5')] })), config: C0, streams: ALL, want: [img(TEMPLATE0, ruby(Da)), ip(TEMPLATE0, 'IfNotPresent')] },
  { name: 'resolve-names on the template forces resolution', attrs: attrs(deployment({ containers: [c('app', 'mysql:8.0', 'IfNotPresent')] }, { templateAnnotations: ANN })), config: C0, streams: ALL, want: [img(TEMPLATE0, `docker.io/library/mysql@${Dd}`)] },
  { name: 'resolve-names on the Deployment itself forces resolution', attrs: attrs(deployment({ containers: [c('app', 'mysql:8.0', 'IfNotPresent')] }, { annotations: ANN })), config: C0, streams: ALL, want: [img(TEMPLATE0, `docker.io/library/mysql@${Dd}`)] },
  { name: 'a Deployment owned by an operator is left alone', attrs: attrs(deployment({ containers: [c('app', 'ruby:2.5', 'IfNotPresent')] }, { ownerReferences: controllerOwner('MyApp') })), config: C0, streams: ALL, want: [] },
  { name: 'a ReplicaSet owned by a Deployment is left alone even when annotated', attrs: attrs(workload('apps/v1', 'ReplicaSet', { containers: [c('app', 'mysql:8.0', 'IfNotPresent')] }, { templateAnnotations: ANN, ownerReferences: controllerOwner('Deployment') })), config: C0, streams: ALL, want: [] },
  { name: 'a CronJob job template is resolved', attrs: attrs(cronJob({ containers: [c('app', 'ruby:2.5', 'IfNotPresent')] })), config: C0, streams: ALL, want: [img('/spec/jobTemplate/spec/template/spec/containers/0', ruby(Da))] },
  { name: 'resolve-names on the CronJob job template metadata is not consulted', attrs: attrs(cronJob({ containers: [c('app', 'mysql:8.0', 'IfNotPresent')] }, { jobAnnotations: ANN })), config: C0, streams: ALL, want: [], warnings: ['mysql'] },
  { name: 'resolve-names on the CronJob pod template forces resolution', attrs: attrs(cronJob({ containers: [c('app', 'mysql:8.0', 'IfNotPresent')] }, { templateAnnotations: ANN })), config: C0, streams: ALL, want: [img('/spec/jobTemplate/spec/template/spec/containers/0', `docker.io/library/mysql@${Dd}`)] },
  ...(
    [['apps/v1', 'StatefulSet'], ['apps/v1', 'DaemonSet'], ['apps/v1', 'ReplicaSet'], ['batch/v1', 'Job'], ['v1', 'ReplicationController']] as const
  ).map(([apiVersion, kind]): ReviewCase => ({
    name: `a ${kind} template is resolved`, attrs: attrs(workload(apiVersion, kind, { containers: [c('app', 'ruby', 'Always')] })), config: C0, streams: ALL, want: [img(TEMPLATE0, ruby(Db))],
  })),
  { name: 'a PodTemplate is not covered by the default rules', attrs: attrs({ apiVersion: 'v1', kind: 'PodTemplate', metadata: { name: 'web', namespace: 'myproject' }, template: { spec: { containers: [c('app', 'ruby:2.5', 'IfNotPresent')] } } }), config: C0, streams: ALL, want: [] },
  { name: 'a ReplicationController without a template is rejected', attrs: attrs({ apiVersion: 'v1', kind: 'ReplicationController', metadata: { name: 'web', namespace: 'myproject' }, spec: { replicas: 1, template: null } }), config: C0, streams: ALL, want: { code: 403, message: 'replicationcontrollers "web" is forbidden: unable to apply image policy against objects of type ReplicationController: No list of images available for this object' } },
];

describe('worked cases: resolution, annotations and kinds', () => {
  for (const tc of cases) it(tc.name, async () => void (await runCase(tc)));
});

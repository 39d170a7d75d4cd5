/**
 * fast-check generators of AdmissionReviews as the API server sends them, and as an attacker or a
 * broken client might: every kind the webhook handles (and some it does not), every operation,
 * both AdmissionReview versions, images from the fixture streams, integrated references, digests
 * and junk, and arbitrary mutations of any field of the result.
 */
import fc from 'fast-check';
import { Da, Db, REG } from '../helpers/builders.js';

/** Where each kind keeps its pod spec (the object shapes of the kinds the webhook reviews). */
const KINDS = [
  { group: '', version: 'v1', kind: 'Pod', resource: 'pods', spec: ['spec'] },
  { group: '', version: 'v1', kind: 'PodTemplate', resource: 'podtemplates', spec: ['template', 'spec'] },
  { group: '', version: 'v1', kind: 'ReplicationController', resource: 'replicationcontrollers', spec: ['spec', 'template', 'spec'] },
  { group: 'apps', version: 'v1', kind: 'Deployment', resource: 'deployments', spec: ['spec', 'template', 'spec'] },
  { group: 'extensions', version: 'v1beta1', kind: 'Deployment', resource: 'deployments', spec: ['spec', 'template', 'spec'] },
  { group: 'apps', version: 'v1', kind: 'DaemonSet', resource: 'daemonsets', spec: ['spec', 'template', 'spec'] },
  { group: 'apps', version: 'v1', kind: 'ReplicaSet', resource: 'replicasets', spec: ['spec', 'template', 'spec'] },
  { group: 'apps', version: 'v1', kind: 'StatefulSet', resource: 'statefulsets', spec: ['spec', 'template', 'spec'] },
  { group: 'batch', version: 'v1', kind: 'Job', resource: 'jobs', spec: ['spec', 'template', 'spec'] },
  { group: 'batch', version: 'v1', kind: 'CronJob', resource: 'cronjobs', spec: ['spec', 'jobTemplate', 'spec', 'template', 'spec'] },
  { group: 'apps.openshift.io', version: 'v1', kind: 'DeploymentConfig', resource: 'deploymentconfigs', spec: ['spec', 'template', 'spec'] },
  { group: 'build.openshift.io', version: 'v1', kind: 'Build', resource: 'builds', spec: ['spec'] },
  { group: '', version: 'v1', kind: 'ConfigMap', resource: 'configmaps', spec: ['data'] },
  { group: '', version: 'v1', kind: 'Pod', resource: 'constructor', spec: ['spec'] },
  { group: '', version: 'v1', kind: 'Pod', resource: '__proto__', spec: ['spec'] },
] as const;

/** Images that exercise every resolution path against test/helpers/builders ALL plus the python stream. */
const IMAGES = [
  'ruby', 'ruby:2.5', 'ruby:latest', 'ruby:pending', 'ruby:ref', 'ruby:local', 'php:8.2', 'php:8.1', 'mysql:8.0', 'nginx:1.25',
  'python:soon', 'nope:1', `${REG}/myproject/ruby:2.5`, `${REG}/myproject/ruby:pending`, `${REG}/otherproj/ruby:2.5`,
  `${REG}/myproject/python:soon`, 'registry.example.com/myproject/python:soon', `docker.io/library/ruby@${Da}`, `ruby@${Db}`,
  `ruby:2.5@${Da}`, 'quay.io/acme/app:1', 'localhost:5000/app', 'Ruby:2.5', 'ruby:', `${'a'.repeat(40)}!`, 'myapplicationbackendservice:1.0.0+build ',
];

const image = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...IMAGES) },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 1, arbitrary: fc.stringMatching(/^[a-z0-9]{1,6}([._-]{1,2}[a-z0-9]{1,6}){0,3}(:[a-z0-9.]{1,5})?$/) },
);

const pullPolicy = fc.option(fc.constantFrom('Always', 'IfNotPresent', 'Never', 'Sometimes'), { nil: undefined });

const container = fc.record({ name: fc.constantFrom('app', 'side', 'init', 'app'), image, imagePullPolicy: pullPolicy }, { requiredKeys: ['name'] });

const podSpec = fc.record(
  {
    containers: fc.array(container, { maxLength: 4 }),
    initContainers: fc.array(container, { maxLength: 2 }),
    ephemeralContainers: fc.array(container, { maxLength: 1 }),
    volumes: fc.array(fc.record({ name: fc.constant('v'), image: fc.record({ reference: image, pullPolicy }, { requiredKeys: [] }) }), { maxLength: 2 }),
  },
  { requiredKeys: ['containers'] },
);

const metadata = fc.record(
  {
    name: fc.constant('web'),
    annotations: fc.constantFrom({ 'alpha.image.policy.openshift.io/resolve-names': '*' }, { 'alpha.image.policy.openshift.io/resolve-names': 'x' }),
    ownerReferences: fc.constant([{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-1', uid: 'u', controller: true }]),
  },
  { requiredKeys: ['name'] },
);

/** Sets `value` at `path` in a fresh object tree rooted at `root`. */
function placed(root: Record<string, unknown>, path: readonly string[], value: unknown): Record<string, unknown> {
  let node = root;
  path.forEach((key, i) => {
    if (i === path.length - 1) node[key] = value;
    else node = (node[key] ??= {}) as Record<string, unknown>;
  });
  return root;
}

const objectOf = (kind: (typeof KINDS)[number]) =>
  fc.tuple(podSpec, metadata, fc.option(metadata, { nil: undefined })).map(([spec, meta, templateMeta]) => {
    const object = placed({ apiVersion: kind.group === '' ? kind.version : `${kind.group}/${kind.version}`, kind: kind.kind, metadata: meta }, kind.spec, spec);
    if (templateMeta !== undefined && kind.spec.length > 2) placed(object, [...kind.spec.slice(0, -1), 'metadata'], templateMeta);
    return object;
  });

/** A well-formed AdmissionReview request of any kind, operation and version. */
export const wellFormedReview = fc
  .oneof({ weight: 1, arbitrary: fc.constantFrom(...KINDS) }, { weight: 1, arbitrary: fc.constant(KINDS[0]) })
  .chain((kind) =>
    fc.record({
      apiVersion: fc.constantFrom('admission.k8s.io/v1', 'admission.k8s.io/v1beta1'),
      uid: fc.uuid(),
      operation: fc.constantFrom('CREATE', 'CREATE', 'UPDATE', 'DELETE', 'CONNECT'),
      subResource: fc.constantFrom(undefined, undefined, undefined, 'status', 'ephemeralcontainers'),
      namespace: fc.constantFrom('myproject', 'myproject', 'otherproj', 'empty'),
      dryRun: fc.boolean(),
      object: objectOf(kind),
      oldObject: fc.option(objectOf(kind), { nil: undefined }),
    }).map((r) => ({
      apiVersion: r.apiVersion,
      kind: 'AdmissionReview',
      request: {
        uid: r.uid,
        kind: { group: kind.group, version: kind.version, kind: kind.kind },
        resource: { group: kind.group, version: kind.version, resource: kind.resource },
        ...(r.subResource === undefined ? {} : { subResource: r.subResource }),
        namespace: r.namespace,
        name: 'web',
        operation: r.operation,
        userInfo: { username: 'developer', groups: ['system:authenticated'] },
        object: r.operation === 'DELETE' ? null : r.object,
        oldObject: r.operation === 'UPDATE' ? (r.oldObject ?? r.object) : null,
        dryRun: r.dryRun,
      },
    })),
  );

/** Every path to a value inside `value` (objects and arrays), the root included as []. */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const out = [prefix];
  if (Array.isArray(value)) value.forEach((item, i) => out.push(...paths(item, [...prefix, i])));
  else if (typeof value === 'object' && value !== null) for (const [key, item] of Object.entries(value)) out.push(...paths(item, [...prefix, key]));
  return out;
}

/** Replaces (or, with `undefined`, deletes) the value at `path`; the root itself is replaced. */
function mutateAt(review: unknown, path: (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const copy = structuredClone(review) as Record<string | number, unknown>;
  let node: Record<string | number, unknown> = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path[path.length - 1] ?? '';
  if (value === undefined) delete node[last];
  else node[last] = value;
  return copy;
}

const junk = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom('constructor', '__proto__', 'toString', '', 'x'.repeat(300), -1, 1e308, true, null, [], {}, { toString: 1 }, { valueOf: null, toString: 'x' }),
  fc.constant(undefined),
);

/** The envelope: every path outside the (large) object bodies, where each field has one meaning. */
const isEnvelope = (path: (string | number)[]): boolean => path[1] !== 'object' && path[1] !== 'oldObject';

/**
 * A well-formed review with one to three fields replaced by junk or deleted: the shapes a broken
 * client sends. Half of the edits hit the envelope (uid, kind, resource, userInfo…), which the
 * object bodies would otherwise outnumber.
 */
export const mutatedReview = fc
  .tuple(wellFormedReview, fc.array(fc.tuple(fc.boolean(), fc.nat(), junk), { minLength: 1, maxLength: 3 }))
  .map(([review, edits]) => edits.reduce<unknown>((current, [envelope, at, value]) => {
    const all = paths(current);
    const candidates = envelope ? all.filter(isEnvelope) : all;
    return mutateAt(current, candidates[at % candidates.length] ?? [], value);
  }, review));

/** Either kind of review, mostly well-formed so the deep properties get exercised. */
export const anyReview = fc.oneof({ weight: 3, arbitrary: wellFormedReview }, { weight: 2, arbitrary: mutatedReview });

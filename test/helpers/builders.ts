/**
 * Real-shaped objects for the core's table tests: the fixtures the worked cases share (the streams
 * of ALL, configs C0…CNL) and builders for Pods, workloads and admission attributes.
 */
import type { AdmissionAttributes, ImageStream, PolicyConfig, TagReference } from '../../src/core/types.js';

export const REG = 'image-registry.openshift-image-registry.svc:5000';
export const digest = (hex: string): string => `sha256:${hex.repeat(64)}`;
export const Da = digest('a');
export const Db = digest('b');
export const Dc = digest('c');
export const Dd = digest('d');
export const De = digest('e');
export const Df = digest('f');
export const D1 = digest('1');
export const D2 = digest('2');

export type Container = { name: string; image: string; imagePullPolicy?: string };

/** A container named `name` running `image`, with `imagePullPolicy` when given (omitted = field absent). */
export function c(name: string, image: string, imagePullPolicy?: string): Container {
  return imagePullPolicy === undefined ? { name, image } : { name, image, imagePullPolicy };
}

interface StreamOptions {
  namespace?: string;
  local: boolean;
  repository: string;
  specTags?: TagReference[];
  status: Record<string, { dockerImageReference: string; image: string }[]>;
}

export function imageStream(name: string, o: StreamOptions): ImageStream {
  return {
    apiVersion: 'image.openshift.io/v1',
    kind: 'ImageStream',
    metadata: { name, namespace: o.namespace ?? 'myproject' },
    spec: { lookupPolicy: { local: o.local }, tags: o.specTags ?? [] },
    status: {
      dockerImageRepository: o.repository,
      tags: Object.entries(o.status).map(([tag, items]) => ({ tag, items: items.map((i) => ({ created: '2024-01-01T00:00:00Z', generation: 1, ...i })) })),
    },
  };
}

const dockerTag = (name: string, from: string, extra: Partial<TagReference> = {}): TagReference => ({
  name,
  from: { kind: 'DockerImage', name: from },
  ...extra,
});

/** The worked cases' streams: ruby, mysql, php and nginx in myproject, ruby in otherproj. */
export const ALL: ImageStream[] = [
  imageStream('ruby', {
    local: true,
    repository: `${REG}/myproject/ruby`,
    specTags: [
      dockerTag('2.5', 'docker.io/library/ruby:2.5'),
      dockerTag('latest', 'docker.io/library/ruby:latest'),
      dockerTag('local', 'quay.io/acme/ruby:3', { referencePolicy: { type: 'Local' } }),
      dockerTag('pending', 'docker.io/library/ruby:9.9'),
      dockerTag('ref', 'docker.io/library/ruby:ref', { reference: true }),
    ],
    status: {
      '2.5': [
        { dockerImageReference: `docker.io/library/ruby@${Da}`, image: Da },
        { dockerImageReference: `docker.io/library/ruby@${De}`, image: De },
      ],
      latest: [{ dockerImageReference: `docker.io/library/ruby@${Db}`, image: Db }],
      local: [{ dockerImageReference: `quay.io/acme/ruby@${Dc}`, image: Dc }],
      ref: [{ dockerImageReference: 'docker.io/library/ruby:ref', image: '' }],
    },
  }),
  imageStream('mysql', {
    local: false,
    repository: `${REG}/myproject/mysql`,
    specTags: [dockerTag('8.0', 'docker.io/library/mysql:8.0'), dockerTag('latest', 'docker.io/library/mysql:latest')],
    status: {
      '8.0': [{ dockerImageReference: `docker.io/library/mysql@${Dd}`, image: Dd }],
      latest: [{ dockerImageReference: `docker.io/library/mysql@${Dd}`, image: Dd }],
    },
  }),
  imageStream('php', {
    local: true,
    repository: '',
    specTags: [dockerTag('8.2', 'docker.io/library/php:8.2', { referencePolicy: { type: 'Local' } }), dockerTag('8.1', 'docker.io/library/php:8.1')],
    status: { '8.2': [{ dockerImageReference: `docker.io/library/php@${D1}`, image: D1 }] },
  }),
  imageStream('ruby', {
    namespace: 'otherproj',
    local: true,
    repository: `${REG}/otherproj/ruby`,
    specTags: [dockerTag('2.5', 'docker.io/library/ruby:2.5')],
    status: { '2.5': [{ dockerImageReference: `docker.io/library/ruby@${D2}`, image: D2 }] },
  }),
  imageStream('nginx', {
    local: false,
    repository: `${REG}/myproject/nginx`,
    specTags: [dockerTag('1.25', 'docker.io/library/nginx:1.25')],
    status: { '1.25': [{ dockerImageReference: `docker.io/library/nginx@${Df}`, image: Df }] },
  }),
];

const base = { internalRegistryHostname: REG, alwaysPullImages: false } as const;
export const C0: PolicyConfig = { ...base, resolveImages: 'Attempt' };
export const CA: PolicyConfig = { ...C0, alwaysPullImages: true };
export const CR: PolicyConfig = { ...base, resolveImages: 'Required' };
export const CAR: PolicyConfig = {
  ...base,
  resolveImages: 'AttemptRewrite',
  resolutionRules: [
    { targetResource: { group: '', resource: 'pods' }, localNames: true, policy: 'AttemptRewrite' },
    { targetResource: { group: 'apps', resource: '*' }, localNames: true, policy: 'AttemptRewrite' },
  ],
};
export const CARD: PolicyConfig = { ...base, resolveImages: 'AttemptRewrite' };
export const CDNA: PolicyConfig = { ...base, resolveImages: 'DoNotAttempt' };
export const CNL: PolicyConfig = {
  ...base,
  resolveImages: 'Attempt',
  resolutionRules: [{ targetResource: { group: '', resource: 'pods' }, localNames: false, policy: 'DoNotAttempt' }],
};

export const ANN = { 'alpha.image.policy.openshift.io/resolve-names': '*' };

interface Meta {
  name?: string;
  annotations?: Record<string, string>;
  ownerReferences?: { apiVersion: string; kind: string; name: string; uid: string; controller?: boolean }[];
}

export function controllerOwner(kind: string, controller = true): NonNullable<Meta['ownerReferences']> {
  return [{ apiVersion: 'apps/v1', kind, name: 'owner', uid: '6b0c8a3e-0c5e-4d7e-9a51-2f3c1d9b7e10', controller }];
}

interface PodSpecParts {
  containers?: Container[];
  initContainers?: Container[];
  ephemeralContainers?: Container[];
  volumes?: unknown[];
}

export function pod(spec: PodSpecParts, meta: Meta = {}): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: meta.name ?? 'web', namespace: 'myproject', ...rest(meta) },
    spec: { containers: [], ...spec },
  };
}

function rest(meta: Meta): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (meta.annotations) out['annotations'] = meta.annotations;
  if (meta.ownerReferences) out['ownerReferences'] = meta.ownerReferences;
  return out;
}

const template = (spec: PodSpecParts, annotations?: Record<string, string>) => ({
  metadata: annotations ? { labels: { app: 'web' }, annotations } : { labels: { app: 'web' } },
  spec: { containers: [], ...spec },
});

/** A workload whose pod template sits at `spec.template` (apps, batch/jobs, RC). */
export function workload(apiVersion: string, kind: string, spec: PodSpecParts, o: Meta & { templateAnnotations?: Record<string, string> } = {}) {
  return {
    apiVersion,
    kind,
    metadata: { name: o.name ?? 'web', namespace: 'myproject', ...rest(o) },
    spec: { selector: { matchLabels: { app: 'web' } }, template: template(spec, o.templateAnnotations) },
  };
}

export function cronJob(spec: PodSpecParts, o: { jobAnnotations?: Record<string, string>; templateAnnotations?: Record<string, string> } = {}) {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'web', namespace: 'myproject' },
    spec: {
      schedule: '*/5 * * * *',
      jobTemplate: { metadata: o.jobAnnotations ? { annotations: o.jobAnnotations } : {}, spec: { template: template(spec, o.templateAnnotations) } },
    },
  };
}

const RESOURCES: Record<string, { group: string; resource: string }> = {
  Pod: { group: '', resource: 'pods' },
  PodTemplate: { group: '', resource: 'podtemplates' },
  ReplicationController: { group: '', resource: 'replicationcontrollers' },
  Deployment: { group: 'apps', resource: 'deployments' },
  StatefulSet: { group: 'apps', resource: 'statefulsets' },
  DaemonSet: { group: 'apps', resource: 'daemonsets' },
  ReplicaSet: { group: 'apps', resource: 'replicasets' },
  Job: { group: 'batch', resource: 'jobs' },
  CronJob: { group: 'batch', resource: 'cronjobs' },
};

/** AdmissionAttributes for `object` as the API server would send them. */
export function attrs(object: Record<string, unknown>, o: Partial<AdmissionAttributes> = {}): AdmissionAttributes {
  const kind = String(object['kind']);
  const gr = RESOURCES[kind] ?? { group: '', resource: `${kind.toLowerCase()}s` };
  const apiVersion = String(object['apiVersion']);
  const meta = object['metadata'] as { name?: string } | undefined;
  return {
    operation: 'CREATE',
    kind: { group: apiVersion.includes('/') ? (apiVersion.split('/')[0] ?? '') : '', version: apiVersion.split('/').pop() ?? '', kind },
    resource: gr,
    subResource: '',
    namespace: 'myproject',
    name: meta?.name ?? '',
    object,
    oldObject: null,
    dryRun: false,
    userInfo: { username: 'developer', groups: ['system:authenticated'] },
    ...o,
  };
}

import type { KubernetesObject } from '@kubernetes/client-node';

/** A container as the tests write it. */
export interface Container {
  name: string;
  image: string;
  imagePullPolicy?: string;
}

/** The workload kinds the resolver covers by default, with where each keeps its pod spec. */
export const KINDS = {
  Pod: { apiVersion: 'v1', podSpecPath: ['spec'], templateMetaPath: undefined },
  ReplicationController: { apiVersion: 'v1', podSpecPath: ['spec', 'template', 'spec'], templateMetaPath: ['spec', 'template', 'metadata'] },
  Deployment: { apiVersion: 'apps/v1', podSpecPath: ['spec', 'template', 'spec'], templateMetaPath: ['spec', 'template', 'metadata'] },
  StatefulSet: { apiVersion: 'apps/v1', podSpecPath: ['spec', 'template', 'spec'], templateMetaPath: ['spec', 'template', 'metadata'] },
  DaemonSet: { apiVersion: 'apps/v1', podSpecPath: ['spec', 'template', 'spec'], templateMetaPath: ['spec', 'template', 'metadata'] },
  Job: { apiVersion: 'batch/v1', podSpecPath: ['spec', 'template', 'spec'], templateMetaPath: ['spec', 'template', 'metadata'] },
  CronJob: {
    apiVersion: 'batch/v1',
    podSpecPath: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
    templateMetaPath: ['spec', 'jobTemplate', 'spec', 'template', 'metadata'],
  },
} as const;

export type Kind = keyof typeof KINDS;

/** Options shared by every builder. */
export interface WorkloadOptions {
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  templateAnnotations?: Record<string, string>;
  initContainers?: Container[];
}

/** A workload object as the API server would accept it, or as a test edits it before an update. */
export interface Workload extends KubernetesObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    resourceVersion?: string;
  };
  spec?: Record<string, unknown>;
}

function podSpec(kind: Kind, containers: Container[], o: WorkloadOptions): Record<string, unknown> {
  const restartPolicy = kind === 'Job' || kind === 'CronJob' ? 'Never' : 'Always';
  return { containers, ...(o.initContainers === undefined ? {} : { initContainers: o.initContainers }), restartPolicy };
}

function specFor(kind: Kind, name: string, template: object): Record<string, unknown> {
  const selector = { matchLabels: { app: name } };
  switch (kind) {
    case 'ReplicationController':
      return { replicas: 0, selector: { app: name }, template };
    case 'Deployment':
      return { replicas: 0, selector, template };
    case 'StatefulSet':
      return { replicas: 0, serviceName: name, selector, template };
    case 'DaemonSet':
      return { selector, template };
    case 'Job':
      return { suspend: true, template };
    case 'CronJob':
      return { schedule: '0 0 1 1 *', suspend: true, jobTemplate: { spec: { template } } };
    case 'Pod':
      return {};
  }
}

/**
 * Builds a `kind` named `name` whose pod spec holds `containers`. Controllers are created with zero
 * replicas or suspended: there is no controller manager, and the test is about admission only.
 */
export function workload(kind: Kind, namespace: string, name: string, containers: Container[], o: WorkloadOptions = {}): Workload {
  const metadata = {
    name, namespace,
    ...(o.labels === undefined ? {} : { labels: o.labels }),
    ...(o.annotations === undefined ? {} : { annotations: o.annotations }),
  };
  if (kind === 'Pod') return { apiVersion: 'v1', kind, metadata, spec: podSpec(kind, containers, o) };
  const templateMeta = { labels: { app: name }, ...(o.templateAnnotations === undefined ? {} : { annotations: o.templateAnnotations }) };
  const template = { metadata: templateMeta, spec: podSpec(kind, containers, o) };
  return { apiVersion: KINDS[kind].apiVersion, kind, metadata, spec: specFor(kind, name, template) };
}

/** The containers (and initContainers) at the kind's pod spec path. */
export function containersOf(obj: KubernetesObject, field: 'containers' | 'initContainers' = 'containers'): Container[] {
  const kind = obj.kind as Kind;
  let node: unknown = obj;
  for (const key of KINDS[kind].podSpecPath) node = (node as Record<string, unknown> | undefined)?.[key];
  return ((node as Record<string, unknown> | undefined)?.[field] as Container[] | undefined) ?? [];
}

/** The image strings of the pod spec's containers, in order. */
export function imagesOf(obj: KubernetesObject): string[] {
  return containersOf(obj).map((c) => c.image);
}

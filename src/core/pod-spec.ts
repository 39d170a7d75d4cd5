import { getArray, getPath, isObject, type JsonObject } from './object.js';
import type { GroupResource } from './types.js';

/** Where a resource keeps its pod spec and its pod template's metadata (R5, R9). */
export interface PodSpecLocation {
  /** Path from the object root to the pod spec. */
  spec: readonly string[];
  /** Path to the template metadata consulted for resolve-names; undefined for Pods (R9). */
  templateMetadata?: readonly string[];
  /** A null template is a request error for these kinds (R5: ReplicationController). */
  templateRequired?: boolean;
}

const TEMPLATE: PodSpecLocation = { spec: ['spec', 'template', 'spec'], templateMetadata: ['spec', 'template', 'metadata'] };

/**
 * Pod spec locations by resource, with the API groups that serve the resource. Matches R3/R5. A
 * `Map`, because the key comes from the request: a plain object would answer `constructor` or
 * `__proto__` from its prototype.
 */
const POD_SPEC_PATHS: ReadonlyMap<string, { groups: readonly string[]; location: PodSpecLocation }> = new Map([
  ['pods', { groups: [''], location: { spec: ['spec'] } }],
  ['podtemplates', { groups: [''], location: { spec: ['template', 'spec'], templateMetadata: ['template', 'metadata'] } }],
  ['replicationcontrollers', { groups: [''], location: { ...TEMPLATE, templateRequired: true } }],
  ['deployments', { groups: ['apps', 'extensions'], location: TEMPLATE }],
  ['daemonsets', { groups: ['apps', 'extensions'], location: TEMPLATE }],
  ['replicasets', { groups: ['apps', 'extensions'], location: TEMPLATE }],
  ['statefulsets', { groups: ['apps'], location: TEMPLATE }],
  ['jobs', { groups: ['batch'], location: TEMPLATE }],
  [
    'cronjobs',
    {
      groups: ['batch'],
      location: {
        spec: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
        templateMetadata: ['spec', 'jobTemplate', 'spec', 'template', 'metadata'],
      },
    },
  ],
  ['deploymentconfigs', { groups: ['apps.openshift.io'], location: TEMPLATE }],
]);

/** The pod spec location of a resource, or undefined for resources that carry no pod spec. */
export function podSpecLocation(gr: GroupResource): PodSpecLocation | undefined {
  const entry = POD_SPEC_PATHS.get(gr.resource);
  return entry?.groups.includes(gr.group) ? entry.location : undefined;
}

export type ContainerListName = 'initContainers' | 'containers' | 'ephemeralContainers';

/** One container of a pod spec, with where it lives for JSON patches and for error messages. */
export interface ContainerSlot {
  list: ContainerListName;
  index: number;
  container: JsonObject;
  /** JSON path segments from the object root to the container. */
  path: readonly (string | number)[];
  /** Field path as the API server prints it, e.g. `spec.template.spec.containers[0]`. */
  fieldPath: string;
}

/** Containers of `lists` in the pod spec at `spec`, in list order (R6). Non-object entries are skipped. */
export function listContainers(
  obj: unknown,
  spec: readonly string[],
  lists: readonly ContainerListName[],
): ContainerSlot[] {
  const slots: ContainerSlot[] = [];
  for (const list of lists) {
    getArray(obj, [...spec, list]).forEach((container, index) => {
      if (!isObject(container)) return;
      slots.push({ list, index, container, path: [...spec, list, index], fieldPath: `${spec.join('.')}.${list}[${index}]` });
    });
  }
  return slots;
}

/** One image volume (`volumes[].image`, Kubernetes 1.31+), D7. */
export interface ImageVolumeSlot {
  source: JsonObject;
  path: readonly (string | number)[];
  fieldPath: string;
}

export function listImageVolumes(obj: unknown, spec: readonly string[]): ImageVolumeSlot[] {
  const slots: ImageVolumeSlot[] = [];
  getArray(obj, [...spec, 'volumes']).forEach((volume, index) => {
    const source = getPath(volume, ['image']);
    if (!isObject(source)) return;
    slots.push({ source, path: [...spec, 'volumes', index, 'image'], fieldPath: `${spec.join('.')}.volumes[${index}].image` });
  });
  return slots;
}

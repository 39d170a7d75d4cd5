import { getArray, getPath, isObject, type JsonObject } from './object.js';
import type { GroupResource } from './types.js';

/** Where a resource keeps its pod spec and its pod template's metadata (where resolve-names is read). */
export interface PodSpecLocation {
  /** Path from the object root to the pod spec. */
  spec: readonly string[];
  /** Path to the template metadata consulted for resolve-names; undefined for Pods (only their own metadata counts). */
  templateMetadata?: readonly string[];
  /** A null template is a request error for these kinds (ReplicationController: upstream answers 403). */
  templateRequired?: boolean;
  /** `spec` as a JSON pointer (`/spec/template/spec`); its segments are fixed names that need no escaping. */
  pointer: string;
  /** `spec` as the API server prints field paths (`spec.template.spec`). */
  fieldPath: string;
}

/** A location with its pointer and field path worked out once, not per container of every review. */
function located(spec: readonly string[], templateMetadata?: readonly string[], templateRequired?: boolean): PodSpecLocation {
  return {
    spec, pointer: `/${spec.join('/')}`, fieldPath: spec.join('.'),
    ...(templateMetadata === undefined ? {} : { templateMetadata }), ...(templateRequired === true ? { templateRequired } : {}),
  };
}

const TEMPLATE: PodSpecLocation = located(['spec', 'template', 'spec'], ['spec', 'template', 'metadata']);

/**
 * Pod spec locations by resource, with the API groups that serve the resource: the resources of
 * OpenShift's default rules, with upstream's pod spec paths. A `Map`, because the key comes from
 * the request: a plain object would answer `constructor` or `__proto__` from its prototype.
 */
const POD_SPEC_PATHS: ReadonlyMap<string, { groups: readonly string[]; location: PodSpecLocation }> = new Map([
  ['pods', { groups: [''], location: located(['spec']) }],
  ['podtemplates', { groups: [''], location: located(['template', 'spec'], ['template', 'metadata']) }],
  ['replicationcontrollers', { groups: [''], location: located(TEMPLATE.spec, TEMPLATE.templateMetadata, true) }],
  ['deployments', { groups: ['apps', 'extensions'], location: TEMPLATE }],
  ['daemonsets', { groups: ['apps', 'extensions'], location: TEMPLATE }],
  ['replicasets', { groups: ['apps', 'extensions'], location: TEMPLATE }],
  ['statefulsets', { groups: ['apps'], location: TEMPLATE }],
  ['jobs', { groups: ['batch'], location: TEMPLATE }],
  [
    'cronjobs',
    {
      groups: ['batch'],
      location: located(['spec', 'jobTemplate', 'spec', 'template', 'spec'], ['spec', 'jobTemplate', 'spec', 'template', 'metadata']),
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
  /** JSON pointer from the object root to the container (`/spec/template/spec/containers/0`). */
  pointer: string;
  /** Field path as the API server prints it, e.g. `spec.template.spec.containers[0]`. */
  fieldPath: string;
}

/** Every container list of a pod spec, in the order upstream (and the API server) visits them. */
export const ALL_CONTAINER_LISTS: readonly ContainerListName[] = ['initContainers', 'containers', 'ephemeralContainers'];

/** Containers of `lists` in the pod spec at `location`, in list order. Non-object entries are skipped. */
export function listContainers(
  obj: unknown,
  location: PodSpecLocation,
  lists: readonly ContainerListName[] = ALL_CONTAINER_LISTS,
): ContainerSlot[] {
  const slots: ContainerSlot[] = [];
  const spec = getPath(obj, location.spec);
  for (const list of lists) {
    const containers = getArray(spec, [list]);
    for (let index = 0; index < containers.length; index += 1) {
      const container = containers[index];
      if (!isObject(container)) continue;
      slots.push({
        list, index, container,
        pointer: `${location.pointer}/${list}/${index}`,
        fieldPath: `${location.fieldPath}.${list}[${index}]`,
      });
    }
  }
  return slots;
}

/** One image volume (`volumes[].image`, Kubernetes 1.31+), D7. */
export interface ImageVolumeSlot {
  source: JsonObject;
  /** JSON pointer to the volume's `image` source. */
  pointer: string;
  fieldPath: string;
}

export function listImageVolumes(obj: unknown, location: PodSpecLocation): ImageVolumeSlot[] {
  const slots: ImageVolumeSlot[] = [];
  getArray(obj, [...location.spec, 'volumes']).forEach((volume, index) => {
    const source = getPath(volume, ['image']);
    if (!isObject(source)) return;
    slots.push({ source, pointer: `${location.pointer}/volumes/${index}/image`, fieldPath: `${location.fieldPath}.volumes[${index}].image` });
  });
  return slots;
}

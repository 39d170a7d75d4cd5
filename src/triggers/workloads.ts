/**
 * The workloads triggers apply to, and the projection a trigger controller keeps of each: only
 * what triggers read (kind, namespace, name, the annotation, the images of the containers the
 * triggers name), never the whole object.
 */
import { getString } from '../core/object.js';
import { listContainers, podSpecLocation, type PodSpecLocation } from '../core/pod-spec.js';
import type { GroupResource } from '../core/types.js';
import { TRIGGER_ANNOTATION } from './annotation.js';
import type { ContainerSelector, TriggerContainerList, WorkloadKind } from './types.js';

/** The API group and resource of each kind: `apps/v1` and `batch/v1`, as upstream watches them. */
export const WORKLOAD_RESOURCES: ReadonlyMap<WorkloadKind, GroupResource> = new Map([
  ['Deployment', { group: 'apps', resource: 'deployments' }],
  ['DaemonSet', { group: 'apps', resource: 'daemonsets' }],
  ['StatefulSet', { group: 'apps', resource: 'statefulsets' }],
  ['CronJob', { group: 'batch', resource: 'cronjobs' }],
]);

const KIND_BY_RESOURCE: ReadonlyMap<string, WorkloadKind> = new Map(
  [...WORKLOAD_RESOURCES].map(([kind, gr]) => [`${gr.resource}.${gr.group}`, kind]),
);

/** The kind whose triggers a resource carries, or undefined for resources triggers do not apply to. */
export function workloadKindOf(gr: GroupResource): WorkloadKind | undefined {
  return KIND_BY_RESOURCE.get(`${gr.resource}.${gr.group}`);
}

/**
 * Where the kind keeps its pod spec: `spec.template.spec`, or `spec.jobTemplate.spec.template.spec`
 * for a CronJob. The same table the webhook resolves images with, so the two never disagree.
 */
export function workloadLocation(kind: WorkloadKind): PodSpecLocation {
  const gr = WORKLOAD_RESOURCES.get(kind);
  const location = gr === undefined ? undefined : podSpecLocation(gr);
  // Every kind above is in the pod spec table; reaching this is a programming error.
  if (location === undefined) throw new TypeError(`no pod spec location for ${kind}`);
  return location;
}

/** One container of the pod template as triggers see it. `image` undefined: the field is absent. */
export interface TriggeredContainer {
  list: TriggerContainerList;
  index: number;
  name: string;
  image: string | undefined;
}

/** What a trigger controller keeps of a workload that carries the trigger annotation. */
export interface WorkloadTriggerView {
  kind: WorkloadKind;
  namespace: string;
  name: string;
  /** The annotation value as written; parsed again where needed, so the cache holds one string. */
  annotation: string;
  /** The containers the annotation's triggers name (init containers first), with their current images. */
  containers: TriggeredContainer[];
}

/** A workload's key in caches and the trigger index: `Deployment/ns/name`. */
export function workloadKey(workload: { kind: WorkloadKind; namespace: string; name: string }): string {
  return `${workload.kind}/${workload.namespace}/${workload.name}`;
}

/** The trigger annotation's value on the object's own metadata, when there is one. */
export function triggerAnnotationOf(obj: unknown): string | undefined {
  return getString(obj, ['metadata', 'annotations', TRIGGER_ANNOTATION]);
}

/** Init containers and containers of the workload's pod template, in that order. */
export function templateContainers(kind: WorkloadKind, obj: unknown): TriggeredContainer[] {
  return listContainers(obj, workloadLocation(kind), ['initContainers', 'containers']).map((slot) => {
    const name = slot.container['name'];
    const image = slot.container['image'];
    return {
      list: slot.list === 'initContainers' ? 'initContainers' : 'containers',
      index: slot.index,
      name: typeof name === 'string' ? name : '',
      image: typeof image === 'string' ? image : undefined,
    };
  });
}

/** Finds containers by selector in time independent of the number of containers (lookups use Maps). */
export interface ContainerFinder {
  find(selector: ContainerSelector): TriggeredContainer | undefined;
}

/**
 * A finder over `containers` (init containers first). A name is looked up in the init containers
 * and then the containers, whichever list the path spelled, as upstream does; a position counts
 * only in the list the path names.
 */
export function containerFinder(containers: readonly TriggeredContainer[]): ContainerFinder {
  const byName = new Map<string, TriggeredContainer>();
  const byPosition = new Map<string, TriggeredContainer>();
  for (const container of containers) {
    if (!byName.has(container.name)) byName.set(container.name, container);
    byPosition.set(`${container.list}/${container.index}`, container);
  }
  return {
    find: (selector) => ('index' in selector ? byPosition.get(`${selector.list}/${selector.index}`) : byName.get(selector.name)),
  };
}

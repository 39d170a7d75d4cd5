/**
 * The projection a trigger controller keeps of a workload (WorkloadTriggerView): the annotation
 * and the containers its active triggers set, nothing else of the object.
 */
import { getString } from '../core/object.js';
import { isActive, parseTriggerAnnotation } from './parse.js';
import type { WorkloadKind } from './types.js';
import { containerFinder, templateContainers, triggerAnnotationOf, type TriggeredContainer, type WorkloadTriggerView } from './workloads.js';

/**
 * The view of `obj` (a workload of `kind`), or undefined when it carries no trigger annotation:
 * such workloads need no cache entry at all. Containers no active trigger sets are left out, so a
 * paused trigger's container is read again when the workload changes to unpause it.
 */
export function projectWorkload(kind: WorkloadKind, obj: unknown): WorkloadTriggerView | undefined {
  const annotation = triggerAnnotationOf(obj);
  if (annotation === undefined) return undefined;
  const namespace = getString(obj, ['metadata', 'namespace']) ?? '';
  const parsed = parseTriggerAnnotation(annotation, { kind, namespace });
  const all = templateContainers(kind, obj);
  const finder = containerFinder(all);
  const kept = new Set<TriggeredContainer>();
  for (const trigger of parsed.triggers) {
    if (!isActive(trigger)) continue;
    const container = finder.find(trigger.target);
    if (container !== undefined) kept.add(container);
  }
  return {
    kind,
    namespace,
    name: getString(obj, ['metadata', 'name']) ?? '',
    annotation,
    containers: all.filter((c) => kept.has(c)),
  };
}

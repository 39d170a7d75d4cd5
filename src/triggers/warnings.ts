/**
 * Admission warnings for the trigger annotation (D11, D14): what the trigger controller will not
 * follow, and forms it reads but that are not canonical, naming the canonical one. `kubectl apply`
 * prints them as `Warning: …`. Static checks only: streams and access are the controller's.
 */
import { excerpt } from '../core/excerpt.js';
import { getString } from '../core/object.js';
import { podSpecLocation } from '../core/pod-spec.js';
import type { GroupResource } from '../core/types.js';
import { annotationPath, TRIGGER_ANNOTATION } from './annotation.js';
import { parseTriggerAnnotation } from './parse.js';
import { matchTargets } from './targets.js';
import type { NonCanonicalForm } from './types.js';
import { templateContainers, triggerAnnotationOf, workloadKindOf } from './workloads.js';

/** Longest warning sent; the API server may cut longer ones (D14 keeps warnings under it too). */
export const WARNING_MAX = 256;
/** Most warnings sent for one object; the rest are counted in a last one. */
export const WARNINGS_MAX = 8;
/** Longest user-written form a warning quotes, so the canonical form always fits. */
const FOUND_MAX = 72;

const fit = (warning: string): string => (warning.length <= WARNING_MAX ? warning : `${warning.slice(0, WARNING_MAX - 1)}…`);

/** The words for one non-canonical form: what was found and what to write instead. */
export function nonCanonicalMessage(note: NonCanonicalForm): string {
  const found = excerpt(note.found, FOUND_MAX);
  if (note.part === 'Key' && note.canonical === undefined) {
    const hint = found.toLowerCase() === 'pause' ? '; did you mean "paused"?' : '';
    return `${annotationPath(note.index)}: unknown field "${excerpt(note.field, FOUND_MAX)}" is ignored${hint}`;
  }
  if (note.part === 'Key') return `${annotationPath(note.index)}: field "${found}" is not canonical; write "${note.canonical}"`;
  if (note.field === 'paused') return `${annotationPath(note.index, 'paused')} is the string ${found}; write the boolean ${note.canonical}`;
  return `${annotationPath(note.index, note.field)} ${found} is not canonical; write ${note.canonical}`;
}

function limited(warnings: readonly string[]): string[] {
  if (warnings.length <= WARNINGS_MAX) return warnings.map(fit);
  const shown = warnings.slice(0, WARNINGS_MAX - 1).map(fit);
  return [...shown, `${TRIGGER_ANNOTATION}: ${warnings.length - shown.length} more problems not shown`];
}

/**
 * The warnings for an object of `resource` in `namespace` (the request's; the object may not name
 * it). Objects without the annotation cost one property read. A workload of another kind with a
 * pod template is told that triggers are not followed on it, since OpenShift's documentation
 * lists more kinds than its trigger controller watches.
 */
export function triggerWarnings(obj: unknown, resource: GroupResource, namespace: string): string[] {
  const annotation = triggerAnnotationOf(obj);
  if (annotation === undefined) return [];
  const kind = workloadKindOf(resource);
  if (kind === undefined) {
    if (podSpecLocation(resource) === undefined) return [];
    return [`${TRIGGER_ANNOTATION} is not followed on ${excerpt(resource.resource)}; triggers update Deployments, DaemonSets, StatefulSets and CronJobs`];
  }
  const owner = { kind, namespace: getString(obj, ['metadata', 'namespace']) || namespace };
  const parsed = parseTriggerAnnotation(annotation, owner);
  const targets = matchTargets({ kind, containers: templateContainers(kind, obj) }, parsed.triggers);
  const problems = [...parsed.problems, ...targets.problems].map((p) => p.message);
  return limited([...problems, ...[...parsed.nonCanonical, ...targets.nonCanonical].map(nonCanonicalMessage)]);
}

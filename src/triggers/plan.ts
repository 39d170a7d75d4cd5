/**
 * The update decision: given a workload's view and the stream tags its triggers follow, which
 * container images change, the JSON patch that changes them, and what to report. Upstream's rules
 * (library-go `UpdateObjectFromImages`): a paused trigger does nothing; a tag with no current event
 * does nothing; a container is written only when its image differs from the tag's pull spec.
 * This project's additions (D19): a source in another namespace is followed only when the caller
 * says the workload's namespace may read streams there; each refusal and fault is a named problem
 * (upstream stops at the first fault and reports nothing); the patch tests what it replaces.
 */
import type { PatchOperation } from '../core/types.js';
import { annotationPath } from './annotation.js';
import { parseTriggerAnnotation } from './parse.js';
import { triggeredPullSpec, type StreamTagLookup } from './stream-tags.js';
import { matchTargets, type TargetedTrigger } from './targets.js';
import { WHOLE_ANNOTATION_REASONS, type TriggerContainerList, type TriggerProblem } from './types.js';
import { workloadLocation, type WorkloadTriggerView } from './workloads.js';

/** One container image a trigger sets: what an `ImageTriggered` Event reports. */
export interface ImageTriggeredChange {
  list: TriggerContainerList;
  container: string;
  /** The stream tag, `[<namespace>/]<stream>:<tag>`, with the namespace only when it is not the workload's. */
  source: string;
  /** The image before; undefined when the container had no `image` field. */
  oldImage: string | undefined;
  newImage: string;
}

/** The outcome for one workload: an empty patch means no write at all. */
export interface TriggerPlan {
  patch: PatchOperation[];
  changes: ImageTriggeredChange[];
  problems: TriggerProblem[];
}

/**
 * May the service accounts of the workload's namespace get image streams in `sourceNamespace`?
 * The caller asks the API server (a SubjectAccessReview) before planning, for the namespaces
 * `crossNamespaceSources` lists, and answers from those results here.
 */
export type SourceNamespaceAccess = (sourceNamespace: string) => boolean;

/** A JSON pointer from path segments, each escaped (`~` → `~0`, `/` → `~1`) as RFC 6901 requires. */
export function jsonPointer(segments: readonly (string | number)[]): string {
  return segments.map((s) => `/${String(s).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

/**
 * The operations that set one container's image. `test` operations on the container's name and
 * current image come first, so a concurrent edit (or a reordering of containers) since the view
 * was taken makes the API server refuse the whole patch rather than overwrite it; the caller then
 * reads the workload again. An absent `image` field is added, since nothing can be tested there.
 */
function imageOperations(view: WorkloadTriggerView, target: TargetedTrigger, image: string): PatchOperation[] {
  const { list, index, name, image: current } = target.container;
  const container = [...workloadLocation(view.kind).spec, list, index];
  const ops: PatchOperation[] = [];
  if (name !== '') ops.push({ op: 'test', path: jsonPointer([...container, 'name']), value: name });
  if (current === undefined) return [...ops, { op: 'add', path: jsonPointer([...container, 'image']), value: image }];
  ops.push({ op: 'test', path: jsonPointer([...container, 'image']), value: current });
  ops.push({ op: 'replace', path: jsonPointer([...container, 'image']), value: image });
  return ops;
}

type Resolution = { image: string } | { problem: TriggerProblem } | 'Pending';

/** What one targeted trigger asks for: a pull spec, nothing yet, or a problem. */
function resolve(view: WorkloadTriggerView, target: TargetedTrigger, streamTags: StreamTagLookup, access: SourceNamespaceAccess, source: string): Resolution {
  const { namespace, stream, tag } = target.source;
  const where = { index: target.trigger.index, fieldPath: target.trigger.trigger.fieldPath };
  const at = annotationPath(target.trigger.index);
  // Access is decided before the stream is looked up, so a refused trigger learns nothing about it.
  if (namespace !== view.namespace && !access(namespace)) {
    const message = `${at}: image stream tag ${source} is not followed: the service accounts of namespace ${view.namespace} may not get imagestreams in namespace ${namespace}`;
    return { problem: { reason: 'CrossNamespaceRefused', message, ...where } };
  }
  const state = streamTags(namespace, stream, tag);
  if (state === undefined) return { problem: { reason: 'StreamNotFound', message: `${at}: image stream ${namespace}/${stream} not found`, ...where } };
  if (!state.tagKnown) return { problem: { reason: 'TagNotFound', message: `${at}: image stream tag ${source} not found`, ...where } };
  if (state.event === undefined) return 'Pending';
  const image = triggeredPullSpec(state, tag);
  if (image === undefined) {
    return { problem: { reason: 'TagNotResolvable', message: `${at}: the current image of image stream tag ${source} is not a valid reference`, ...where } };
  }
  return { image };
}

/**
 * Plans the trigger update of one workload. Pure: `streamTags` answers from memory and `access`
 * from SubjectAccessReviews made beforehand. Problems of paused triggers are left out, as upstream
 * skips paused triggers before reading them; problems of the whole annotation always count.
 */
export function planTriggerUpdate(view: WorkloadTriggerView, streamTags: StreamTagLookup, access: SourceNamespaceAccess): TriggerPlan {
  const parsed = parseTriggerAnnotation(view.annotation, view);
  const paused = new Set(parsed.triggers.filter((t) => t.trigger.paused).map((t) => t.index));
  const problems = parsed.problems.filter((p) => WHOLE_ANNOTATION_REASONS.has(p.reason) || p.index === undefined || !paused.has(p.index));
  const targets = matchTargets(view, parsed.triggers);
  problems.push(...targets.problems);
  const patch: PatchOperation[] = [];
  const changes: ImageTriggeredChange[] = [];
  for (const target of targets.targeted) {
    const { namespace, stream, tag } = target.source;
    const source = `${namespace === view.namespace ? '' : `${namespace}/`}${stream}:${tag}`;
    const resolution = resolve(view, target, streamTags, access, source);
    if (resolution === 'Pending') continue;
    if ('problem' in resolution) {
      problems.push(resolution.problem);
      continue;
    }
    const { container } = target;
    if (resolution.image === container.image) continue;
    patch.push(...imageOperations(view, target, resolution.image));
    changes.push({ list: container.list, container: container.name, source, oldImage: container.image, newImage: resolution.image });
  }
  return { patch, changes, problems };
}

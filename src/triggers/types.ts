/**
 * Plain data of image change triggers (`image.openshift.io/triggers`), with OpenShift's names.
 * Everything in src/triggers is pure: it reads these values and returns new ones, and leaves the
 * API server, the clock and logging to its callers (the trigger controller, the webhook's warnings
 * and the command line).
 */
import type { ContainerListName } from '../core/pod-spec.js';

/** The workload kinds whose trigger annotation is followed: the ones OpenShift's trigger controller watches. */
export type WorkloadKind = 'Deployment' | 'DaemonSet' | 'StatefulSet' | 'CronJob';

/** `from` of a trigger (OpenShift's ObjectReference). Empty strings stand for absent fields, as in Go. */
export interface TriggerSource {
  kind: string;
  name: string;
  /** The stream's namespace; empty or absent means the workload's own. */
  namespace?: string;
  apiVersion?: string;
}

/** One entry of the annotation's array (OpenShift's ObjectFieldTrigger). */
export interface ObjectFieldTrigger {
  from: TriggerSource;
  fieldPath: string;
  paused: boolean;
}

/** The container lists a trigger may name; ephemeral containers have no template to roll out. */
export type TriggerContainerList = Extract<ContainerListName, 'containers' | 'initContainers'>;

/**
 * Which container a field path names: by position in one list, or by name. A name is looked up in
 * the init containers first and then the containers, whichever list the path spelled, as upstream
 * does (names are unique across both lists in a valid pod).
 */
export type ContainerSelector =
  | { list: TriggerContainerList; index: number }
  | { list: TriggerContainerList; name: string };

/** The image stream tag a trigger follows, its namespace defaulted to the workload's. */
export interface StreamTagRef {
  namespace: string;
  stream: string;
  tag: string;
}

/** One trigger of an annotation, read against its workload's kind and namespace. */
export interface ParsedTrigger {
  /** Position in the annotation's array, for messages (`image.openshift.io/triggers[0]`). */
  index: number;
  /** The trigger in its normalised form (canonical field path and tag name; `from.namespace` as written). */
  trigger: ObjectFieldTrigger;
  /** The container the field path names, when it has a form upstream accepts (or one D11 adds). */
  target?: ContainerSelector;
  /** The stream tag `from` names, when it is an ImageStreamTag that upstream follows. */
  source?: StreamTagRef;
}

/**
 * Why a trigger (or the whole annotation) is not followed. The first three invalidate the whole
 * annotation, as upstream discards all of it; the others concern one trigger.
 */
export type TriggerProblemReason =
  | 'AnnotationTooLarge'
  | 'InvalidJSON'
  | 'DuplicateFieldPath'
  | 'FieldPathOutsidePodSpec'
  | 'InvalidFieldPath'
  | 'InvalidSource'
  | 'NoSuchContainer'
  | 'DuplicateContainer'
  | 'StreamNotFound'
  | 'TagNotFound'
  | 'TagNotResolvable'
  | 'CrossNamespaceRefused';

/** The reasons that make upstream discard every trigger of the annotation. */
export const WHOLE_ANNOTATION_REASONS: ReadonlySet<TriggerProblemReason> = new Set([
  'AnnotationTooLarge',
  'InvalidJSON',
  'DuplicateFieldPath',
]);

/** A named reason and a message that says what and where, complete enough for an Event or a warning. */
export interface TriggerProblem {
  reason: TriggerProblemReason;
  message: string;
  /** The trigger's position in the annotation, when the problem concerns one trigger. */
  index?: number;
  /** The trigger's field path as written, when the problem concerns one trigger. */
  fieldPath?: string;
}

/**
 * A form that is read but is not the canonical one (D11): what was found and what to write
 * instead. `canonical` undefined means the field is not part of a trigger and is ignored.
 */
export interface NonCanonicalForm {
  index: number;
  /** Whether the name of a field (`Key`: a spelling, or an unknown field) or its value is not canonical. */
  part: 'Key' | 'Value';
  /** The field as a path inside the trigger (`fieldPath`, `paused`, `from.name`); an unknown key as written. */
  field: string;
  found: string;
  canonical?: string;
}

/** An annotation read against its workload: the triggers, what is wrong, and what is merely non-canonical. */
export interface ParsedAnnotation {
  triggers: ParsedTrigger[];
  problems: TriggerProblem[];
  nonCanonical: NonCanonicalForm[];
}

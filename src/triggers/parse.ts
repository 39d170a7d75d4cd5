/**
 * Reading a trigger annotation against its workload: decoded JSON (annotation.ts), field paths
 * (field-path.ts) and sources, with the duplicate rule. Outcomes are data, never exceptions.
 */
import { excerpt } from '../core/excerpt.js';
import { annotationPath, decodeTriggers } from './annotation.js';
import { readFieldPath } from './field-path.js';
import type { NonCanonicalForm, ObjectFieldTrigger, ParsedAnnotation, ParsedTrigger, StreamTagRef, TriggerProblem, WorkloadKind } from './types.js';
import { workloadLocation } from './workloads.js';

/** The tag upstream reads when `from.name` ends in a bare `:` (library-go `SplitImageStreamTag`). */
const DEFAULT_TAG = 'latest';
/** Longest user value a message quotes; enough for any valid field path. */
const QUOTE_MAX = 120;

/** The workload an annotation belongs to: its kind decides the pod spec path, its namespace the default source namespace. */
export interface TriggerOwner {
  kind: WorkloadKind;
  namespace: string;
}

type SourceReading = { source: StreamTagRef; name: string } | { problem: string };

/**
 * The stream tag `from` names. Upstream follows only `kind: ImageStreamTag` without an
 * `apiVersion`, and a name with a `:` (the first one splits stream from tag; an empty tag means
 * `latest`). Names with a `/` can never name a stream, and would make index keys ambiguous.
 */
function readSource(from: ObjectFieldTrigger['from'], owner: TriggerOwner): SourceReading {
  if (from.kind !== 'ImageStreamTag') return { problem: `from.kind must be ImageStreamTag, got ${JSON.stringify(excerpt(from.kind))}` };
  if (from.apiVersion !== undefined) return { problem: `from.apiVersion must be left out, got ${JSON.stringify(excerpt(from.apiVersion))}` };
  const colon = from.name.indexOf(':');
  const stream = colon === -1 ? '' : from.name.slice(0, colon);
  const namespace = from.namespace ?? owner.namespace;
  if (stream === '' || stream.includes('/') || namespace.includes('/')) {
    return { problem: `from.name must be <stream>:<tag>, got ${JSON.stringify(excerpt(from.name))}` };
  }
  const tag = from.name.slice(colon + 1) || DEFAULT_TAG;
  return { source: { namespace, stream, tag }, name: `${stream}:${tag}` };
}

/** Reads one decoded trigger: its target container and its source, or the problems that stop it. */
function readTrigger(
  raw: ObjectFieldTrigger, index: number, owner: TriggerOwner, problems: TriggerProblem[], nonCanonical: NonCanonicalForm[],
): ParsedTrigger {
  const trigger: ObjectFieldTrigger = { ...raw, from: { ...raw.from } };
  const parsed: ParsedTrigger = { index, trigger };
  const where = { index, fieldPath: raw.fieldPath };
  const podSpecPath = workloadLocation(owner.kind).fieldPath;
  const reading = readFieldPath(raw.fieldPath, podSpecPath);
  const quoted = JSON.stringify(excerpt(raw.fieldPath, QUOTE_MAX));
  if (reading.outcome === 'OutsidePodSpec') {
    const message = `${annotationPath(index, 'fieldPath')} ${quoted} does not start with ${podSpecPath}. and is ignored`;
    problems.push({ reason: 'FieldPathOutsidePodSpec', message, ...where });
  } else if (reading.outcome === 'Invalid') {
    problems.push({ reason: 'InvalidFieldPath', message: `${annotationPath(index, 'fieldPath')}: field path is not valid: ${quoted}`, ...where });
  } else {
    parsed.target = reading.selector;
    if (reading.canonical !== raw.fieldPath) nonCanonical.push({ index, part: 'Value', field: 'fieldPath', found: raw.fieldPath, canonical: reading.canonical });
    trigger.fieldPath = reading.canonical;
  }
  const source = readSource(raw.from, owner);
  if ('problem' in source) {
    problems.push({ reason: 'InvalidSource', message: `${annotationPath(index)}: ${source.problem}; the trigger is ignored`, ...where });
  } else {
    parsed.source = source.source;
    if (source.name !== raw.from.name) nonCanonical.push({ index, part: 'Value', field: 'from.name', found: raw.from.name, canonical: source.name });
    trigger.from.name = source.name;
  }
  return parsed;
}

/**
 * Two triggers with one field path (after normalising, so two spellings of one container count)
 * discard the whole annotation, as upstream's "duplicate triggers are not allowed" does.
 */
function duplicateProblem(triggers: readonly ParsedTrigger[]): TriggerProblem | undefined {
  const first = new Map<string, number>();
  for (const { index, trigger } of triggers) {
    const earlier = first.get(trigger.fieldPath);
    if (earlier === undefined) {
      first.set(trigger.fieldPath, index);
      continue;
    }
    const path = JSON.stringify(excerpt(trigger.fieldPath, QUOTE_MAX));
    const message = `${annotationPath()}: duplicate triggers are not allowed: [${earlier}] and [${index}] both have fieldPath ${path}`;
    return { reason: 'DuplicateFieldPath', message, index, fieldPath: trigger.fieldPath };
  }
  return undefined;
}

/**
 * Parses an annotation value for a workload. Never throws, for any string. A problem in
 * WHOLE_ANNOTATION_REASONS leaves no triggers; other problems concern one trigger, which is kept
 * (with `target` or `source` missing) so callers can still name it. Linear in the value's length.
 */
export function parseTriggerAnnotation(value: string, owner: TriggerOwner): ParsedAnnotation {
  const decoded = decodeTriggers(value);
  if (decoded.problems.length > 0) return { triggers: [], problems: decoded.problems, nonCanonical: decoded.nonCanonical };
  const problems: TriggerProblem[] = [];
  const nonCanonical = [...decoded.nonCanonical];
  const triggers = decoded.triggers.map((raw, index) => readTrigger(raw, index, owner, problems, nonCanonical));
  const duplicate = duplicateProblem(triggers);
  if (duplicate !== undefined) return { triggers: [], problems: [duplicate], nonCanonical };
  return { triggers, problems, nonCanonical };
}

/** Whether a trigger acts on tag moves: not paused, and naming both a container and a stream tag. */
export function isActive(trigger: ParsedTrigger): trigger is ParsedTrigger & Required<Pick<ParsedTrigger, 'target' | 'source'>> {
  return !trigger.trigger.paused && trigger.target !== undefined && trigger.source !== undefined;
}

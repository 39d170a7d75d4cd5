/**
 * The canonical annotation: byte for byte what `oc set triggers` writes, so an annotation written
 * here and one written by `oc` compare equal and neither tool rewrites the other's.
 *
 * What `oc` writes, read from openshift/oc `pkg/cli/set/triggers.go` (`TriggerDefinition.Apply`)
 * and the trigger type in openshift/library-go `pkg/image/trigger/types.go`: Go's `json.Marshal`
 * of the trigger list, i.e. compact JSON with no spaces, fields in the order `from` (`kind`,
 * `name`, then `namespace` and `apiVersion` only when not empty), `fieldPath`, then `paused` only
 * when true (the field is `omitempty`); `kind` is always `ImageStreamTag`; `from.namespace` is
 * left empty when it equals the object's own namespace; the field path is
 * `<pod spec path>.containers[?(@.name=="<container>")].image` (double quotes and `==`), one
 * trigger per container in the order the containers were given; and a list without triggers is
 * written as `null` (Go marshals an empty slice that way), not `[]`. Go's encoder escapes `<`, `>`
 * and `&` as `\u003c`, `\u003e`, `\u0026`, and U+2028/U+2029, and replaces invalid UTF-16 (here: a
 * lone surrogate) by U+FFFD. The one deliberate difference: `oc` writes `containers[…]` even for an
 * init container, which the trigger controller then cannot find by that list's position; this
 * project writes `initContainers[…]` (D19).
 */
import { canonicalFieldPath } from './field-path.js';
import { parseTriggerAnnotation, type TriggerOwner } from './parse.js';
import { WHOLE_ANNOTATION_REASONS, type ObjectFieldTrigger, type StreamTagRef, type TriggerContainerList } from './types.js';
import { workloadLocation } from './workloads.js';

/** Characters Go's JSON encoder escapes, and lone surrogates (which Go, reading bytes, would have replaced). */
const GO_ESCAPED = /["\\\u0000-\u001f<>&\u2028\u2029]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const SHORT_ESCAPES: ReadonlyMap<string, string> = new Map([
  ['"', '\\"'], ['\\', '\\\\'], ['\n', '\\n'], ['\r', '\\r'], ['\t', '\\t'], ['\b', '\\b'], ['\f', '\\f'],
]);

function goEscape(char: string): string {
  const short = SHORT_ESCAPES.get(char);
  if (short !== undefined) return short;
  const code = char.charCodeAt(0);
  if (code >= 0xd800 && code <= 0xdfff) return '\ufffd';
  return `\\u${code.toString(16).padStart(4, '0')}`;
}

/** A JSON string exactly as Go's `json.Marshal` writes it (HTML-safe escaping, lowercase hex). */
export function goJsonString(value: string): string {
  return `"${value.replace(GO_ESCAPED, goEscape)}"`;
}

function formatTrigger(trigger: ObjectFieldTrigger): string {
  const { kind, name, namespace, apiVersion } = trigger.from;
  let from = `{"kind":${goJsonString(kind)},"name":${goJsonString(name)}`;
  if (namespace) from += `,"namespace":${goJsonString(namespace)}`;
  if (apiVersion) from += `,"apiVersion":${goJsonString(apiVersion)}`;
  return `{"from":${from}},"fieldPath":${goJsonString(trigger.fieldPath)}${trigger.paused ? ',"paused":true' : ''}}`;
}

/** The annotation value for `triggers`, in `oc`'s bytes; `null` for no triggers, as `oc` writes it. */
export function formatTriggerAnnotation(triggers: readonly ObjectFieldTrigger[]): string {
  return triggers.length === 0 ? 'null' : `[${triggers.map(formatTrigger).join(',')}]`;
}

/** What `oc set triggers --from-image=[<ns>/]<stream>:<tag> -c <container>` adds for one container. */
export interface ContainerTrigger {
  /** The workload the annotation goes on. */
  owner: TriggerOwner;
  list: TriggerContainerList;
  container: string;
  from: StreamTagRef;
  paused: boolean;
}

/** One trigger in canonical form: `from.namespace` only when it is not the workload's own. */
export function containerTrigger(t: ContainerTrigger): ObjectFieldTrigger {
  const from: ObjectFieldTrigger['from'] = { kind: 'ImageStreamTag', name: `${t.from.stream}:${t.from.tag}` };
  if (t.from.namespace !== t.owner.namespace) from.namespace = t.from.namespace;
  return { from, fieldPath: canonicalFieldPath(workloadLocation(t.owner.kind).fieldPath, t.list, t.container), paused: t.paused };
}

/**
 * The annotation rewritten in canonical form (D11): field paths and tag names normalised, an own
 * `from.namespace` and unknown fields dropped, triggers kept in order (also those that are not
 * followed, with their field path as written). Undefined when the annotation as a whole cannot be
 * read. Normalising a normalised value returns it unchanged.
 */
export function normalizeTriggerAnnotation(value: string, owner: TriggerOwner): string | undefined {
  const parsed = parseTriggerAnnotation(value, owner);
  if (parsed.problems.some((p) => WHOLE_ANNOTATION_REASONS.has(p.reason))) return undefined;
  return formatTriggerAnnotation(parsed.triggers.map(({ trigger }) => {
    if (trigger.from.namespace !== owner.namespace) return trigger;
    const { namespace: _own, ...from } = trigger.from;
    return { ...trigger, from };
  }));
}

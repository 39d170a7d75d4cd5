/**
 * Which spec tags the importer can act on: `from.kind` is DockerImage, ImageStreamTag or
 * ImageStreamImage, and `from.name` has that kind's form. Invalid tags are never imported; the controller
 * records the message in the tag's `ImportSuccess` condition, and a stamping webhook can reject
 * the write with the same text. Messages follow Kubernetes field errors: `<path>: <problem>`.
 */
import { parseImportReference } from '../core/import-reference.js';
import type { ImageStream, TagReference } from '../core/types.js';

export const SOURCE_KINDS: readonly string[] = Object.freeze(['DockerImage', 'ImageStreamTag', 'ImageStreamImage']);
const IMPORT_MODES: readonly string[] = Object.freeze(['Legacy', 'PreserveOriginal']);
const REFERENCE_POLICIES: readonly string[] = Object.freeze(['Source', 'Local']);
const TAG_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const DIGEST = /^[A-Za-z][A-Za-z0-9]*:[0-9a-fA-F]{32,}$/;

function supported(value: string, values: readonly string[]): string {
  return `Unsupported value: ${JSON.stringify(value)}: supported values: ${values.map((v) => `"${v}"`).join(', ')}`;
}

/** `<stream>:<tag>` or `<tag>` (the tag's own stream). */
function checkImageStreamTagName(name: string): string | undefined {
  const parts = name.split(':');
  if (parts.length > 2 || parts.some((part) => part === '')) return `Invalid value: ${JSON.stringify(name)}: must be <tag> or <stream>:<tag>`;
  const tag = parts[parts.length - 1] ?? '';
  return TAG_NAME.test(tag) ? undefined : `Invalid value: ${JSON.stringify(name)}: ${JSON.stringify(tag)} is not a valid tag name`;
}

function checkImageStreamImageName(name: string): string | undefined {
  const at = name.indexOf('@');
  if (at <= 0 || !DIGEST.test(name.slice(at + 1))) return `Invalid value: ${JSON.stringify(name)}: must be <stream>@<digest>`;
  return undefined;
}

/** A reference the import can use: the registry client reads it with the same parser. */
function checkDockerImageName(name: string): string | undefined {
  try {
    parseImportReference(name);
    return undefined;
  } catch (err) {
    return `Invalid value: ${JSON.stringify(name)}: ${err instanceof Error ? err.message : String(err)}`;
  }
}

function checkFrom(tag: TagReference, path: string): string[] {
  const from = tag.from;
  if (from === undefined || from === null) return [];
  if (typeof from.kind !== 'string' || !SOURCE_KINDS.includes(from.kind)) {
    return [`${path}.from.kind: ${supported(String(from.kind), SOURCE_KINDS)}`];
  }
  if (typeof from.name !== 'string' || from.name === '') return [`${path}.from.name: Required value`];
  const check = { DockerImage: checkDockerImageName, ImageStreamTag: checkImageStreamTagName, ImageStreamImage: checkImageStreamImageName }[
    from.kind as 'DockerImage'
  ];
  const problem = check(from.name);
  return problem === undefined ? [] : [`${path}.from.name: ${problem}`];
}

function checkPolicies(tag: TagReference, path: string): string[] {
  const problems: string[] = [];
  const mode = tag.importPolicy?.importMode;
  if (mode !== undefined && mode !== null && !IMPORT_MODES.includes(mode)) {
    problems.push(`${path}.importPolicy.importMode: ${supported(String(mode), IMPORT_MODES)}`);
  }
  const type = tag.referencePolicy?.type;
  if (type !== undefined && type !== null && type !== '' && !REFERENCE_POLICIES.includes(type)) {
    problems.push(`${path}.referencePolicy.type: ${supported(String(type), REFERENCE_POLICIES)}`);
  }
  return problems;
}

/** Problems of one spec tag (empty when valid); `index` is its position in `spec.tags`. */
export function validateSpecTag(tag: TagReference, index: number): string[] {
  const path = `spec.tags[${index}]`;
  if (typeof tag.name !== 'string' || !TAG_NAME.test(tag.name)) {
    return [`${path}.name: Invalid value: ${JSON.stringify(tag.name)}: a tag name is 1-128 letters, digits, '_', '.' or '-', not starting with '.' or '-'`];
  }
  return [...checkFrom(tag, path), ...checkPolicies(tag, path)];
}

/**
 * Every problem of the stream's spec tags, by tag name (duplicates reported on the second
 * occurrence). A tag absent from the map is valid.
 */
export function validateSpecTags(stream: ImageStream): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const seen = new Set<string>();
  (stream.spec?.tags ?? []).forEach((tag, index) => {
    const problems = validateSpecTag(tag, index);
    if (seen.has(tag.name)) problems.push(`spec.tags[${index}].name: Duplicate value: ${JSON.stringify(tag.name)}`);
    seen.add(tag.name);
    if (problems.length > 0) found.set(String(tag.name), [...(found.get(String(tag.name)) ?? []), ...problems]);
  });
  return found;
}

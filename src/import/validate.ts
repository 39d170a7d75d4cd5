/**
 * Which spec tags the importer can act on: `from.kind` is DockerImage, ImageStreamTag or
 * ImageStreamImage, and `from.name` has that kind's form. Invalid tags are never imported; the controller
 * records the message in the tag's `ImportSuccess` condition, and a stamping webhook can reject
 * the write with the same text. Messages follow Kubernetes field errors: `<path>: <problem>`.
 * Values are quoted as excerpts, so a huge value never makes a huge message.
 *
 * The webhook runs before the API server checks the stream against its schema, so any JSON can
 * arrive: entries of `spec.tags` (and their `from`) that are not objects are left to that schema
 * check, never read here.
 */
import { describeValue } from '../core/excerpt.js';
import { parseImportReference } from '../core/import-reference.js';
import { isObject } from '../core/object.js';
import type { ImageStream, TagReference } from '../core/types.js';

export const SOURCE_KINDS: readonly string[] = Object.freeze(['DockerImage', 'ImageStreamTag', 'ImageStreamImage']);
const IMPORT_MODES: readonly string[] = Object.freeze(['Legacy', 'PreserveOriginal']);
const REFERENCE_POLICIES: readonly string[] = Object.freeze(['Source', 'Local']);
const TAG_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const DIGEST = /^[A-Za-z][A-Za-z0-9]*:[0-9a-fA-F]{32,}$/;

function supported(value: unknown, values: readonly string[]): string {
  return `Unsupported value: ${describeValue(value)}: supported values: ${values.map((v) => `"${v}"`).join(', ')}`;
}

/** `<stream>:<tag>` or `<tag>` (the tag's own stream). */
function checkImageStreamTagName(name: string): string | undefined {
  const parts = name.split(':');
  if (parts.length > 2 || parts.some((part) => part === '')) return `Invalid value: ${describeValue(name)}: must be <tag> or <stream>:<tag>`;
  const tag = parts[parts.length - 1] ?? '';
  return TAG_NAME.test(tag) ? undefined : `Invalid value: ${describeValue(name)}: ${describeValue(tag)} is not a valid tag name`;
}

function checkImageStreamImageName(name: string): string | undefined {
  const at = name.indexOf('@');
  if (at <= 0 || !DIGEST.test(name.slice(at + 1))) return `Invalid value: ${describeValue(name)}: must be <stream>@<digest>`;
  return undefined;
}

function checkDockerImageName(name: string): string | undefined {
  try {
    parseImportReference(name);
    return undefined;
  } catch (err) {
    return `Invalid value: ${describeValue(name)}: ${err instanceof Error ? err.message : String(err)}`;
  }
}

function checkFrom(tag: TagReference, path: string): string[] {
  const from = tag.from;
  if (!isObject(from)) return [];
  if (typeof from.kind !== 'string' || !SOURCE_KINDS.includes(from.kind)) {
    return [`${path}.from.kind: ${supported(from.kind, SOURCE_KINDS)}`];
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
    problems.push(`${path}.importPolicy.importMode: ${supported(mode, IMPORT_MODES)}`);
  }
  const type = tag.referencePolicy?.type;
  if (type !== undefined && type !== null && type !== '' && !REFERENCE_POLICIES.includes(type)) {
    problems.push(`${path}.referencePolicy.type: ${supported(type, REFERENCE_POLICIES)}`);
  }
  return problems;
}

/** Problems of one spec tag (empty when valid); `index` is its position in `spec.tags`. */
export function validateSpecTag(tag: TagReference, index: number): string[] {
  const path = `spec.tags[${index}]`;
  if (typeof tag.name !== 'string' || !TAG_NAME.test(tag.name)) {
    return [`${path}.name: Invalid value: ${describeValue(tag.name)}: a tag name is 1-128 letters, digits, '_', '.' or '-', not starting with '.' or '-'`];
  }
  return [...checkFrom(tag, path), ...checkPolicies(tag, path)];
}

/** One problem of one spec tag: its name (undefined when not a string), its position and the text. */
export interface TagProblem {
  tag: string | undefined;
  index: number;
  message: string;
}

/**
 * Every problem of the stream's spec tags in `spec.tags` order, a duplicate name reported on its
 * second occurrence. Linear in the number of tags.
 */
export function specTagProblems(stream: ImageStream): TagProblem[] {
  const found: TagProblem[] = [];
  const seen = new Set<unknown>();
  const tags: unknown = stream.spec?.tags;
  if (!Array.isArray(tags)) return found;
  tags.forEach((tag: unknown, index) => {
    if (!isObject(tag)) return;
    const specTag = tag as unknown as TagReference;
    const name = typeof specTag.name === 'string' ? specTag.name : undefined;
    const problems = validateSpecTag(specTag, index);
    if (seen.has(specTag.name)) problems.push(`spec.tags[${index}].name: Duplicate value: ${describeValue(specTag.name)}`);
    seen.add(specTag.name);
    for (const message of problems) found.push({ tag: name, index, message });
  });
  return found;
}

/** The problems of specTagProblems by tag name (`String(name)`). A tag absent from the map is valid. */
export function validateSpecTags(stream: ImageStream): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const { tag, message } of specTagProblems(stream)) {
    const key = String(tag);
    const problems = found.get(key);
    if (problems === undefined) found.set(key, [message]);
    else problems.push(message);
  }
  return found;
}

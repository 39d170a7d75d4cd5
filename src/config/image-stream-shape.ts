import type { ImageStream } from '../core/types.js';
import {
  checkField,
  checkMapping,
  checkMappingList,
  checkName,
  childPath,
  describeValue,
  problemAt,
  type FieldType,
  type Mapping,
} from './shape.js';

/** `image.openshift.io/v1`, and `v1`: OpenShift 3's legacy group-less form still found in old exports. */
export const IMAGE_STREAM_API_VERSIONS: readonly string[] = ['image.openshift.io/v1', 'v1'];

/**
 * Checks that a parsed object has the ImageStream shape the core reads (see `ImageStream` in
 * core/types.ts), appending one problem per wrong field. Fields the core does not read pass
 * through unchecked. Returns the object typed as an ImageStream when nothing was wrong with it.
 * `typeRequired` is false for items of an `ImageStreamList`, which the API serves without
 * per-item apiVersion/kind.
 */
export function validateImageStream(
  stream: Mapping,
  path: string,
  problems: string[],
  typeRequired: boolean,
): ImageStream | undefined {
  const before = problems.length;
  checkTypeMeta(stream, path, problems, typeRequired);
  const metadata = checkMapping(stream, 'metadata', path, problems, true);
  if (metadata !== undefined) checkMetadata(metadata, childPath(path, 'metadata'), problems);
  const spec = checkMapping(stream, 'spec', path, problems);
  if (spec !== undefined) checkSpec(spec, childPath(path, 'spec'), problems);
  const status = checkMapping(stream, 'status', path, problems);
  if (status !== undefined) checkStatus(status, childPath(path, 'status'), problems);
  return problems.length === before ? (stream as unknown as ImageStream) : undefined;
}

function checkTypeMeta(stream: Mapping, path: string, problems: string[], required: boolean): void {
  const apiVersion = checkField(stream, 'apiVersion', 'string', path, problems, required);
  if (apiVersion !== undefined && !IMAGE_STREAM_API_VERSIONS.includes(String(apiVersion))) {
    const allowed = IMAGE_STREAM_API_VERSIONS.join(' or ');
    problems.push(problemAt(childPath(path, 'apiVersion'), `must be ${allowed} (got ${describeValue(apiVersion)})`));
  }
  const kind = checkField(stream, 'kind', 'string', path, problems, required);
  if (kind !== undefined && kind !== 'ImageStream') {
    problems.push(problemAt(childPath(path, 'kind'), `must be ImageStream (got ${describeValue(kind)})`));
  }
}

function checkMetadata(metadata: Mapping, path: string, problems: string[]): void {
  checkName(metadata, 'name', path, problems);
  if (checkField(metadata, 'namespace', 'string', path, problems) === '') {
    problems.push(problemAt(childPath(path, 'namespace'), 'must not be empty when set'));
  }
  checkField(metadata, 'resourceVersion', 'string', path, problems);
  checkStringMap(metadata, 'annotations', path, problems);
}

function checkSpec(spec: Mapping, path: string, problems: string[]): void {
  const lookupPolicy = checkMapping(spec, 'lookupPolicy', path, problems);
  if (lookupPolicy !== undefined) checkField(lookupPolicy, 'local', 'boolean', childPath(path, 'lookupPolicy'), problems);
  checkField(spec, 'dockerImageRepository', 'string', path, problems);
  for (const { item, path: at } of checkMappingList(spec, 'tags', path, problems)) {
    checkName(item, 'name', at, problems);
    checkStringMap(item, 'annotations', at, problems);
    checkField(item, 'reference', 'boolean', at, problems);
    checkFields(item, 'from', at, problems, { kind: 'string', name: 'string', namespace: 'string' });
    checkFields(item, 'referencePolicy', at, problems, { type: 'string' });
    checkFields(item, 'importPolicy', at, problems, { scheduled: 'boolean', insecure: 'boolean', importMode: 'string' });
  }
}

function checkStatus(status: Mapping, path: string, problems: string[]): void {
  checkField(status, 'dockerImageRepository', 'string', path, problems);
  checkField(status, 'publicDockerImageRepository', 'string', path, problems);
  for (const { item: list, path: at } of checkMappingList(status, 'tags', path, problems)) {
    checkName(list, 'tag', at, problems);
    for (const { item: event, path: eventPath } of checkMappingList(list, 'items', at, problems)) {
      checkFields(event, undefined, eventPath, problems, {
        created: 'string',
        dockerImageReference: 'string',
        image: 'string',
        generation: 'number',
      });
    }
    // The pending-tag fallback's warning repeats a failed import's reason and message.
    for (const { item: condition, path: conditionPath } of checkMappingList(list, 'conditions', at, problems)) {
      checkFields(condition, undefined, conditionPath, problems, { type: 'string', status: 'string', reason: 'string', message: 'string' });
    }
  }
}

/** Checks the typed fields of `parent[key]` (or of `parent` itself when `key` is undefined). */
function checkFields(
  parent: Mapping,
  key: string | undefined,
  path: string,
  problems: string[],
  fields: Record<string, FieldType>,
): void {
  const target = key === undefined ? parent : checkMapping(parent, key, path, problems);
  if (target === undefined) return;
  const at = key === undefined ? path : childPath(path, key);
  for (const [name, type] of Object.entries(fields)) checkField(target, name, type, at, problems);
}

function checkStringMap(parent: Mapping, key: string, path: string, problems: string[]): void {
  const map = checkMapping(parent, key, path, problems);
  if (map === undefined) return;
  for (const name of Object.keys(map)) checkField(map, name, 'string', childPath(path, key), problems);
}

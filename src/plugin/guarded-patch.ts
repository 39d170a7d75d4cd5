/**
 * JSON patches (RFC 6902) that change one member of an object the command read, each preceded by a
 * `test` of what the change depends on, so the API server refuses the patch when someone changed
 * that part in between instead of silently overwriting them. What is tested is the deepest part of
 * the path that existed when the object was read: the member itself when it was there (a changed
 * value fails the test), else its nearest parent object (a member added meanwhile fails the test).
 * When not even the first step existed, only the object as a whole can say nothing changed: its
 * `metadata.resourceVersion` is tested.
 */
import type { Operation } from 'fast-json-patch';
import { isObject } from '../core/object.js';

/** A JSON pointer for `segments` (`~` and `/` escaped as RFC 6901 says: annotation keys contain `/`). */
export function jsonPointer(segments: readonly string[]): string {
  return segments.map((segment) => `/${segment.replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');
}

/** How many leading segments of `segments` name an existing value, and that value. */
function deepestExisting(object: unknown, segments: readonly string[]): { depth: number; value: unknown } {
  let value = object;
  let depth = 0;
  for (const segment of segments) {
    const next = Array.isArray(value) && /^(0|[1-9][0-9]*)$/.test(segment) ? value[Number(segment)] : isObject(value) && Object.hasOwn(value, segment) ? value[segment] : undefined;
    if (next === undefined) break;
    value = next;
    depth += 1;
  }
  return { depth, value };
}

/** The test of the object's identity as read, for changes whose whole path was missing. */
function testResourceVersion(object: unknown): Operation {
  const metadata = isObject(object) ? object.metadata : undefined;
  const resourceVersion = isObject(metadata) ? metadata.resourceVersion : undefined;
  return { op: 'test', path: '/metadata/resourceVersion', value: typeof resourceVersion === 'string' ? resourceVersion : '' };
}

/** The test of the deepest existing part of the path, as read. */
function testRead(object: unknown, segments: readonly string[], depth: number, value: unknown): Operation {
  if (depth === 0) return testResourceVersion(object);
  return { op: 'test', path: jsonPointer(segments.slice(0, depth)), value };
}

/** `value` wrapped in the objects (or, for a `-` segment, the array) that `segments` names below an existing parent. */
function nest(segments: readonly string[], value: unknown): unknown {
  return segments.reduceRight<unknown>((inner, segment) => (segment === '-' ? [inner] : { [segment]: inner }), value);
}

/**
 * Sets the member at `segments` (creating missing parents; a last segment `-` appends to an
 * array) to `value`, guarded by a test. A `null` on the way counts as missing and is replaced.
 */
export function setGuarded(object: unknown, segments: readonly string[], value: unknown): Operation[] {
  const found = deepestExisting(object, segments);
  const parents = found.value === null ? found.depth - 1 : found.depth;
  if (found.depth === segments.length && found.value !== null) {
    return [testRead(object, segments, found.depth, found.value), { op: 'replace', path: jsonPointer(segments), value }];
  }
  const parentValue = deepestExisting(object, segments.slice(0, parents)).value;
  return [
    testRead(object, segments, parents, parentValue),
    { op: 'add', path: jsonPointer(segments.slice(0, parents + 1)), value: nest(segments.slice(parents + 1), value) },
  ];
}

/** Removes the member at `segments`, guarded by a test of its value as read; nothing when it is not there. */
export function removeGuarded(object: unknown, segments: readonly string[]): Operation[] {
  const found = deepestExisting(object, segments);
  if (found.depth < segments.length) return [];
  return [testRead(object, segments, found.depth, found.value), { op: 'remove', path: jsonPointer(segments) }];
}

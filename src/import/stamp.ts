/**
 * Tag generation stamping, as OpenShift's API server does on every ImageStream write: a spec tag
 * that is new, whose source (`from`, `importPolicy`, `referencePolicy`, `reference`) changed, or
 * whose `generation` the client left unset or set to `0` (a re-import request, as `oc import-image`
 * sends) gets `spec.tags[].generation` = the stream's new `metadata.generation`.
 *
 * Why a webhook needs it although the controller works without: a second re-import request on a tag
 * already at `0` is a no-op write, so the API server neither bumps `metadata.generation` nor sends a
 * watch event. Stamped, the tag never stays at `0` and each request is a real spec change.
 *
 * Mutating admission runs BEFORE the API server's strategy bumps `metadata.generation` (for custom
 * resources only when the spec changed), so the new generation is predicted here: `1` on CREATE;
 * on UPDATE `old + 1` when the stamped spec differs from the old one, which holds whenever anything
 * is stamped (a new or changed tag, or a tag moved off `0`/unset to a generation above every stored
 * one). Pure: plain objects in, RFC 6902 operations out.
 */
import { isObject, type JsonObject } from '../core/object.js';
import type { PatchOperation } from '../core/types.js';

/** The fields whose change makes a tag "changed" (OpenShift's tag reference comparison). */
const SOURCE_FIELDS = ['from', 'importPolicy', 'referencePolicy', 'reference'] as const;

/**
 * A canonical JSON text of a value where absence, `null`, `false` and `{}` are all "nothing": the
 * API server may send either shape for an unset field, and neither is a change of the tag.
 */
function canonical(value: unknown): string | undefined {
  if (value === undefined || value === null || value === false) return undefined;
  if (Array.isArray(value)) return `[${value.map((item) => canonical(item) ?? 'null').join(',')}]`;
  if (!isObject(value)) return JSON.stringify(value);
  const fields = Object.keys(value)
    .sort()
    .flatMap((key) => {
      const text = canonical(value[key]);
      return text === undefined ? [] : [`${JSON.stringify(key)}:${text}`];
    });
  return fields.length === 0 ? undefined : `{${fields.join(',')}}`;
}

/** The tag's source fields as one comparable text: equal texts mean an unchanged source. */
export const sourceOf = (tag: JsonObject): string => SOURCE_FIELDS.map((field) => canonical(tag[field]) ?? '-').join('|');

/** `spec.tags` of any JSON value; empty when it is not an array. */
export function specTags(stream: unknown): unknown[] {
  const spec = isObject(stream) ? stream.spec : undefined;
  const tags = isObject(spec) ? spec.tags : undefined;
  return Array.isArray(tags) ? tags : [];
}

/** Old tags by name; a duplicated name keeps its first entry (duplicates are invalid anyway). */
function tagsByName(stream: unknown): Map<string, JsonObject> {
  const byName = new Map<string, JsonObject>();
  for (const tag of specTags(stream)) {
    if (isObject(tag) && typeof tag.name === 'string' && !byName.has(tag.name)) byName.set(tag.name, tag);
  }
  return byName;
}

function generationOf(stream: unknown): number {
  const metadata = isObject(stream) ? stream.metadata : undefined;
  const generation = isObject(metadata) ? metadata.generation : undefined;
  return typeof generation === 'number' && Number.isSafeInteger(generation) && generation > 0 ? generation : 0;
}

/** True when `tag` must get the new generation: new, changed source, or generation unset/0. */
function needsStamp(tag: JsonObject, old: JsonObject | undefined): boolean {
  const generation = tag.generation;
  if (typeof generation !== 'number' || generation <= 0) return true;
  return old === undefined || sourceOf(old) !== sourceOf(tag);
}

/**
 * The patch that stamps `newStream`'s spec tags. `oldStream` is the stored object on UPDATE and
 * undefined on CREATE. Entries that are not objects are left alone (validation reports them).
 */
export function stampTagGenerations(oldStream: unknown, newStream: unknown): PatchOperation[] {
  const generation = oldStream === undefined ? 1 : generationOf(oldStream) + 1;
  const old = oldStream === undefined ? new Map<string, JsonObject>() : tagsByName(oldStream);
  const patch: PatchOperation[] = [];
  specTags(newStream).forEach((tag, index) => {
    if (!isObject(tag)) return;
    const before = typeof tag.name === 'string' ? old.get(tag.name) : undefined;
    if (needsStamp(tag, before) && tag.generation !== generation) {
      patch.push({ op: 'add', path: `/spec/tags/${index}/generation`, value: generation });
    }
  });
  return patch;
}

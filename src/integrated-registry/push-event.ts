/**
 * Reads a distribution notification envelope (`{"events": [...]}`) and names what each event
 * means for the cluster. Only a `push` of a manifest under a tag to a stream's repository records
 * anything (as OpenShift's ImageStreamMapping does); every blob HEAD emits a `pull`, every blob
 * upload a tagless `push`, an index's children are pushed by digest without a tag, and `mount`
 * and `delete` do not move tags, so all of those are ignored (and acknowledged by the edge: one
 * non-2xx answer blocks the registry's notification queue for good).
 */
import { getString, isObject } from '../core/object.js';
import { parseStreamRepository, type StreamRepository } from './repository.js';

/** A tag pushed to a stream's repository: what the status records. */
export interface PushedTag extends StreamRepository {
  tag: string;
  digest: string;
  /** `actor.name`: the token's subject, for the log line. */
  actor: string;
}

export type IgnoreReason = 'NotPush' | 'NoTag' | 'NotManifest' | 'NotStream' | 'Malformed';

/** One event: an `id` (for deduplication) and what it means. */
export type RegistryEvent = { id: string; push: PushedTag } | { id: string; ignored: IgnoreReason };

/** Manifest media types a tag can point at (blobs and configs are never tagged). */
const MANIFEST_TYPES: ReadonlySet<string> = new Set([
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v1+prettyjws',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.oci.image.index.v1+json',
]);

const TAG = /^\w[\w.-]{0,127}$/;
const DIGEST = /^(?:sha256:[0-9a-f]{64}|sha384:[0-9a-f]{96}|sha512:[0-9a-f]{128})$/;
/** distribution's event ids are UUIDs; anything much longer is not one of its events. */
const ID_LENGTH_MAX = 128;

function classify(event: unknown): RegistryEvent | undefined {
  const id = getString(event, ['id']) ?? '';
  if (id === '' || id.length > ID_LENGTH_MAX) return undefined;
  if (getString(event, ['action']) !== 'push') return { id, ignored: 'NotPush' };
  const tag = getString(event, ['target', 'tag']) ?? '';
  if (tag === '') return { id, ignored: 'NoTag' };
  const digest = getString(event, ['target', 'digest']) ?? '';
  if (!MANIFEST_TYPES.has(getString(event, ['target', 'mediaType']) ?? '')) return { id, ignored: 'NotManifest' };
  if (!TAG.test(tag) || !DIGEST.test(digest)) return { id, ignored: 'Malformed' };
  const stream = parseStreamRepository(getString(event, ['target', 'repository']) ?? '');
  if (stream === undefined) return { id, ignored: 'NotStream' };
  return { id, push: { ...stream, tag, digest, actor: getString(event, ['actor', 'name']) ?? '' } };
}

/**
 * The events of an envelope (parsed JSON), or undefined when it is not one: not an object with an
 * `events` array, or an event without a usable `id` (which could not be deduplicated).
 */
export function readEnvelope(body: unknown): RegistryEvent[] | undefined {
  if (!isObject(body) || !Array.isArray(body.events)) return undefined;
  const events: RegistryEvent[] = [];
  for (const event of body.events) {
    const read = classify(event);
    if (read === undefined) return undefined;
    events.push(read);
  }
  return events;
}

/**
 * What `tag` writes to one destination stream, given the stream as read: a JSON patch guarded by
 * `test`s on what it read, or a new stream when there is none. Deleting removes the spec tag and
 * asks the import controller, through the removed-tags marker, to drop the tag's status history
 * (the user may not be allowed to write status; see docs/kubectl-imagestream.md).
 */
import type { Operation } from 'fast-json-patch';
import { goQuote } from '../cli/flags.js';
import { formatRemovedTags, isFenceApplied, readRemovedTags, REMOVED_TAGS_ANNOTATION, type RemovedTag } from '../core/removed-tags.js';
import { CommandError } from './command-error.js';
import { removeGuarded, setGuarded } from './guarded-patch.js';
import type { ShownImageStream, ShownTagReference } from './shown-stream.js';
import type { TagDestination } from './tag-request.js';

/** A write to one ImageStream: a patch of the stream as read, or the stream to create. */
export type StreamWrite =
  | { kind: 'patch'; namespace: string; name: string; patch: Operation[] }
  | { kind: 'create'; namespace: string; name: string; object: ShownImageStream };

/** The outcome of deleting one tag: the line to print, and the write when there is something to change. */
export interface TagDeletion {
  write?: StreamWrite;
  line: string;
}

function specTagIndex(stream: ShownImageStream, tag: string): number {
  return (stream.spec?.tags ?? []).findIndex((entry) => entry.name === tag);
}

/** Sets `tag` on the destination: replaces a spec tag of that name in place, appends one, or creates the stream. */
export function tagWrite(stream: ShownImageStream | undefined, destination: TagDestination, tag: ShownTagReference): StreamWrite {
  const { namespace, stream: name } = destination;
  if (stream === undefined) {
    const object: ShownImageStream = { apiVersion: 'image.openshift.io/v1', kind: 'ImageStream', metadata: { name, namespace }, spec: { tags: [tag] } };
    return { kind: 'create', namespace, name, object };
  }
  const index = specTagIndex(stream, destination.tag);
  const path = index === -1 ? ['spec', 'tags', '-'] : ['spec', 'tags', String(index)];
  return { kind: 'patch', namespace, name, patch: setGuarded(stream, path, tag) };
}

/**
 * The marker after removing `tag`: its fence (the generation and newest event as read) added, and
 * entries the import controller has already carried out forgotten, so the marker stays small.
 */
function markerAfterRemoving(stream: ShownImageStream, tag: string): string {
  const statusTags = new Map((stream.status?.tags ?? []).map((entry) => [entry.tag, entry]));
  const removed = readRemovedTags(stream.metadata.annotations);
  for (const [name, fence] of removed) if (isFenceApplied(statusTags.get(name), fence)) removed.delete(name);
  const newest = statusTags.get(tag)?.items?.[0];
  const fence: RemovedTag = {
    generation: stream.metadata.generation ?? 0,
    ...(newest?.created === undefined ? {} : { created: newest.created }),
    ...(newest?.image === undefined ? {} : { image: newest.image }),
  };
  removed.set(tag, fence);
  return formatRemovedTags(removed);
}

/** True when the status tag holds history (events or conditions) that should go with the spec tag. */
function hasStatusHistory(stream: ShownImageStream, tag: string): boolean {
  const entry = stream.status?.tags?.find((statusTag) => statusTag.tag === tag);
  return (entry?.items ?? []).length > 0 || (entry?.conditions ?? []).length > 0;
}

/**
 * `tag -d` for one destination, with oc's texts: a missing stream is only reported
 * (`Image stream "app" does not exist.`), a tag in neither spec nor status is an error, and the
 * success line is `Deleted tag <ns>/<stream>:<tag>.`. A tag with status but no spec tag (pushed,
 * or its spec tag removed by hand) gets only the marker.
 */
export function deleteTagWrite(stream: ShownImageStream | undefined, destination: TagDestination): TagDeletion {
  if (stream === undefined) return { line: `Image stream ${goQuote(destination.stream)} does not exist.` };
  const index = specTagIndex(stream, destination.tag);
  const history = hasStatusHistory(stream, destination.tag);
  if (index === -1 && !history) throw new CommandError(`destination tag ${destination.namespace}/${destination.nameAndTag} does not exist.`);
  const patch = index === -1 ? [] : removeGuarded(stream, ['spec', 'tags', String(index)]);
  if (history) patch.push(...setGuarded(stream, ['metadata', 'annotations', REMOVED_TAGS_ANNOTATION], markerAfterRemoving(stream, destination.tag)));
  return {
    write: { kind: 'patch', namespace: destination.namespace, name: destination.stream, patch },
    line: `Deleted tag ${destination.namespace}/${destination.nameAndTag}.`,
  };
}

import { failedImport } from '../core/image-stream.js';
import type { ImageStream, NamedTagEventList, TagReference } from '../core/types.js';

/**
 * The part of an ImageStream the webhook decides on, as kept in its caches: `metadata.name`,
 * `namespace` and `resourceVersion` (the informer compares versions), `spec.lookupPolicy.local`
 * (whether short names resolve), the spec tags with `referencePolicy.type: Local` (they pin the stream's
 * own repository), `status.dockerImageRepository` (that repository, and the fallback for a tag without an
 * image), the current event's `dockerImageReference` (the pull spec's source), every event's `image` (D2
 * lists every item), and a tag's failed import (its `ImportSuccess=False` condition's reason and a bounded
 * message, for the pending-tag fallback's warning). Everything else (managedFields, annotations, import
 * policies, `from`, timestamps) is
 * dropped: for 10,000 streams of 10 tags that is about a third of the memory. If the core starts
 * reading another ImageStream field, add it here; test/kube/image-stream-projection.test.ts
 * checks that reviews over projected streams equal reviews over full ones.
 */
export function projectImageStream(stream: ImageStream): ImageStream {
  const metadata: ImageStream['metadata'] = { name: stream.metadata.name };
  if (stream.metadata.namespace !== undefined) metadata.namespace = stream.metadata.namespace;
  if (stream.metadata.resourceVersion !== undefined) metadata.resourceVersion = stream.metadata.resourceVersion;
  const projected: ImageStream = { metadata };
  if (stream.spec != null) {
    projected.spec = { tags: (stream.spec.tags ?? []).filter(isLocalReference).map(projectSpecTag) };
    const local = stream.spec.lookupPolicy?.local;
    if (local !== undefined) projected.spec.lookupPolicy = { local };
  }
  if (stream.status != null) {
    projected.status = { tags: (stream.status.tags ?? []).map(projectStatusTag) };
    if (stream.status.dockerImageRepository !== undefined) {
      projected.status.dockerImageRepository = stream.status.dockerImageRepository;
    }
  }
  return projected;
}

/** Resolution reads a spec tag only to see `referencePolicy.type: Local`; the other spec tags change nothing. */
function isLocalReference(tag: TagReference): boolean {
  return tag.referencePolicy?.type === 'Local';
}

function projectSpecTag(tag: TagReference): TagReference {
  return { name: tag.name, referencePolicy: { type: 'Local' } };
}

function projectStatusTag(list: NamedTagEventList): NamedTagEventList {
  const projected: NamedTagEventList = {
    tag: list.tag,
    items: (list.items ?? []).map((event, index) => {
      const kept: { dockerImageReference?: string; image?: string } = {};
      if (index === 0 && event.dockerImageReference !== undefined) kept.dockerImageReference = event.dockerImageReference;
      if (event.image !== undefined) kept.image = event.image;
      return kept;
    }),
  };
  const failed = failedImport(list);
  if (failed !== undefined) projected.conditions = [failed];
  return projected;
}

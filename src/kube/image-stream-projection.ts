import type { ImageStream, NamedTagEventList, TagReference } from '../core/types.js';

/**
 * The part of an ImageStream the webhook decides on, as kept in its caches: `metadata.name`,
 * `namespace` and `resourceVersion` (the informer compares versions), `spec.lookupPolicy.local`
 * (R17), each spec tag's name and `referencePolicy.type` (R18), `status.dockerImageRepository`
 * (R18/R19) and every status event's `dockerImageReference` and `image` (R16/R18, D2 lists every
 * item). Everything else (managedFields, annotations, import policies, `from`, timestamps) is
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
    projected.spec = { tags: (stream.spec.tags ?? []).map(projectSpecTag) };
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

function projectSpecTag(tag: TagReference): TagReference {
  const type = tag.referencePolicy?.type;
  return type === undefined ? { name: tag.name } : { name: tag.name, referencePolicy: { type } };
}

function projectStatusTag(list: NamedTagEventList): NamedTagEventList {
  return {
    tag: list.tag,
    items: (list.items ?? []).map((event) => {
      const kept: { dockerImageReference?: string; image?: string } = {};
      if (event.dockerImageReference !== undefined) kept.dockerImageReference = event.dockerImageReference;
      if (event.image !== undefined) kept.image = event.image;
      return kept;
    }),
  };
}

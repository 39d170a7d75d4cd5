/**
 * What the controller keeps of each ImageStream: the fields import reads and the status PUT needs.
 * The status subresource takes only `status` from the body (the API server copies everything else
 * from the stored object and checks `resourceVersion`), so labels, most annotations (a
 * `kubectl apply` last-applied copy can be the largest field) and `managedFields` are dropped.
 * Repeated strings (digests, references, tag names) are interned: 10,000 streams tracking the same
 * images then hold one copy of each string instead of 10,000.
 */
import { INSECURE_REPOSITORY_ANNOTATION } from '../import/options.js';
import type { ImageStreamStatus, ImportStream, SpecTag, StatusTag } from '../import/types.js';

/** A bounded intern table; cleared when full so memory stays bounded whatever the cluster holds. */
export class StringPool {
  private readonly strings = new Map<string, string>();
  constructor(private readonly max = 200_000) {}

  intern<T>(value: T): T {
    if (typeof value !== 'string') return value;
    const known = this.strings.get(value);
    if (known !== undefined) return known as T;
    if (this.strings.size >= this.max) this.strings.clear();
    this.strings.set(value, value);
    return value;
  }
}

function projectTag(tag: SpecTag, pool: StringPool): SpecTag {
  const out: SpecTag = { name: pool.intern(tag.name) };
  if (tag.from) out.from = { kind: pool.intern(tag.from.kind), name: pool.intern(tag.from.name), ...(tag.from.namespace ? { namespace: pool.intern(tag.from.namespace) } : {}) };
  if (tag.annotations) out.annotations = Object.fromEntries(Object.entries(tag.annotations).map(([k, v]) => [pool.intern(k), pool.intern(v)]));
  if (tag.reference !== undefined) out.reference = tag.reference;
  if (tag.generation !== undefined) out.generation = tag.generation;
  if (tag.importPolicy) out.importPolicy = { ...tag.importPolicy, ...(tag.importPolicy.importMode ? { importMode: pool.intern(tag.importPolicy.importMode) } : {}) };
  if (tag.referencePolicy) out.referencePolicy = { ...tag.referencePolicy, ...(tag.referencePolicy.type ? { type: pool.intern(tag.referencePolicy.type) } : {}) };
  return out;
}

function projectStatusTag(tag: StatusTag, pool: StringPool): StatusTag {
  const out: StatusTag = {
    tag: pool.intern(tag.tag),
    items: (tag.items ?? []).map((item) => ({
      created: pool.intern(item.created),
      dockerImageReference: pool.intern(item.dockerImageReference),
      image: pool.intern(item.image),
      generation: item.generation,
    })),
  };
  if (tag.conditions && tag.conditions.length > 0) out.conditions = tag.conditions.map((condition) => ({ ...condition }));
  return out;
}

function projectStatus(status: ImageStreamStatus, pool: StringPool): ImageStreamStatus {
  const out: ImageStreamStatus = { ...status };
  if (status.dockerImageRepository !== undefined) out.dockerImageRepository = pool.intern(status.dockerImageRepository);
  if (status.tags) out.tags = status.tags.map((tag) => projectStatusTag(tag, pool));
  return out;
}

export function projectStream(stream: ImportStream, pool: StringPool): ImportStream {
  const { name, namespace, generation, resourceVersion, annotations } = stream.metadata;
  const insecure = annotations?.[INSECURE_REPOSITORY_ANNOTATION];
  const spec = stream.spec ?? {};
  return {
    apiVersion: stream.apiVersion ?? 'image.openshift.io/v1',
    kind: stream.kind ?? 'ImageStream',
    metadata: {
      name,
      ...(namespace === undefined ? {} : { namespace: pool.intern(namespace) }),
      ...(generation === undefined ? {} : { generation }),
      ...(resourceVersion === undefined ? {} : { resourceVersion }),
      ...(insecure === undefined ? {} : { annotations: { [INSECURE_REPOSITORY_ANNOTATION]: insecure } }),
    },
    spec: {
      ...(spec.lookupPolicy ? { lookupPolicy: { ...spec.lookupPolicy } } : {}),
      ...(spec.dockerImageRepository ? { dockerImageRepository: pool.intern(spec.dockerImageRepository) } : {}),
      tags: (spec.tags ?? []).map((tag) => projectTag(tag, pool)),
    },
    ...(stream.status ? { status: projectStatus(stream.status, pool) } : {}),
  };
}

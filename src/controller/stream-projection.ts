/**
 * What the controller keeps of each ImageStream: the fields import reads and the status PUT needs.
 * The status subresource takes only `status` from the body (the API server copies everything else
 * from the stored object and checks `resourceVersion`), so labels, most annotations (a
 * `kubectl apply` last-applied copy can be the largest field) and `managedFields` are dropped.
 * Repeated strings (digests, references, tag names) and equal spec and status tags are shared:
 * 10,000 streams tracking the same images then hold one copy instead of 10,000.
 */
import { INSECURE_REPOSITORY_ANNOTATION } from '../import/options.js';
import type { ImageStream, ImageStreamStatus, NamedTagEventList, TagReference } from '../core/types.js';
import { REPOSITORY_CHECK_ANNOTATION } from '../import/repository-check.js';
import { REMOVED_TAGS_ANNOTATION } from '../core/removed-tags.js';
import { Interner } from '../store/interner.js';

/**
 * Shares structurally equal, never-mutated sub-objects (a spec tag, a status tag with its events)
 * among streams: streams tracking the same images then cost one copy. Buckets are keyed by a
 * 32-bit hash of the JSON and compared by full JSON, so a collision never shares unequal objects
 * (the JSON is recomputed on lookup rather than kept); the table is bounded like the interner.
 * Callers must treat the results as read-only.
 */
export class ObjectPool {
  private readonly buckets = new Map<number, unknown[]>();
  private size = 0;
  constructor(private readonly max = 100_000) {}

  intern<T>(value: T): T {
    const json = JSON.stringify(value);
    const hash = fnv1a(json);
    const bucket = this.buckets.get(hash) ?? [];
    const found = bucket.find((entry) => JSON.stringify(entry) === json);
    if (found !== undefined) return found as T;
    if (this.size >= this.max) {
      this.buckets.clear();
      this.size = 0;
    }
    this.buckets.set(hash, [...bucket, value]);
    this.size += 1;
    return value;
  }
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash;
}

function projectTag(tag: TagReference, pool: Interner): TagReference {
  const out: TagReference = { name: pool.intern(tag.name) };
  if (tag.from) out.from = { kind: pool.intern(tag.from.kind), name: pool.intern(tag.from.name), ...(tag.from.namespace ? { namespace: pool.intern(tag.from.namespace) } : {}) };
  if (tag.annotations) out.annotations = Object.fromEntries(Object.entries(tag.annotations).map(([k, v]) => [pool.intern(k), pool.intern(v)]));
  if (tag.reference !== undefined) out.reference = tag.reference;
  if (tag.generation !== undefined) out.generation = tag.generation;
  if (tag.importPolicy) out.importPolicy = { ...tag.importPolicy, ...(tag.importPolicy.importMode ? { importMode: pool.intern(tag.importPolicy.importMode) } : {}) };
  if (tag.referencePolicy) out.referencePolicy = { ...tag.referencePolicy, ...(tag.referencePolicy.type ? { type: pool.intern(tag.referencePolicy.type) } : {}) };
  return out;
}

function projectStatusTag(tag: NamedTagEventList, pool: Interner): NamedTagEventList {
  const out: NamedTagEventList = {
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

function projectStatus(status: ImageStreamStatus, pools: ProjectionPools): ImageStreamStatus {
  const out: ImageStreamStatus = { ...status };
  if (status.dockerImageRepository !== undefined) out.dockerImageRepository = pools.strings.intern(status.dockerImageRepository);
  if (status.tags) out.tags = status.tags.map((tag) => pools.objects.intern(projectStatusTag(tag, pools.strings)));
  return out;
}

/** The pools one informer shares across all its streams. */
export class ProjectionPools {
  /** Digests and references are longer than the names the webhook's store interns, and more numerous. */
  readonly strings = new Interner({ maxEntries: 200_000, maxLength: 1024 });
  readonly objects = new ObjectPool();
}

/** Shared by every stream whose annotations hold none that import reads. */
const NO_KEPT_ANNOTATIONS: Readonly<Record<string, string>> = Object.freeze({});

/**
 * The annotations import reads (insecure repository, repository check, the removed-tags marker
 * of `tag -d`), or the shared empty map
 * when the object has others only: the repository check's patch must know whether the object has
 * `metadata.annotations` at all. Undefined when it has none.
 */
function keptAnnotations(annotations: Record<string, string> | null | undefined, pool: Interner): Record<string, string> | undefined {
  if (annotations == null) return undefined;
  const insecure = annotations[INSECURE_REPOSITORY_ANNOTATION];
  const checked = annotations[REPOSITORY_CHECK_ANNOTATION];
  const removed = annotations[REMOVED_TAGS_ANNOTATION];
  if (insecure === undefined && checked === undefined && removed === undefined) return NO_KEPT_ANNOTATIONS;
  return {
    ...(insecure === undefined ? {} : { [INSECURE_REPOSITORY_ANNOTATION]: pool.intern(insecure) }),
    ...(checked === undefined ? {} : { [REPOSITORY_CHECK_ANNOTATION]: checked }),
    ...(removed === undefined ? {} : { [REMOVED_TAGS_ANNOTATION]: removed }),
  };
}

export function projectStream(stream: ImageStream, pools: ProjectionPools): ImageStream {
  const pool = pools.strings;
  const { name, namespace, generation, resourceVersion } = stream.metadata;
  const annotations = keptAnnotations(stream.metadata.annotations, pool);
  const spec = stream.spec ?? {};
  return {
    apiVersion: stream.apiVersion ?? 'image.openshift.io/v1',
    kind: stream.kind ?? 'ImageStream',
    metadata: {
      name,
      ...(namespace === undefined ? {} : { namespace: pool.intern(namespace) }),
      ...(generation === undefined ? {} : { generation }),
      ...(resourceVersion === undefined ? {} : { resourceVersion }),
      ...(annotations === undefined ? {} : { annotations }),
    },
    spec: {
      ...(spec.lookupPolicy ? { lookupPolicy: { ...spec.lookupPolicy } } : {}),
      ...(spec.dockerImageRepository ? { dockerImageRepository: pool.intern(spec.dockerImageRepository) } : {}),
      tags: (spec.tags ?? []).map((tag) => pools.objects.intern(projectTag(tag, pool))),
    },
    ...(stream.status ? { status: projectStatus(stream.status, pools) } : {}),
  };
}

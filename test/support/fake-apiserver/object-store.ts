/**
 * The fake API server's storage: objects of any resource keyed by namespace and name, one
 * resourceVersion counter for all of them (as etcd's revision), and the event history watches
 * replay from. Writes carrying a stale resourceVersion conflict, as the real API server's do.
 */
import jsonpatch, { type Operation } from 'fast-json-patch';

export interface StoredObject {
  apiVersion?: string;
  kind?: string;
  metadata: { name: string; namespace?: string; resourceVersion?: string; [key: string]: unknown };
  [key: string]: unknown;
}

export type EventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface RecordedEvent {
  rv: number;
  resource: string;
  type: EventType;
  object: StoredObject;
}

/** Why a write was refused: the HTTP code and Status reason the server answers with. */
export class WriteRefused extends Error {
  constructor(readonly code: number, readonly reason: string, message: string) {
    super(message);
  }
}

const keyOf = (namespace: string | undefined, name: string): string => `${namespace ?? ''}/${name}`;

export class ObjectStore {
  rv = 100;
  /** Events at or below this version are forgotten: a watch from before it gets 410 Gone. */
  compactedRv = 0;
  readonly events: RecordedEvent[] = [];
  private readonly resources = new Map<string, Map<string, StoredObject>>();
  /** Called with every event as it is recorded (the server feeds open watches from it). */
  onEvent: (event: RecordedEvent) => void = () => undefined;

  list(resource: string, namespace?: string): StoredObject[] {
    const all = [...(this.resources.get(resource)?.values() ?? [])];
    return namespace === undefined ? all : all.filter((object) => object.metadata.namespace === namespace);
  }

  get(resource: string, namespace: string | undefined, name: string): StoredObject | undefined {
    return this.resources.get(resource)?.get(keyOf(namespace, name));
  }

  /** Creates or replaces without any check (test setup and the tests' concurrent writers). */
  put(resource: string, object: StoredObject): StoredObject {
    const objects = this.objects(resource);
    const key = keyOf(object.metadata.namespace, object.metadata.name);
    return this.record(resource, objects.has(key) ? 'MODIFIED' : 'ADDED', object);
  }

  create(resource: string, object: StoredObject): StoredObject {
    if (this.get(resource, object.metadata.namespace, object.metadata.name) !== undefined) {
      throw new WriteRefused(409, 'AlreadyExists', `${resource} "${object.metadata.name}" already exists`);
    }
    return this.put(resource, object);
  }

  /**
   * Replaces an object, or with `subresource` 'status' only its status. The resourceVersion sent
   * must be the stored one (when sent at all), else 409 Conflict.
   */
  replace(resource: string, sent: StoredObject, subresource?: string): StoredObject {
    const current = this.existing(resource, sent.metadata.namespace, sent.metadata.name);
    const version = sent.metadata.resourceVersion;
    if (version !== undefined && version !== '' && version !== current.metadata.resourceVersion) {
      throw new WriteRefused(409, 'Conflict', `Operation cannot be fulfilled on ${resource} "${sent.metadata.name}": the object has been modified; please apply your changes to the latest version and try again`);
    }
    // As with a status subresource: the main resource's PUT keeps the stored status, the status PUT changes nothing else.
    const { status: sentStatus, ...rest } = sent;
    const next: StoredObject = subresource === 'status' ? { ...current, status: sentStatus } : { ...rest, metadata: sent.metadata, ...(current.status === undefined ? {} : { status: current.status }) };
    return this.put(resource, next);
  }

  /** JSON patch (a failed `test` is 422, as the real server answers) or merge patch. */
  patch(resource: string, namespace: string | undefined, name: string, contentType: string, patch: unknown, subresource?: string): StoredObject {
    const current = structuredClone(this.existing(resource, namespace, name));
    let next: StoredObject;
    if (contentType === 'application/json-patch+json') {
      try {
        next = jsonpatch.applyPatch(current, patch as Operation[], true, false).newDocument;
      } catch (err) {
        throw new WriteRefused(422, 'Invalid', `the JSON patch could not be applied: ${(err as Error).message}`);
      }
    } else if (contentType === 'application/merge-patch+json' || contentType === 'application/apply-patch+yaml') {
      next = merge(current, patch) as StoredObject;
    } else {
      throw new WriteRefused(415, 'UnsupportedMediaType', `the content type ${contentType} is not supported`);
    }
    if (subresource === 'status') next = { ...current, status: next.status };
    return this.put(resource, next);
  }

  delete(resource: string, namespace: string | undefined, name: string): StoredObject {
    const current = this.existing(resource, namespace, name);
    this.objects(resource).delete(keyOf(namespace, name));
    return this.record(resource, 'DELETED', current, false);
  }

  /** Forgets the event history, as etcd compaction does. */
  compact(): void {
    this.compactedRv = this.rv;
    this.events.length = 0;
  }

  private existing(resource: string, namespace: string | undefined, name: string): StoredObject {
    const current = this.get(resource, namespace, name);
    if (current === undefined) throw new WriteRefused(404, 'NotFound', `${resource} "${name}" not found`);
    return current;
  }

  private objects(resource: string): Map<string, StoredObject> {
    let objects = this.resources.get(resource);
    if (objects === undefined) {
      objects = new Map();
      this.resources.set(resource, objects);
    }
    return objects;
  }

  private record(resource: string, type: EventType, object: StoredObject, store = true): StoredObject {
    this.rv += 1;
    // As the API server: a uid set when the object is created, and kept by every later write.
    const uid = object.metadata.uid ?? this.get(resource, object.metadata.namespace, object.metadata.name)?.metadata.uid ?? `uid-${this.rv}`;
    const stored = structuredClone({ ...object, metadata: { ...object.metadata, uid, resourceVersion: String(this.rv) } });
    if (store) this.objects(resource).set(keyOf(stored.metadata.namespace, stored.metadata.name), stored);
    const event = { rv: this.rv, resource, type, object: stored };
    this.events.push(event);
    this.onEvent(event);
    return stored;
  }
}

/** RFC 7386 merge: objects merge member by member, null deletes, anything else replaces. */
function merge(target: unknown, patch: unknown): unknown {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) return patch;
  const result: Record<string, unknown> = typeof target === 'object' && target !== null && !Array.isArray(target) ? { ...(target as Record<string, unknown>) } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = merge(result[key], value);
  }
  return result;
}

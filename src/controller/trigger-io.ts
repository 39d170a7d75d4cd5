/**
 * The trigger controller's Kubernetes reads and writes: what its workload caches keep of each
 * object, a live GET after a failed write, the JSON patch under its one field manager, and the
 * Events it records on workloads.
 */
import type { ImageStream, PatchOperation } from '../core/types.js';
import type { EventRecorder } from '../kube/events.js';
import { CRON_JOBS, DAEMON_SETS, DEPLOYMENTS, STATEFUL_SETS, type ResourceType } from '../kube/resource-types.js';
import { getObject, patchObject } from '../kube/resources.js';
import type { RestClient } from '../kube/rest-client.js';
import type { TriggerEvent } from '../triggers/events.js';
import { streamTagStates, type StreamTagLookup } from '../triggers/stream-tags.js';
import type { WorkloadKind } from '../triggers/types.js';
import { projectWorkload } from '../triggers/view.js';
import { WORKLOAD_RESOURCES, type WorkloadTriggerView } from '../triggers/workloads.js';

/**
 * The field manager of every trigger write, so `managedFields` (and GitOps tools reading them,
 * such as Argo CD's `managedFieldsManagers`) can tell the controller's image writes from the user's.
 */
export const TRIGGER_FIELD_MANAGER = 'imagestream-trigger-controller';

/** Who reports the Events, as `kubectl events` shows it. */
export const TRIGGER_COMPONENT = 'imagestream-webhook/trigger-controller';

export const WORKLOAD_TYPES: ReadonlyMap<WorkloadKind, ResourceType> = new Map([
  ['Deployment', DEPLOYMENTS],
  ['DaemonSet', DAEMON_SETS],
  ['StatefulSet', STATEFUL_SETS],
  ['CronJob', CRON_JOBS],
]);

/**
 * What a workload cache keeps: the resourceVersion (so a relist at the same version costs nothing),
 * the uid (Events name it, so `kubectl describe` finds them) and, only for workloads that carry the
 * trigger annotation, the trigger view. Workloads without triggers cost two short strings.
 */
export interface WorkloadEntry {
  version?: string;
  uid?: string;
  view?: WorkloadTriggerView;
}

interface ObjectMeta {
  metadata?: { resourceVersion?: string; uid?: string };
}

export function projectWorkloadEntry(kind: WorkloadKind, object: unknown): WorkloadEntry {
  const view = projectWorkload(kind, object);
  if (view === undefined) {
    const version = (object as ObjectMeta).metadata?.resourceVersion;
    return version === undefined ? {} : { version };
  }
  const { resourceVersion, uid } = (object as ObjectMeta).metadata ?? {};
  return { ...(resourceVersion === undefined ? {} : { version: resourceVersion }), ...(uid === undefined ? {} : { uid }), view };
}

/** The API calls the controller makes about one workload. */
export interface WorkloadApi {
  /** A live read, after a write whose `test` failed; undefined when the workload is gone. */
  get(kind: WorkloadKind, namespace: string, name: string): Promise<WorkloadEntry | undefined>;
  /** The JSON patch with its `test` operations; throws ApiServerError (422 or 409 when a test failed). */
  patch(kind: WorkloadKind, namespace: string, name: string, operations: PatchOperation[]): Promise<void>;
  /** Records one Event on the workload; rejects with ApiServerError. */
  record(kind: WorkloadKind, namespace: string, name: string, uid: string | undefined, event: TriggerEvent): Promise<void>;
}

function typeOf(kind: WorkloadKind): ResourceType {
  const type = WORKLOAD_TYPES.get(kind);
  // Every WorkloadKind is in the table; reaching this is a programming error.
  if (type === undefined) throw new TypeError(`no resource type for ${kind}`);
  return type;
}

export function createWorkloadApi(client: RestClient, recordEvent: EventRecorder): WorkloadApi {
  return {
    get: async (kind, namespace, name) => {
      const object = await getObject<unknown>(client, typeOf(kind), { namespace, name });
      return object === undefined ? undefined : projectWorkloadEntry(kind, object);
    },
    patch: async (kind, namespace, name, operations) => {
      const options = { fieldManager: TRIGGER_FIELD_MANAGER };
      await patchObject<unknown>(client, typeOf(kind), { namespace, name }, 'application/json-patch+json', operations, options);
    },
    record: (kind, namespace, name, uid, event) => {
      const group = WORKLOAD_RESOURCES.get(kind)?.group ?? 'apps';
      return recordEvent({
        involvedObject: { apiVersion: `${group}/v1`, kind, namespace, name, ...(uid === undefined ? {} : { uid }) },
        reason: event.reason,
        message: event.message,
        type: event.type,
        reportingComponent: TRIGGER_COMPONENT,
      });
    },
  };
}

/** `Kind/namespace/name` (a trigger index key) back into its parts; none of the three holds a `/`. */
export function parseWorkloadKey(key: string): { kind: WorkloadKind; namespace: string; name: string } {
  const [kind = '', namespace = '', name = ''] = key.split('/');
  return { kind: kind as WorkloadKind, namespace, name };
}

/** A lookup over the stream cache for one plan, reading each stream's tags once. */
export function streamTagsOf(stream: (namespace: string, name: string) => ImageStream | undefined): StreamTagLookup {
  const tables = new Map<string, ReturnType<typeof streamTagStates> | undefined>();
  return (namespace, name, tag) => {
    const key = `${namespace}/${name}`;
    if (!tables.has(key)) {
      const found = stream(namespace, name);
      tables.set(key, found === undefined ? undefined : streamTagStates(found));
    }
    const table = tables.get(key);
    return table === undefined ? undefined : (table.get(tag) ?? { tagKnown: false });
  };
}

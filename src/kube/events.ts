import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock.js';
import { EVENTS } from './resource-types.js';
import { createObject } from './resources.js';
import type { RestClient } from './rest-client.js';

/** The object an Event is about, as `kubectl describe` finds it. */
export interface InvolvedObject {
  apiVersion: string;
  kind: string;
  namespace: string;
  name: string;
  uid?: string;
  resourceVersion?: string;
}

export interface EventRecord {
  involvedObject: InvolvedObject;
  /** UpperCamelCase, machine-readable: `Imported`, `ImportFailed`, `TriggerFired`. */
  reason: string;
  /** For people; never credentials or registry answers' bodies. */
  message: string;
  type: 'Normal' | 'Warning';
  /** Who reports it: `imagestream-webhook/import-controller`. */
  reportingComponent: string;
  /** Which replica: usually the pod name. */
  reportingInstance?: string;
}

/** Writes a core/v1 Event; rejects with ApiServerError. Repeats are separate Events (no count aggregation). */
export type EventRecorder = (event: EventRecord) => Promise<void>;

/** Events are UI: a message is cut here rather than refused by the API server's 1 KiB-ish limits. */
const MAX_MESSAGE = 1024;

/**
 * Creates the recorder: a core/v1 Event in the involved object's namespace, named as client-go
 * names them (`<object>.<unique suffix>`), with both the legacy `source.component` and the
 * newer `reportingComponent`, so `kubectl describe` and `kubectl events` show it.
 */
export function createEventRecorder(client: RestClient, clock: Clock): EventRecorder {
  return async (event) => {
    const at = new Date(clock.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const { namespace } = event.involvedObject;
    const body = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: `${event.involvedObject.name}.${randomBytes(8).toString('hex')}`, namespace },
      involvedObject: event.involvedObject,
      reason: event.reason,
      message: event.message.length > MAX_MESSAGE ? `${event.message.slice(0, MAX_MESSAGE - 1)}…` : event.message,
      type: event.type,
      firstTimestamp: at,
      lastTimestamp: at,
      count: 1,
      source: { component: event.reportingComponent },
      reportingComponent: event.reportingComponent,
      reportingInstance: event.reportingInstance ?? '',
    };
    await createObject<unknown>(client, EVENTS, namespace, body);
  };
}

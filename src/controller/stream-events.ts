/**
 * Sends the import's Events (src/import/import-events.ts) about one ImageStream through the one
 * Events API of src/kube/events.ts. An Event is a report, not state: one the API server refuses is
 * logged and dropped, never retried, and never fails the import that caused it.
 */
import type { ImageStream } from '../core/types.js';
import type { ImportEvent } from '../import/import-events.js';
import type { EventRecorder } from '../kube/events.js';
import { errorFields, type Logger } from '../log.js';

/** The `reportingComponent` (and legacy `source.component`) of the controller's Events. */
export const IMPORT_CONTROLLER_COMPONENT = 'imagestream-webhook/import-controller';

/** Records `events` on `stream` (as written: its uid and resourceVersion name the object). */
export type StreamEventSender = (stream: ImageStream, events: readonly ImportEvent[]) => Promise<void>;

export function createStreamEventSender(recorder: EventRecorder, logger: Logger, reportingInstance?: string): StreamEventSender {
  return async (stream, events) => {
    const { namespace = '', name, uid, resourceVersion } = stream.metadata;
    const involvedObject = {
      apiVersion: 'image.openshift.io/v1', kind: 'ImageStream', namespace, name,
      ...(uid === undefined ? {} : { uid }),
      ...(resourceVersion === undefined ? {} : { resourceVersion }),
    };
    for (const event of events) {
      try {
        await recorder({
          involvedObject, reason: event.reason, message: event.message, type: event.type,
          reportingComponent: IMPORT_CONTROLLER_COMPONENT,
          ...(reportingInstance === undefined ? {} : { reportingInstance }),
        });
      } catch (err) {
        logger.warn({ ...errorFields(err), namespace, stream: name, tag: event.tag, reason: event.reason }, 'recording an Event failed');
      }
    }
  };
}

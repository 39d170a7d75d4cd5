/**
 * `POST /imagestreams`: the mutating webhook for `image.openshift.io` ImageStream CREATE/UPDATE
 * that stamps `spec.tags[].generation` as OpenShift's API server does (src/import/stamp.ts). It
 * only ever allows: stamping is bookkeeping, and the import controller works without it, so a
 * request it cannot stamp (another resource, a subresource, DELETE) passes untouched.
 */
import { excerpt } from '../core/excerpt.js';
import type { Decision } from '../core/types.js';
import { stampTagGenerations } from '../import/stamp.js';
import { errorFields, type Logger } from '../log.js';
import { statusBody, type AdmissionHandler } from './handler.js';
import { parseAdmissionReview, serializeAdmissionReview } from './review-codec.js';
import type { AdmissionRequest } from './types.js';

export interface ImageStreamHandlerDeps {
  logger: Logger;
}

const STAMPED_OPERATIONS: ReadonlySet<string> = new Set(['CREATE', 'UPDATE']);

/** True for a write of an ImageStream itself (not `imagestreams/status` or another resource). */
function isStreamWrite(request: AdmissionRequest): boolean {
  return (
    request.resource.group === 'image.openshift.io' &&
    request.resource.resource === 'imagestreams' &&
    (request.subResource ?? '') === '' &&
    STAMPED_OPERATIONS.has(request.operation)
  );
}

/** The stamping decision: allowed, with the patch (empty when nothing needs a new generation). */
function decide(request: AdmissionRequest): Decision {
  if (!isStreamWrite(request)) return { allowed: true, outcome: 'Ignored', reason: 'NotAnImageStreamWrite', patch: [], warnings: [], imagesChanged: 0 };
  const old = request.operation === 'UPDATE' ? (request.oldObject ?? undefined) : undefined;
  const patch = stampTagGenerations(old, request.object);
  return { allowed: true, outcome: patch.length > 0 ? 'Mutated' : 'Unchanged', patch, warnings: [], imagesChanged: 0 };
}

/** Creates the handler; the phase argument of AdmissionHandler is ignored (it always mutates). */
export function createImageStreamHandler(deps: ImageStreamHandlerDeps): AdmissionHandler {
  return async (body) => {
    let parsed;
    try {
      parsed = parseAdmissionReview(body);
    } catch (err) {
      const message = errorFields(err).error;
      deps.logger.warn({ path: '/imagestreams', error: excerpt(message, 512) }, 'bad admission request');
      return { status: 400, payload: [Buffer.from(JSON.stringify(statusBody(400, 'BadRequest', message)), 'utf8')] };
    }
    const { request } = parsed;
    const decision = decide(request);
    deps.logger.info(
      {
        uid: excerpt(request.uid),
        operation: excerpt(request.operation),
        namespace: excerpt(request.namespace ?? ''),
        name: excerpt(request.name ?? ''),
        outcome: decision.outcome,
        stampedTags: decision.patch.length,
      },
      'imagestream stamp',
    );
    return { status: 200, payload: serializeAdmissionReview(parsed.apiVersion, request.uid, decision) };
  };
}

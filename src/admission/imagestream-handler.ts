/**
 * ImageStream writes behind the admission edge (`POST /imagestreams`, the chart's mutating webhook
 * for `image.openshift.io` ImageStream CREATE/UPDATE). One answer that either refuses a stream
 * whose spec tags the import controller could never act on, with the controller's own validation
 * (src/import/validate.ts), or stamps `spec.tags[].generation` as OpenShift's API server does
 * (src/import/stamp.ts). Refusing at `kubectl apply` time tells the writer at once; streams
 * written while the webhook was away still get the controller's `Invalid` condition.
 */
import { excerpt } from '../core/excerpt.js';
import { invalidMessage } from '../core/messages.js';
import { isObject, type JsonObject } from '../core/object.js';
import type { AdmissionAttributes, Decision, ImageStream, Phase } from '../core/types.js';
import { sourceOf, specTags, stampTagGenerations } from '../import/stamp.js';
import { specTagProblems, type TagProblem } from '../import/validate.js';
import type { AdmissionHandler } from './edge.js';

const WRITE_OPERATIONS: ReadonlySet<string> = new Set(['CREATE', 'UPDATE']);

/**
 * Problems listed in one refusal; the rest are counted. A stream of thousands of broken tags
 * must not make a message of megabytes (the API server shows it, the log keeps an excerpt).
 */
export const LISTED_PROBLEMS_MAX = 20;

/** True for a write of an ImageStream itself (not `imagestreams/status`, not a DELETE). */
function isStreamWrite(attrs: AdmissionAttributes): boolean {
  return (
    attrs.resource.group === 'image.openshift.io' &&
    attrs.resource.resource === 'imagestreams' &&
    attrs.subResource === '' &&
    WRITE_OPERATIONS.has(attrs.operation)
  );
}

/** A spec tag entry as an UPDATE compares it with the stored ones: its name and its source fields. */
const entryKey = (tag: JsonObject): string => `${JSON.stringify(tag.name ?? null)}|${sourceOf(tag)}`;

/**
 * The problems an UPDATE brings. A problem of a tag entry stored before with the same name and
 * source is left to the controller's `Invalid` condition, as Kubernetes ratchets CRD validation:
 * a stream written while the webhook was away can still be labelled, or have its other tags
 * changed, without first fixing every tag. A repeated name is never such a problem (the API server
 * refuses to store one), so its entries always count.
 */
function problemsOfUpdate(attrs: AdmissionAttributes, problems: readonly TagProblem[]): readonly TagProblem[] {
  if (attrs.operation !== 'UPDATE' || problems.length === 0) return problems;
  const stored = new Set(specTags(attrs.oldObject).filter(isObject).map(entryKey));
  const entries = specTags(attrs.object);
  const uses = new Map<unknown, number>();
  for (const entry of entries) if (isObject(entry)) uses.set(entry.name, (uses.get(entry.name) ?? 0) + 1);
  return problems.filter((problem) => {
    const entry = entries[problem.index];
    return !(isObject(entry) && uses.get(entry.name) === 1 && stored.has(entryKey(entry)));
  });
}

/** Each problem names its tag by name as well as by position: `tag "v2": spec.tags[1].from.kind: …`. */
function refusal(problems: readonly TagProblem[]): string[] {
  const listed = problems.slice(0, LISTED_PROBLEMS_MAX).map(({ tag, message }) => (tag === undefined ? message : `tag ${JSON.stringify(excerpt(tag))}: ${message}`));
  if (problems.length > LISTED_PROBLEMS_MAX) listed.push(`and ${problems.length - LISTED_PROBLEMS_MAX} more problems`);
  return listed;
}

const answer = (outcome: Decision['outcome'], patch: Decision['patch'] = []): Decision => ({ allowed: true, outcome, patch, warnings: [], imagesChanged: 0 });

/**
 * The decision for a stream write: 422 Invalid naming every problem it brings (up to
 * LISTED_PROBLEMS_MAX), else allowed with the stamping patch (empty when no tag needs a new generation, and always
 * empty in the validating phase, which may not patch).
 */
export function decideImageStreamWrite(attrs: AdmissionAttributes, phase: Phase): Decision {
  const stream = isObject(attrs.object) ? (attrs.object as unknown as ImageStream) : undefined;
  const problems = stream === undefined ? [] : problemsOfUpdate(attrs, specTagProblems(stream));
  if (problems.length > 0) {
    return {
      allowed: false,
      outcome: 'Rejected',
      status: { code: 422, reason: 'Invalid', message: invalidMessage(attrs, refusal(problems)) },
      patch: [],
      warnings: [],
      imagesChanged: 0,
    };
  }
  if (phase === 'validate') return answer('Unchanged');
  const old = attrs.operation === 'UPDATE' && attrs.oldObject !== null ? attrs.oldObject : undefined;
  const patch = stampTagGenerations(old, attrs.object);
  return answer(patch.length > 0 ? 'Mutated' : 'Unchanged', patch);
}

export function createImageStreamHandler(): AdmissionHandler {
  return { name: 'ImageStream', handles: isStreamWrite, decide: decideImageStreamWrite };
}

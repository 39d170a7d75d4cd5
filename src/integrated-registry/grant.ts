/**
 * What a token grants, from the cluster's RBAC as OpenShift's registry maps it: `pull` needs
 * `get imagestreams/layers` in the namespace (whether or not the stream exists yet), `push` needs
 * `update imagestreams/layers` and, when the stream does not exist yet, `create imagestreams`
 * (the first push creates it). The edge asks the questions (SubjectAccessReviews as the token's
 * user); this file only says which to ask and what the answers grant.
 */
import type { RegistryAction, RequestedAccess } from './scope.js';

/** A question put to the API server's authorizer, named as `kubectl auth can-i` would read it. */
export type AccessQuestion = 'get imagestreams/layers' | 'update imagestreams/layers' | 'create imagestreams';

/** The SubjectAccessReview resource attributes of each question (namespace added by the edge). */
export const QUESTION_ATTRIBUTES: ReadonlyMap<AccessQuestion, { verb: string; resource: string; subresource?: string }> = new Map([
  ['get imagestreams/layers', { verb: 'get', resource: 'imagestreams', subresource: 'layers' }],
  ['update imagestreams/layers', { verb: 'update', resource: 'imagestreams', subresource: 'layers' }],
  ['create imagestreams', { verb: 'create', resource: 'imagestreams' }],
]);

function needs(action: RegistryAction, streamExists: boolean): AccessQuestion[] {
  if (action === 'pull') return ['get imagestreams/layers'];
  return streamExists ? ['update imagestreams/layers'] : ['update imagestreams/layers', 'create imagestreams'];
}

/** The questions to ask for `access`, each once. `streamExists` matters only for `push`. */
export function questionsFor(access: RequestedAccess, streamExists: boolean): AccessQuestion[] {
  return [...new Set(access.actions.flatMap((action) => needs(action, streamExists)))];
}

/** The actions granted: each one whose every question was answered yes. */
export function grantedActions(access: RequestedAccess, streamExists: boolean, allowed: ReadonlySet<AccessQuestion>): RegistryAction[] {
  return access.actions.filter((action) => needs(action, streamExists).every((question) => allowed.has(question)));
}

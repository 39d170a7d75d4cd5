import { LRUCache } from 'lru-cache';
import type { UserInfo } from '../core/types.js';
import { SUBJECT_ACCESS_REVIEWS, collectionPath } from './resource-types.js';
import { decodeAnswer } from './resources.js';
import type { RestClient } from './rest-client.js';

/** What a SubjectAccessReview asks: may this identity do `verb` on `resource` in `namespace`? */
export interface SubjectAccessReviewSpec {
  user?: string;
  uid?: string;
  groups?: string[];
  extra?: Record<string, string[]>;
  resourceAttributes: { group: string; resource: string; subresource?: string; verb: string; namespace: string };
}

/** Answers a SubjectAccessReview; rejects with ApiServerError when the API server cannot be asked. */
export type AccessReviews = (spec: SubjectAccessReviewSpec) => Promise<boolean>;

export interface AccessReviewOptions {
  client: RestClient;
  /** How long an answer is reused; short, so a revoked RoleBinding takes effect within seconds. */
  ttlMs: number;
  max?: number;
  /**
   * Whether refusals are reused too. A webhook that reviews every Pod of a user without access
   * wants them cached; a controller that asks once per import wants a new RoleBinding to work at
   * the next one.
   */
  cacheRefusals: boolean;
}

/** The one cache key of a spec: group order does not change the answer. */
function cacheKey(spec: SubjectAccessReviewSpec): string {
  const a = spec.resourceAttributes;
  return JSON.stringify([spec.user ?? '', spec.uid ?? '', [...(spec.groups ?? [])].sort(), spec.extra ?? {}, a.group, a.resource, a.subresource ?? '', a.verb, a.namespace]);
}

/**
 * Creates the SubjectAccessReview client both processes use, cached per question for `ttlMs`.
 * Concurrent questions with the same key share one request; a failed request is never cached, so
 * the next question asks again.
 */
export function createAccessReviews(options: AccessReviewOptions): AccessReviews {
  const answers = new LRUCache<string, Promise<boolean>>({ max: options.max ?? 1024, ttl: options.ttlMs });
  return (spec) => {
    const key = cacheKey(spec);
    const cached = answers.get(key);
    if (cached !== undefined) return cached;
    const answer = ask(options.client, spec);
    answers.set(key, answer);
    answer.then(
      (allowed) => allowed || options.cacheRefusals || answers.delete(key),
      () => answers.delete(key),
    );
    return answer;
  };
}

async function ask(client: RestClient, spec: SubjectAccessReviewSpec): Promise<boolean> {
  const a = spec.resourceAttributes;
  const operation = `SubjectAccessReview ${a.verb} ${a.resource}${a.subresource === undefined ? '' : `/${a.subresource}`} in ${a.namespace}`;
  const body = { apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview', spec };
  const answer = await client.request({ method: 'POST', path: collectionPath(SUBJECT_ACCESS_REVIEWS), body, operation, timeoutMs: 3000 });
  return decodeAnswer<{ status?: { allowed?: unknown } }>(answer, operation).status?.allowed === true;
}

/** D3: may `user` get imagestreams in `namespace`? Rejects with ApiServerError when the API server cannot be asked. */
export type AccessCheck = (user: UserInfo, namespace: string) => Promise<boolean>;

/** A SubjectAccessReview asking whether `user` may do what `resourceAttributes` describe. */
export function accessReviewFor(user: UserInfo, resourceAttributes: SubjectAccessReviewSpec['resourceAttributes']): SubjectAccessReviewSpec {
  return {
    user: user.username,
    ...(user.uid === undefined ? {} : { uid: user.uid }),
    ...(user.groups === undefined ? {} : { groups: user.groups }),
    ...(user.extra === undefined ? {} : { extra: user.extra }),
    resourceAttributes,
  };
}

/** The SubjectAccessReview the API server's authorizer answers for D3. */
export function imageStreamAccessReview(user: UserInfo, namespace: string): SubjectAccessReviewSpec {
  return accessReviewFor(user, { group: 'image.openshift.io', resource: 'imagestreams', verb: 'get', namespace });
}

/** Creates the D3 check over `reviews` (the webhook caches refusals as well as grants). */
export function createAccessReviewer(reviews: AccessReviews): AccessCheck {
  return (user, namespace) => reviews(imageStreamAccessReview(user, namespace));
}

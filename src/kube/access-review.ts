import { LRUCache } from 'lru-cache';
import type { UserInfo } from '../core/types.js';
import { ApiServerError, errorFromAnswer } from './api-server-error.js';
import type { RestClient } from './rest-client.js';

/** D3: may `user` get imagestreams in `namespace`? Rejects with ApiServerError when the API server cannot be asked. */
export type AccessCheck = (user: UserInfo, namespace: string) => Promise<boolean>;

export interface AccessReviewOptions {
  client: RestClient;
  /** How long an answer is reused; short, so a revoked RoleBinding takes effect within seconds. */
  ttlMs?: number;
  max?: number;
}

/** Builds the SubjectAccessReview the API server's authorizer answers for D3. */
export function imageStreamAccessReview(user: UserInfo, namespace: string): object {
  return {
    apiVersion: 'authorization.k8s.io/v1',
    kind: 'SubjectAccessReview',
    spec: {
      user: user.username,
      ...(user.uid === undefined ? {} : { uid: user.uid }),
      ...(user.groups === undefined ? {} : { groups: user.groups }),
      ...(user.extra === undefined ? {} : { extra: user.extra }),
      resourceAttributes: { group: 'image.openshift.io', resource: 'imagestreams', verb: 'get', namespace },
    },
  };
}

function cacheKey(user: UserInfo, namespace: string): string {
  return JSON.stringify([user.username, user.uid ?? '', [...(user.groups ?? [])].sort(), user.extra ?? {}, namespace]);
}

/**
 * Creates the D3 check backed by SubjectAccessReviews, cached briefly per (user identity,
 * namespace). Concurrent checks for the same key share one request; a failed request is not
 * cached, so the next review asks again.
 */
export function createAccessReviewer(options: AccessReviewOptions): AccessCheck {
  const answers = new LRUCache<string, Promise<boolean>>({ max: options.max ?? 1024, ttl: options.ttlMs ?? 10_000 });
  return (user, namespace) => {
    const key = cacheKey(user, namespace);
    const cached = answers.get(key);
    if (cached !== undefined) return cached;
    const answer = ask(options.client, user, namespace);
    answers.set(key, answer);
    answer.catch(() => answers.delete(key));
    return answer;
  };
}

const SUBJECT_ACCESS_REVIEWS = '/apis/authorization.k8s.io/v1/subjectaccessreviews';

async function ask(client: RestClient, user: UserInfo, namespace: string): Promise<boolean> {
  const operation = `SubjectAccessReview get imagestreams in ${namespace}`;
  const answer = await client.request({ method: 'POST', path: SUBJECT_ACCESS_REVIEWS, body: imageStreamAccessReview(user, namespace), operation, timeoutMs: 3000 });
  if (answer.status !== 201 && answer.status !== 200) {
    throw errorFromAnswer(operation, answer.status, answer.body);
  }
  try {
    return (JSON.parse(answer.body.toString('utf8')) as { status?: { allowed?: unknown } }).status?.allowed === true;
  } catch (err) {
    throw new ApiServerError(operation, answer.status, { cause: err });
  }
}

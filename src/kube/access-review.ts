import { AuthorizationV1Api, type KubeConfig, type V1SubjectAccessReview } from '@kubernetes/client-node';
import { LRUCache } from 'lru-cache';
import type { UserInfo } from '../core/types.js';
import { ApiServerError, statusCodeOf } from './kube-config.js';

/** D3: may `user` get imagestreams in `namespace`? Rejects with ApiServerError when the API server cannot be asked. */
export type AccessCheck = (user: UserInfo, namespace: string) => Promise<boolean>;

export interface AccessReviewOptions {
  kubeConfig: KubeConfig;
  /** How long an answer is reused; short, so a revoked RoleBinding takes effect within seconds. */
  ttlMs?: number;
  max?: number;
}

/** Builds the SubjectAccessReview the API server's authorizer answers for D3. */
export function imageStreamAccessReview(user: UserInfo, namespace: string): V1SubjectAccessReview {
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
  const api = options.kubeConfig.makeApiClient(AuthorizationV1Api);
  const answers = new LRUCache<string, Promise<boolean>>({ max: options.max ?? 1024, ttl: options.ttlMs ?? 10_000 });
  return (user, namespace) => {
    const key = cacheKey(user, namespace);
    const cached = answers.get(key);
    if (cached !== undefined) return cached;
    const answer = api
      .createSubjectAccessReview({ body: imageStreamAccessReview(user, namespace) })
      .then(
        (result) => result.status?.allowed === true,
        (err: unknown) => {
          throw new ApiServerError(`SubjectAccessReview get imagestreams in ${namespace}`, statusCodeOf(err), { cause: err });
        },
      );
    answers.set(key, answer);
    answer.catch(() => answers.delete(key));
    return answer;
  };
}

/**
 * Whether one namespace's streams may take images from another namespace's streams
 * (`ImageStreamTag`/`ImageStreamImage` sources with `from.namespace`). OpenShift's API server asks
 * this of the user who writes the spec; the controller cannot know who that was, so it asks about
 * the importing namespace's service accounts instead: the same grant the image-puller ClusterRole
 * gives (`--group=system:serviceaccounts:<namespace>`). Without it, any user who may create a stream
 * could copy the digests and registry locations of every other namespace's tags.
 */
import { AuthorizationV1Api, type KubeConfig, type V1SubjectAccessReview } from '@kubernetes/client-node';
import { LRUCache } from 'lru-cache';
import { ApiServerError, statusCodeOf } from '../kube/kube-config.js';

/** May streams of `target` use streams of `source`? Rejects with ApiServerError when the API server cannot be asked. */
export type NamespaceAccess = (target: string, source: string) => Promise<boolean>;

/** The SubjectAccessReview for "the service accounts of `target` get imagestreams in `source`". */
export function namespaceAccessReview(target: string, source: string): V1SubjectAccessReview {
  return {
    apiVersion: 'authorization.k8s.io/v1',
    kind: 'SubjectAccessReview',
    spec: {
      groups: ['system:serviceaccounts', `system:serviceaccounts:${target}`, 'system:authenticated'],
      resourceAttributes: { group: 'image.openshift.io', resource: 'imagestreams', verb: 'get', namespace: source },
    },
  };
}

/**
 * Creates the check. A grant is cached per (target, source) for `ttlMs`, so a revoked binding takes
 * effect within that time; a refusal is not cached, so a new binding works at the next import (a
 * refused tag is only re-tried when its spec changes or a re-import is requested, so this costs
 * little). Concurrent checks share one request; a failed request is not cached.
 */
export function createNamespaceAccess(kubeConfig: KubeConfig, ttlMs = 5_000): NamespaceAccess {
  const api = kubeConfig.makeApiClient(AuthorizationV1Api);
  const answers = new LRUCache<string, Promise<boolean>>({ max: 4096, ttl: ttlMs });
  return (target, source) => {
    const key = `${target}\n${source}`;
    const cached = answers.get(key);
    if (cached !== undefined) return cached;
    const answer = api.createSubjectAccessReview({ body: namespaceAccessReview(target, source) }).then(
      (result) => result.status?.allowed === true,
      (err: unknown) => {
        throw new ApiServerError(`SubjectAccessReview get imagestreams in ${source} for ${target}`, statusCodeOf(err), { cause: err });
      },
    );
    answers.set(key, answer);
    answer.then(
      (allowed) => allowed || answers.delete(key),
      () => answers.delete(key),
    );
    return answer;
  };
}

/**
 * Whether one namespace's streams may take images from another namespace's streams
 * (`ImageStreamTag`/`ImageStreamImage` sources with `from.namespace`). OpenShift's API server asks
 * this of the user who writes the spec; the controller cannot know who that was, so it asks about
 * the importing namespace's service accounts instead: the same grant the image-puller ClusterRole
 * gives (`--group=system:serviceaccounts:<namespace>`). Without it, any user who may create a stream
 * could copy the digests and registry locations of every other namespace's tags.
 */
import type { AccessReviews, SubjectAccessReviewSpec } from '../kube/access-review.js';

/** May streams of `target` use streams of `source`? Rejects with ApiServerError when the API server cannot be asked. */
export type NamespaceAccess = (target: string, source: string) => Promise<boolean>;

/** The SubjectAccessReview for "the service accounts of `target` get imagestreams in `source`". */
export function namespaceAccessReview(target: string, source: string): { apiVersion: 'authorization.k8s.io/v1'; kind: 'SubjectAccessReview'; spec: SubjectAccessReviewSpec } {
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
 * Creates the check over `reviews`, which should reuse grants only (a revoked binding takes
 * effect within their time to live) and ask again after a refusal, so a new binding works at the
 * next import (a refused tag is re-tried after its backoff and when an RBAC object changes).
 */
export function createNamespaceAccess(reviews: AccessReviews): NamespaceAccess {
  return (target, source) => reviews(namespaceAccessReview(target, source).spec);
}

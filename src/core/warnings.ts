import type { MissReason } from './resolver.js';
import type { ImageStream } from './types.js';

/**
 * D14: the AdmissionResponse warning for a reference that looked like it should resolve but did
 * not, saying how to fix it. Kept well under the 256 characters the API server may truncate at.
 */
export function missWarning(
  fieldPath: string,
  image: string,
  namespace: string,
  miss: { reason: MissReason; stream: ImageStream; tag: string },
): string {
  const stream = miss.stream.metadata.name;
  if (miss.reason === 'LookupPolicyNotLocal') {
    return (
      `${fieldPath}.image: "${image}" not resolved: ImageStream ${namespace}/${stream} does not allow local names; ` +
      `set spec.lookupPolicy.local=true on it or annotate the object alpha.image.policy.openshift.io/resolve-names="*"`
    );
  }
  return `${fieldPath}.image: "${image}" not resolved: ImageStream ${namespace}/${stream} has no image for tag "${miss.tag}" yet`;
}

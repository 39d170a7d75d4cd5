import { failedImportOf } from './image-stream.js';
import type { MissReason, PendingTagFallback } from './resolver.js';
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

/**
 * The warning for the pending-tag fallback: the name was rewritten to the stream's own repository
 * because the tag has no image, which pulls nothing until the tag is imported or pushed there. It
 * names the stream, the tag, the rewritten pull spec and, when the tag's last import failed, that
 * import's reason and message, so a typo or a failing import is not silently stored as a pull spec
 * that cannot be pulled.
 */
export function fallbackWarning(fieldPath: string, image: string, namespace: string, pullSpec: string, fallback: PendingTagFallback): string {
  const stream = `${namespace}/${fallback.stream.metadata.name}`;
  const failed = failedImportOf(fallback.stream, fallback.tag);
  const cause = failed === undefined
    ? 'has no image for it yet'
    : `has no image for it: its import failed (${failed.reason ?? 'no reason'}): ${failed.message ?? ''}`;
  return `${fieldPath}.image: "${image}" rewritten to "${pullSpec}", the stream's own repository: ImageStream ${stream} tag "${fallback.tag}" ${cause}`;
}

/**
 * The spec tag `tag` writes for one destination, and the line oc prints when it is written.
 */
import type { ShownTagReference } from './shown-stream.js';
import type { TagDestination, TagRequest } from './tag-request.js';
import { exactReference, streamReferenceName, type TagSource } from './tag-source.js';

/**
 * The `spec.tags[]` entry for `destination`. A container image gets `generation: 0`, which asks
 * the import controller for an import now. `importPolicy.importMode` is written only when asked
 * for (oc always writes `Legacy`): unset, the import controller's configured default applies.
 * A stream source names its namespace when it has one, or when the destination is in another
 * namespace than the current one.
 */
export function specTagFor(request: TagRequest, source: TagSource, destination: TagDestination): ShownTagReference {
  const importPolicy = {
    ...(request.insecure ? { insecure: true } : {}),
    ...(request.scheduled ? { scheduled: true } : {}),
    ...(request.importMode === undefined ? {} : { importMode: request.importMode }),
  };
  let from: ShownTagReference['from'];
  if (source.kind === 'DockerImage') {
    from = { kind: source.kind, name: exactReference(source.ref) };
  } else {
    const namespace = source.ref.namespace !== '' ? source.ref.namespace : destination.namespace !== request.namespace ? request.namespace : '';
    from = { kind: source.kind, name: streamReferenceName(source.ref), ...(namespace === '' ? {} : { namespace }) };
  }
  return {
    name: destination.tag,
    from,
    ...(request.reference ? { reference: true } : {}),
    ...(source.kind === 'DockerImage' ? { generation: 0 } : {}),
    ...(Object.keys(importPolicy).length === 0 ? {} : { importPolicy }),
    referencePolicy: { type: request.referencePolicy },
  };
}

/**
 * oc's success line: `Tag app:prod set to app@sha256:….`, `Tag app:latest set up to track app:v1.`,
 * `Tag app:nightly set to import <ref> periodically.`; a destination in another namespace is named
 * with it (and, as in oc, its periodic line then reads `set to <ref> periodically`).
 */
export function tagSuccessLine(request: TagRequest, source: TagSource, destination: TagDestination): string {
  const sameNamespace = destination.namespace === request.namespace;
  const target = sameNamespace ? destination.nameAndTag : `${destination.namespace}/${destination.nameAndTag}`;
  const ref = exactReference(source.ref);
  if (request.alias) return `Tag ${target} set up to track ${ref}.`;
  if (request.scheduled) return sameNamespace ? `Tag ${target} set to import ${ref} periodically.` : `Tag ${target} set to ${ref} periodically.`;
  return `Tag ${target} set to ${ref}.`;
}

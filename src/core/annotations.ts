import { getPath, getString } from './object.js';
import type { PodSpecLocation } from './pod-spec.js';

/** The resolve-names annotation; only the exact value `*` counts. */
export const RESOLVE_NAMES_ANNOTATION = 'alpha.image.policy.openshift.io/resolve-names';

function annotated(obj: unknown, metadata: readonly string[]): boolean {
  return getString(obj, [...metadata, 'annotations', RESOLVE_NAMES_ANNOTATION]) === '*';
}

/** Resolve all names when the object's own metadata or its pod template's metadata says `*`. */
export function resolvesAllNames(obj: unknown, location: PodSpecLocation): boolean {
  if (annotated(obj, ['metadata'])) return true;
  return location.templateMetadata !== undefined && annotated(obj, location.templateMetadata);
}

/** An object (of any kind) with a controller owner is left to its controller, whose template was resolved. */
export function hasControllerOwner(obj: unknown): boolean {
  const owners = getPath(obj, ['metadata', 'ownerReferences']);
  return Array.isArray(owners) && owners.some((owner) => getPath(owner, ['controller']) === true);
}

/**
 * D17: the object (not its template) carries `<label>=true`, the chart's opt-out. It exempts the
 * object from resolution only; AlwaysPullImages is exempted by namespace alone.
 */
export function isOptedOut(obj: unknown, label: string | undefined): boolean {
  return label !== undefined && label !== '' && getString(obj, ['metadata', 'labels', label]) === 'true';
}

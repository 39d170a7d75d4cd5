import { isObject } from './object.js';
import { podSpecLocation } from './pod-spec.js';
import type { AdmissionAttributes } from './types.js';

/** Why a request passes untouched before any rule looks at its containers. */
export type IgnoreReason = 'Operation' | 'Subresource' | 'NoPodSpec' | 'NoObject';

/**
 * Only CREATE and UPDATE of a whole object are reviewed, and only for resources
 * that carry a pod spec; a body without an object (never sent by a real API server) is let through.
 */
export function shouldIgnore(attrs: AdmissionAttributes): IgnoreReason | undefined {
  if (attrs.operation !== 'CREATE' && attrs.operation !== 'UPDATE') return 'Operation';
  if (attrs.subResource !== '') return 'Subresource';
  if (podSpecLocation(attrs.resource) === undefined) return 'NoPodSpec';
  if (!isObject(attrs.object)) return 'NoObject';
  return undefined;
}

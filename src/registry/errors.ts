import { refusedImportMessage } from '../core/registry-policy.js';
import { HTTP_ONLY_SUFFIX, RegistryError } from './types.js';

/**
 * RegistryErrors in OpenShift's words (the messages its image import writes into `ImportSuccess`
 * conditions), so a stream here reads as it would on OpenShift. Messages name the reference and the
 * registry, never a credential, header or response body.
 */

/** `dockerimage.image.openshift.io "<ref>" not found`: no such repository, tag, digest or platform. */
export function notFound(reference: string, detail?: string): RegistryError {
  const suffix = detail === undefined ? '' : ` (${detail})`;
  return new RegistryError('NotFound', `dockerimage.image.openshift.io "${reference}" not found${suffix}`, reference, { status: 404 });
}

/** `you may not have access to the container image "<ref>"`: 401 even after the anonymous retry. */
export function unauthorized(reference: string): RegistryError {
  return new RegistryError('Unauthorized', `you may not have access to the container image "${reference}"`, reference, { status: 401 });
}

/** 403 from the registry (a `DENIED` error code). */
export function forbidden(reference: string): RegistryError {
  return new RegistryError('Forbidden', `dockerimage.image.openshift.io "${reference}" is forbidden: the registry denied access`, reference, { status: 403 });
}

/** 429 after the retries, or a `Retry-After` longer than the client will wait. */
export function tooManyRequests(reference: string, registry: string, retryAfterMs: number | undefined): RegistryError {
  const after = retryAfterMs === undefined ? '' : `; it asks to retry after ${Math.ceil(retryAfterMs / 1000)}s`;
  return new RegistryError('TooManyRequests', `registry ${registry} is rate limiting requests for "${reference}"${after}`, reference, { status: 429 });
}

/** Unreachable registry, TLS failure, 5xx after the retries, or an answer that is not a manifest. */
export function internalError(reference: string, detail: string, options?: { cause?: unknown; status?: number }): RegistryError {
  return new RegistryError('InternalError', `Internal error occurred: get manifest for "${reference}": ${detail}`, reference, options);
}

/** OpenShift's refusal of a plain-HTTP registry for an import that did not say insecure. */
export function httpOnly(reference: string, repositoryName: string): RegistryError {
  return new RegistryError('BadRequest', `the repository ${repositoryName}${HTTP_ONLY_SUFFIX}`, reference, { status: 400 });
}


/** A reference that cannot be parsed, or another 4xx the registry gave. */
export function badRequest(reference: string, detail: string, options?: { cause?: unknown; status?: number }): RegistryError {
  return new RegistryError('BadRequest', `invalid image reference "${reference}": ${detail}`, reference, options);
}

/** Our own refusal: the admin's lists or the address guard; `rule` says which (worded as the import plan words it). */
export function blocked(reference: string, rule: string, cause?: unknown): RegistryError {
  return new RegistryError('Blocked', refusedImportMessage(reference, rule), reference, { cause });
}

/** Maps a final HTTP status (after retries and the anonymous retry) to the RegistryError OpenShift would report. */
export function errorForStatus(reference: string, registry: string, status: number, retryAfterMs?: number): RegistryError {
  if (status === 404) return notFound(reference);
  if (status === 401) return unauthorized(reference);
  if (status === 403) return forbidden(reference);
  if (status === 429) return tooManyRequests(reference, registry, retryAfterMs);
  if (status >= 500) return internalError(reference, `registry ${registry} answered HTTP ${status}`, { status });
  return badRequest(reference, `registry ${registry} answered HTTP ${status}`, { status });
}

import type { ImportReference } from '../core/import-reference.js';
import { BlockedAddressError } from './address-guard.js';
import { TokenRealmError } from './authorizer.js';
import { HttpOnlyRegistryError } from './endpoint.js';
import { blocked, errorForStatus, httpOnly, internalError } from './errors.js';
import { TransportError } from './transport.js';
import { RegistryError } from './types.js';

/**
 * Turns whatever a registry operation threw into the RegistryError the controller writes into the
 * `ImportSuccess` condition: the one place where internal failures get their OpenShift reason.
 */
export function toRegistryError(err: unknown, reference: string, ref: ImportReference): RegistryError {
  if (err instanceof RegistryError) return err;
  const host = ref.endpoint;
  if (err instanceof BlockedAddressError) return blocked(reference, err.rule, err);
  if (err instanceof HttpOnlyRegistryError) return httpOnly(reference, `${ref.registry}/${ref.repository}`);
  if (err instanceof TokenRealmError) {
    return err.status === 0 ? internalError(reference, err.message, { cause: err }) : errorForStatus(reference, host, err.status);
  }
  if (err instanceof TransportError) {
    const detail = err.answered ? `registry ${host} ${err.message}` : `registry ${host} is unreachable: ${err.message}`;
    return internalError(reference, detail, { cause: err });
  }
  return internalError(reference, err instanceof Error ? err.message : 'unexpected failure', { cause: err });
}

/**
 * The same error for a caller that wrote the reference differently (`nginx:1.27` and
 * `docker.io/library/nginx:1.27` share one check, but each condition quotes its own spelling).
 */
export function forReference(err: unknown, reference: string): unknown {
  if (!(err instanceof RegistryError) || err.reference === reference) return err;
  const message = err.message.replace(`"${err.reference}"`, `"${reference}"`);
  return new RegistryError(err.reason, message, reference, { cause: err.cause, status: err.status });
}

import { AddressGuard, BlockedAddressError } from './address-guard.js';
import { Authorizer, TokenRealmError } from './authorizer.js';
import { EndpointCache, HttpOnlyRegistryError } from './endpoint.js';
import { badRequest, blocked, errorForStatus, httpOnly, internalError } from './errors.js';
import { credentialIdentity, credentialsFromSecrets, matchCredential } from './keyring.js';
import { resolveManifest } from './manifest.js';
import { resolveOptions, type RegistryClientOptions } from './options.js';
import { RegistryRateLimiter } from './rate-limiter.js';
import { parseImportReference, ReferenceError, type ImportReference } from './reference.js';
import { registryPolicyRule } from './registry-policy.js';
import { Requester } from './requester.js';
import type { SessionDeps, Target } from './session.js';
import { SharedChecks } from './sharing.js';
import { listRepositoryTags } from './tags.js';
import { TransportError, Transport } from './transport.js';
import { RegistryError, type ImageImportRequest, type ImportedImage, type RegistryClient } from './types.js';

/** A RegistryClient that owns sockets: `close()` ends its keep-alive connections (at process shutdown). */
export interface ClosableRegistryClient extends RegistryClient {
  close(): void;
}

type ListRequest = Omit<ImageImportRequest, 'importMode' | 'platform'>;

/** Turns whatever a registry operation threw into the RegistryError the controller writes into the condition. */
export function toRegistryError(err: unknown, reference: string, ref: ImportReference | undefined): RegistryError {
  if (err instanceof RegistryError) return err;
  const host = ref?.endpoint ?? '';
  if (err instanceof BlockedAddressError) return blocked(reference, err.rule, err);
  if (err instanceof HttpOnlyRegistryError) return httpOnly(reference, `${ref?.registry ?? host}/${ref?.repository ?? ''}`);
  if (err instanceof TokenRealmError) {
    return err.status === 0 ? internalError(reference, err.message, { cause: err }) : errorForStatus(reference, host, err.status);
  }
  if (err instanceof TransportError) {
    return internalError(reference, `registry ${host} is unreachable: ${err.message}`, { cause: err });
  }
  return internalError(reference, err instanceof Error ? err.message : 'unexpected failure', { cause: err });
}

/** The same error for a caller that wrote the reference differently (shared checks key on the normalised form). */
function forReference(err: unknown, reference: string): unknown {
  if (!(err instanceof RegistryError) || err.reference === reference) return err;
  const message = err.message.replace(`"${err.reference}"`, `"${reference}"`);
  return new RegistryError(err.reason, message, reference, { cause: err.cause, status: err.status });
}

/**
 * Creates the registry client the import controller uses (its composition root builds one per
 * process). Defaults are in DEFAULT_REGISTRY_CLIENT_OPTIONS; see RegistryClientOptions for each.
 */
export function createRegistryClient(options: Partial<RegistryClientOptions> = {}): ClosableRegistryClient {
  const o = resolveOptions(options);
  const now = (): number => o.clock.now();
  const guard = new AddressGuard(o.allowLinkLocal);
  const transport = new Transport({ caBundle: o.caBundle, guard, lookup: o.lookup, timeoutMs: o.timeoutMs, maxSockets: o.maxSockets });
  const requester = new Requester(transport, new RegistryRateLimiter(o.rateLimit, o.clock), o);
  const deps: SessionDeps = {
    requester,
    endpoints: new EndpointCache(requester, { max: o.cacheMax, ttlMs: o.challengeTtlMs, now }),
    authorizer: new Authorizer(requester, { max: o.cacheMax, now, maxBodyBytes: o.maxBodyBytes }),
    maxBodyBytes: o.maxBodyBytes,
  };
  const shared = new SharedChecks<ImportedImage>({ ttlMs: o.shareTtlMs, max: o.cacheMax, now });

  /** Parses, applies the admin's and the address guard's refusals, and matches the credential. */
  function prepare(request: ListRequest): { ref: ImportReference; target: Target } {
    let ref: ImportReference;
    try {
      ref = parseImportReference(request.reference.trim());
    } catch (err) {
      throw badRequest(request.reference, err instanceof ReferenceError ? err.message : 'unreadable', { cause: err });
    }
    const policyRule = registryPolicyRule(o, ref.registry) ?? (ref.endpoint === ref.registry ? undefined : registryPolicyRule(o, ref.endpoint));
    if (policyRule !== undefined) throw blocked(request.reference, policyRule);
    const hostname = new URL(`https://${ref.endpoint}`).hostname;
    const addressRule = guard.hostRule(hostname);
    if (addressRule !== undefined) throw blocked(request.reference, addressRule);
    const credential = o.credentials === 'none' ? undefined
      : matchCredential(credentialsFromSecrets(request.pullSecrets), ref.registry, ref.repository);
    return { ref, target: { host: ref.endpoint, repository: ref.repository, insecure: request.insecure, credential } };
  }

  async function importImage(request: ImageImportRequest): Promise<ImportedImage> {
    const { ref, target } = prepare(request);
    const platform = request.importMode === 'Legacy'
      ? `${request.platform.os}/${request.platform.architecture}/${request.platform.variant ?? ''}` : '';
    const key = [ref.registry, ref.repository, ref.tag ?? '', ref.digest ?? '', credentialIdentity(target.credential),
      String(request.insecure), request.importMode, platform].join('\u0000');
    try {
      return await shared.run(key, async () => {
        try {
          return await resolveManifest(deps, target, ref, request);
        } catch (err) {
          throw toRegistryError(err, request.reference, ref);
        }
      });
    } catch (err) {
      throw forReference(err, request.reference);
    }
  }

  async function listTags(request: ListRequest): Promise<string[]> {
    const { ref, target } = prepare(request);
    try {
      return await listRepositoryTags(deps, target, request.reference, { maxTags: o.maxTags, pageSize: o.tagsPageSize });
    } catch (err) {
      throw toRegistryError(err, request.reference, ref);
    }
  }

  return { importImage, listTags, close: () => transport.close() };
}

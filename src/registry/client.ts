import { ImageRefError } from '../core/image-ref.js';
import { parseImportReference, type ImportReference } from '../core/import-reference.js';
import { registryRefusal } from '../core/registry-policy.js';
import { AddressGuard } from './address-guard.js';
import { Authorizer } from './authorizer.js';
import { EndpointCache } from './endpoint.js';
import { forReference, toRegistryError } from './error-mapping.js';
import { badRequest, blocked } from './errors.js';
import { credentialIdentity, credentialsFromSecrets, matchCredential } from './keyring.js';
import { resolveManifest } from './manifest.js';
import { resolveOptions, type RegistryClientOptions } from './options.js';
import { RegistryRateLimiter } from './rate-limiter.js';
import { Requester } from './requester.js';
import type { SessionDeps, Target } from './session.js';
import { SharedChecks } from './sharing.js';
import { listRepositoryTags } from './tags.js';
import { Transport } from './transport.js';
import type { ImageImportRequest, ImportedImage, RegistryClient } from './types.js';

/** A RegistryClient that owns sockets: `close()` ends its keep-alive connections (at process shutdown). */
export interface ClosableRegistryClient extends RegistryClient {
  close(): void;
}

type ListRequest = Omit<ImageImportRequest, 'importMode' | 'platform'>;

/** Everything that can change a check's answer; identical keys share one registry request. */
function shareKey(ref: ImportReference, target: Target, request: ImageImportRequest): string {
  const p = request.platform;
  const platform = request.importMode === 'Legacy' ? `${p.os}/${p.architecture}/${p.variant ?? ''}` : '';
  return [ref.registry, ref.repository, ref.tag ?? '', ref.digest ?? '', credentialIdentity(target.credential),
    String(request.insecure), request.importMode, platform].join('\u0000');
}

class DefaultRegistryClient implements ClosableRegistryClient {
  private readonly guard: AddressGuard;
  private readonly transport: Transport;
  private readonly deps: SessionDeps;
  private readonly shared: SharedChecks<ImportedImage>;

  constructor(private readonly o: RegistryClientOptions) {
    const now = (): number => o.clock.now();
    this.guard = new AddressGuard(o.allowLinkLocal);
    this.transport = new Transport({ caBundle: o.caBundle, guard: this.guard, lookup: o.lookup, timeoutMs: o.timeoutMs, maxSockets: o.maxSockets });
    const requester = new Requester(this.transport, new RegistryRateLimiter(o.rateLimit, o.clock), o);
    this.deps = {
      requester,
      endpoints: new EndpointCache(requester, { max: o.cacheMax, ttlMs: o.challengeTtlMs, now }),
      authorizer: new Authorizer(requester, { max: o.cacheMax, now, maxBodyBytes: o.maxBodyBytes }),
      maxBodyBytes: o.maxBodyBytes,
    };
    this.shared = new SharedChecks({ ttlMs: o.shareTtlMs, max: o.cacheMax, now });
  }

  async importImage(request: ImageImportRequest): Promise<ImportedImage> {
    const { ref, target } = this.prepare(request);
    try {
      return await this.shared.run(shareKey(ref, target, request), () =>
        resolveManifest(this.deps, target, ref, request).catch((err: unknown) => {
          throw toRegistryError(err, request.reference, ref);
        }));
    } catch (err) {
      throw forReference(err, request.reference);
    }
  }

  async listTags(request: ListRequest): Promise<string[]> {
    const { ref, target } = this.prepare(request);
    try {
      return await listRepositoryTags(this.deps, target, request.reference, { maxTags: this.o.maxTags, pageSize: this.o.tagsPageSize });
    } catch (err) {
      throw toRegistryError(err, request.reference, ref);
    }
  }

  close(): void {
    this.transport.close();
  }

  /**
   * Parses, applies the admin's lists (the same decision the import plan makes, on the same
   * registry identity) and the address guard, before any request; then matches the credential.
   */
  private prepare(request: ListRequest): { ref: ImportReference; target: Target } {
    let ref: ImportReference;
    try {
      ref = parseImportReference(request.reference.trim());
    } catch (err) {
      throw badRequest(request.reference, err instanceof ImageRefError ? err.message : 'unreadable', { cause: err });
    }
    const rule = registryRefusal(this.o, ref.registry) ?? this.guard.hostRule(new URL(`https://${ref.endpoint}`).hostname);
    if (rule !== undefined) throw blocked(request.reference, rule);
    const credential = this.o.credentials === 'none' ? undefined
      : matchCredential(credentialsFromSecrets(request.pullSecrets), ref.registry, ref.repository);
    return { ref, target: { host: ref.endpoint, repository: ref.repository, insecure: request.insecure, credential } };
  }
}

/**
 * Creates the registry client the import controller uses (its composition root builds one per
 * process and closes it at shutdown). Defaults are DEFAULT_REGISTRY_CLIENT_OPTIONS; each option is
 * documented on RegistryClientOptions.
 */
export function createRegistryClient(options: Partial<RegistryClientOptions> = {}): ClosableRegistryClient {
  return new DefaultRegistryClient(resolveOptions(options));
}

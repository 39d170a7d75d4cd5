/**
 * The admin's allow-list and block-list of registries (`host[:port]` patterns such as
 * `quay.io`, `*.example.com`, `127.0.0.1:5000`). Tenants cannot change it: it comes from the
 * controller's configuration, and a refused import says which rule refused it.
 */

export interface RegistryPolicyOptions {
  /** When non-empty, only registries matching one of these may be imported from. */
  allowedRegistries: readonly string[];
  /** Registries never imported from; checked before the allow-list. */
  blockedRegistries: readonly string[];
}

/**
 * Does `pattern` match `registry`? A leading `*.` matches one or more labels (`*.example.com`
 * matches `a.example.com` and `a.b.example.com`, not `example.com`); a pattern without a port
 * matches every port, one with a port only that port. Both sides compare lowercased.
 */
export function matchesRegistryPattern(pattern: string, registry: string): boolean {
  const p = pattern.trim().toLowerCase();
  const r = registry.toLowerCase();
  const pColon = p.startsWith('[') ? p.indexOf(':', p.indexOf(']')) : p.lastIndexOf(':');
  const rColon = r.startsWith('[') ? r.indexOf(':', r.indexOf(']')) : r.lastIndexOf(':');
  const pHost = pColon < 0 ? p : p.slice(0, pColon);
  const rHost = rColon < 0 ? r : r.slice(0, rColon);
  if (pColon >= 0 && (rColon < 0 || p.slice(pColon + 1) !== r.slice(rColon + 1))) return false;
  if (pHost.startsWith('*.')) return rHost.endsWith(pHost.slice(1)) && rHost.length > pHost.length - 1;
  return pHost === rHost;
}

/** The reason `registry` is refused by the admin's lists, or `undefined` when it is allowed. */
export function registryPolicyRule(options: RegistryPolicyOptions, registry: string): string | undefined {
  const blocked = options.blockedRegistries.find((p) => matchesRegistryPattern(p, registry));
  if (blocked !== undefined) return `registry ${registry} matches the blocked registry "${blocked}"`;
  if (options.allowedRegistries.length === 0) return undefined;
  if (options.allowedRegistries.some((p) => matchesRegistryPattern(p, registry))) return undefined;
  return `registry ${registry} is not in the allowed registries`;
}

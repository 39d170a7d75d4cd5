/**
 * The admin's registry allow-list and block-list: the one decision of whether an import may reach
 * a registry. Any user who can create a stream can make the controller send requests, so the
 * import plan records a refused tag in its condition without a request, and the registry client
 * refuses the same registries before sending anything; both ask `registryRefusal`, with the
 * registry's identity (see registry-identity.ts), so they cannot disagree. Resolved addresses
 * (link-local, cloud metadata) are a separate check of the registry client, which alone resolves names.
 */
import { canonicalHostPort, registryIdentity, splitHostPort } from './registry-identity.js';

export interface RegistryLists {
  /** When non-empty, only registries matching one of these may be imported from. */
  allowedRegistries: readonly string[];
  /** Registries never imported from; checked before the allow-list. */
  blockedRegistries: readonly string[];
}

interface Pattern {
  /** Canonical host, or for `*.` patterns the canonical suffix after `*.`. */
  host: string;
  wildcard: boolean;
  /** `''` matches every port. */
  port: string;
}

/**
 * Reads a pattern: `host`, `host:port`, an IPv6 literal (`::1`, `[::1]`, `[::1]:5000`), or
 * `*.suffix[:port]` for any name below `suffix` (one or more labels). Undefined when the pattern
 * names no registry.
 */
function readPattern(pattern: string): Pattern | undefined {
  const text = pattern.trim();
  const wildcard = text.startsWith('*.');
  const identity = wildcard ? canonicalHostPort(text.slice(2)) : registryIdentity(text);
  if (identity === undefined) return undefined;
  const { host, port } = splitHostPort(identity);
  if (wildcard && host.startsWith('[')) return undefined;
  return { host, wildcard, port };
}

/** Why a pattern cannot be used, or undefined when it can (for validating configuration). */
export function registryPatternProblem(pattern: string): string | undefined {
  return readPattern(pattern) === undefined
    ? `${JSON.stringify(pattern)} is not a registry pattern: host, host:port, an IPv6 literal, or *.domain`
    : undefined;
}

/**
 * Does `pattern` match the registry `identity`? A pattern without a port matches every port, one
 * with a port only that port; `*.example.com` matches `a.example.com` and `a.b.example.com`, not
 * `example.com`. A pattern that names no registry matches nothing (configuration loading refuses it).
 */
export function matchesRegistryPattern(pattern: string, identity: string): boolean {
  const wanted = readPattern(pattern);
  if (wanted === undefined) return false;
  const { host, port } = splitHostPort(identity);
  if (wanted.port !== '' && wanted.port !== port) return false;
  return wanted.wildcard ? host.endsWith(`.${wanted.host}`) : host === wanted.host;
}

/**
 * The rule that refuses importing from the registry `identity`, or undefined when the lists allow
 * it. The block-list wins over the allow-list; an empty allow-list allows every registry not blocked.
 */
export function registryRefusal(lists: RegistryLists, identity: string): string | undefined {
  const blocked = lists.blockedRegistries.find((pattern) => matchesRegistryPattern(pattern, identity));
  if (blocked !== undefined) return `registry ${identity} matches the blocked registry "${blocked}"`;
  if (lists.allowedRegistries.length === 0) return undefined;
  if (lists.allowedRegistries.some((pattern) => matchesRegistryPattern(pattern, identity))) return undefined;
  return `registry ${identity} is not in the allowed registries`;
}

/** The message a refused import carries, on either path: the reference as the user wrote it, then the rule. */
export function refusedImportMessage(reference: string, rule: string): string {
  return `importing "${reference}" is refused: ${rule}`;
}

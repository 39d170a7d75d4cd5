import { createHash } from 'node:crypto';
import { canonicalHostPort, DOCKER_HUB, isDockerHubHost, splitHostPort } from '../core/registry-identity.js';
import type { PullSecret } from './types.js';

/** One username/password pair from a pull secret, with the registry location it applies to. */
export interface Credential {
  /** Lowercased host (may hold `*` components), without scheme; Docker Hub's names become `docker.io`. */
  host: string;
  /** The port from the key, or `''` when the key named none. */
  port: string;
  /** Path prefix from the key (`''`, or e.g. `acme` for `registry.example.com/acme`). */
  path: string;
  username: string;
  password: string;
  /** The secret it came from (for messages; never the credential itself). */
  secret: string;
}

/** Secret types the keyring reads; others are ignored (matches `kubernetes.io/...` type constants). */
const DOCKER_CONFIG_JSON = 'kubernetes.io/dockerconfigjson';
const DOCKER_CFG = 'kubernetes.io/dockercfg';

interface AuthEntry {
  auth?: unknown;
  username?: unknown;
  password?: unknown;
}

function decodeBase64(value: string): string | undefined {
  const text = Buffer.from(value, 'base64').toString('utf8');
  return text === '' && value !== '' ? undefined : text;
}

function userPassword(entry: AuthEntry): { username: string; password: string } | undefined {
  if (typeof entry.username === 'string' && typeof entry.password === 'string' && entry.username !== '') {
    return { username: entry.username, password: entry.password };
  }
  if (typeof entry.auth !== 'string') return undefined;
  const decoded = decodeBase64(entry.auth) ?? '';
  const colon = decoded.indexOf(':');
  return colon > 0 ? { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) } : undefined;
}

/**
 * Splits a config key the way the kubelet's keyring does: scheme dropped, `host[:port]` (in the
 * form registry identities use, so `[0::1]:05000` is `[::1]:5000`) then an optional path; the
 * Docker Hub spellings (`https://index.docker.io/v1/`, `docker.io`, …) all become `docker.io`
 * with no path, since `/v1/` is the legacy API path, not a repository prefix.
 */
export function parseKeyringKey(key: string): { host: string; port: string; path: string } {
  const noScheme = key.includes('://') ? key.slice(key.indexOf('://') + 3) : key;
  const trimmed = noScheme.endsWith('/') ? noScheme.slice(0, -1) : noScheme;
  const slash = trimmed.indexOf('/');
  const written = slash < 0 ? trimmed : trimmed.slice(0, slash);
  const path = slash < 0 ? '' : trimmed.slice(slash + 1);
  const { host, port } = splitHostPort(canonicalHostPort(written) ?? written);
  if (isDockerHubHost(host)) return { host: DOCKER_HUB, port: '', path: path === 'v1' || path === 'v2' ? '' : path };
  return { host, port, path };
}

function entriesOf(secret: PullSecret): Record<string, AuthEntry> {
  const key = secret.type === DOCKER_CONFIG_JSON ? '.dockerconfigjson' : secret.type === DOCKER_CFG ? '.dockercfg' : undefined;
  const raw = key === undefined || !Object.hasOwn(secret.data, key) ? undefined : secret.data[key];
  if (raw === undefined) return {};
  try {
    const parsed: unknown = JSON.parse(decodeBase64(raw) ?? '');
    const auths = secret.type === DOCKER_CONFIG_JSON && typeof parsed === 'object' && parsed !== null ? (parsed as { auths?: unknown }).auths : parsed;
    return typeof auths === 'object' && auths !== null && !Array.isArray(auths) ? (auths as Record<string, AuthEntry>) : {};
  } catch {
    return {};
  }
}

/**
 * Reads every usable credential from pull secrets (`kubernetes.io/dockerconfigjson` `auths`, and
 * the legacy `kubernetes.io/dockercfg` map). Malformed secrets and entries are skipped rather than
 * failing the import: another secret may still hold the right credential, and anonymous may work.
 */
export function credentialsFromSecrets(secrets: readonly PullSecret[]): Credential[] {
  const out: Credential[] = [];
  for (const secret of secrets) {
    for (const [key, entry] of Object.entries(entriesOf(secret))) {
      const pair = typeof entry === 'object' && entry !== null ? userPassword(entry) : undefined;
      if (pair !== undefined) out.push({ ...parseKeyringKey(key), ...pair, secret: secret.name });
    }
  }
  return out;
}

/** `*` matches one whole DNS label; other labels compare exactly (the kubelet's glob per label). */
function hostMatches(pattern: string, host: string): boolean {
  const want = pattern.split('.');
  const got = host.split('.');
  return want.length === got.length && want.every((label, i) => label === '*' || label === got[i]);
}

function pathMatches(prefix: string, repository: string): boolean {
  return prefix === '' || repository === prefix || repository.startsWith(`${prefix}/`);
}

/**
 * The credential for `registry` (`host[:port]`, Docker Hub as `docker.io`) and `repository`, as the
 * kubelet picks it: host glob and port must match (a key without a port matches only the default
 * port), the key's path must prefix the repository, and the longest key wins.
 */
export function matchCredential(credentials: readonly Credential[], registry: string, repository: string): Credential | undefined {
  const { host, port } = parseKeyringKey(registry);
  let best: Credential | undefined;
  let bestLength = -1;
  for (const c of credentials) {
    if (c.port !== port || !hostMatches(c.host, host) || !pathMatches(c.path, repository)) continue;
    const length = c.host.length + c.port.length + c.path.length;
    if (length > bestLength) {
      best = c;
      bestLength = length;
    }
  }
  return best;
}

/** A stable identity of a credential for cache keys (a hash; never the secret itself). `anonymous` for none. */
export function credentialIdentity(credential: Credential | undefined): string {
  if (credential === undefined) return 'anonymous';
  return createHash('sha256').update(`${credential.username}\u0000${credential.password}`).digest('hex').slice(0, 32);
}

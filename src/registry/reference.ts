/**
 * Parsing of the references an import reads (`spec.tags[].from.name` of a DockerImage tag), with the
 * normalisation registries need: no registry means Docker Hub, a one-segment Docker Hub repository
 * lives under `library/`, and Docker Hub's API endpoint is `registry-1.docker.io`. A hand-written
 * scanner rather than the distribution grammar as a regex, so every input is parsed in linear time.
 */

/** Thrown when a reference cannot name an image; `message` says what is wrong with it. */
export class ReferenceError extends Error {
  override name = 'ReferenceError';
  constructor(readonly reference: string, readonly detail: string) {
    super(`invalid image reference "${reference.slice(0, 300)}": ${detail}`);
  }
}

export interface ImportReference {
  /** The registry as written in references and tag events: `docker.io` for Docker Hub, else `host[:port]` as given (lowercased). */
  registry: string;
  /** The host[:port] requests go to: `registry-1.docker.io` for Docker Hub, else `registry`. */
  endpoint: string;
  /** The repository path, e.g. `library/ruby` or `acme/app`. */
  repository: string;
  /** The tag; `latest` when neither a tag nor a digest is given; `undefined` for a digest-only reference. */
  tag: string | undefined;
  /** The digest (`sha256:…`), when pinned. */
  digest: string | undefined;
}

export const DOCKER_HUB = 'docker.io';
export const DOCKER_HUB_ENDPOINT = 'registry-1.docker.io';
/** Names that all mean Docker Hub (as the kubelet keyring and docker's own config treat them). */
const DOCKER_HUB_ALIASES: ReadonlySet<string> = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);
const MAX_REFERENCE_LENGTH = 1024;
const MAX_REPOSITORY_LENGTH = 255;
const DIGEST_HEX_LENGTHS: ReadonlyMap<string, number> = new Map([['sha256', 64], ['sha384', 96], ['sha512', 128]]);

const isLowerAlnum = (c: string): boolean => (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
const isAlnum = (c: string): boolean => isLowerAlnum(c) || (c >= 'A' && c <= 'Z');
const isHex = (c: string): boolean => (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
const isDigit = (c: string): boolean => c >= '0' && c <= '9';

/** `[a-z0-9]+` joined by `.`, `_`, `__` or any run of `-`, scanned once. */
function isPathComponent(s: string): boolean {
  if (s === '' || !isLowerAlnum(s.charAt(0)) || !isLowerAlnum(s.charAt(s.length - 1))) return false;
  let i = 0;
  while (i < s.length) {
    const c = s.charAt(i);
    if (isLowerAlnum(c)) { i += 1; continue; }
    if (c === '.' || c === '_') {
      const double = c === '_' && s.charAt(i + 1) === '_';
      i += double ? 2 : 1;
    } else if (c === '-') {
      while (s.charAt(i) === '-') i += 1;
    } else {
      return false;
    }
    if (!isLowerAlnum(s.charAt(i))) return false;
  }
  return true;
}

function isPort(p: string): boolean {
  return p.length > 0 && p.length <= 5 && [...p].every(isDigit) && Number(p) <= 65535;
}

function isDnsHost(h: string): boolean {
  return h.split('.').every((label) => label !== '' && isAlnum(label.charAt(0)) && isAlnum(label.charAt(label.length - 1))
    && [...label].every((c) => isAlnum(c) || c === '-'));
}

/** `host[:port]`: DNS labels of letters, digits and inner hyphens, or a bracketed IPv6 literal. */
export function isRegistryHost(s: string): boolean {
  if (s.startsWith('[')) {
    const close = s.indexOf(']');
    if (close < 3 || ![...s.slice(1, close)].every((c) => isHex(c.toLowerCase()) || c === ':' || c === '.')) return false;
    const rest = s.slice(close + 1);
    return rest === '' || (rest.startsWith(':') && isPort(rest.slice(1)));
  }
  const colon = s.indexOf(':');
  if (colon < 0) return isDnsHost(s);
  return isDnsHost(s.slice(0, colon)) && isPort(s.slice(colon + 1));
}

function isTag(s: string): boolean {
  if (s.length === 0 || s.length > 128) return false;
  const word = (c: string): boolean => isAlnum(c) || c === '_';
  return word(s.charAt(0)) && [...s].every((c) => word(c) || c === '.' || c === '-');
}

function checkDigest(reference: string, digest: string): void {
  const colon = digest.indexOf(':');
  const length = DIGEST_HEX_LENGTHS.get(digest.slice(0, colon));
  const hex = digest.slice(colon + 1);
  if (colon < 0 || length === undefined) throw new ReferenceError(reference, 'unsupported digest algorithm');
  if (hex.length !== length || ![...hex].every(isHex)) throw new ReferenceError(reference, 'invalid digest');
}

/** The first path segment names a registry when it has a `.` or `:`, is `localhost`, or has capitals (as docker decides). */
function splitRegistry(name: string): { registry: string; path: string } {
  const slash = name.indexOf('/');
  if (slash < 0) return { registry: '', path: name };
  const first = name.slice(0, slash);
  const isHost = first.includes('.') || first.includes(':') || first === 'localhost' || first !== first.toLowerCase();
  return isHost ? { registry: first, path: name.slice(slash + 1) } : { registry: '', path: name };
}

/**
 * Parses and normalises an import reference, or throws ReferenceError. `ruby:2.5` and
 * `index.docker.io/ruby:2.5` both become registry `docker.io`, repository `library/ruby`, tag `2.5`.
 */
export function parseImportReference(reference: string): ImportReference {
  if (reference.length === 0 || reference.length > MAX_REFERENCE_LENGTH) {
    throw new ReferenceError(reference, `must be 1 to ${MAX_REFERENCE_LENGTH} characters`);
  }
  const at = reference.indexOf('@');
  const digest = at >= 0 ? reference.slice(at + 1) : undefined;
  if (digest !== undefined) checkDigest(reference, digest);
  const named = at >= 0 ? reference.slice(0, at) : reference;
  const colon = named.lastIndexOf(':');
  const hasTag = colon > named.lastIndexOf('/');
  const tag = hasTag ? named.slice(colon + 1) : undefined;
  if (tag !== undefined && !isTag(tag)) throw new ReferenceError(reference, 'invalid tag');
  const name = hasTag ? named.slice(0, colon) : named;
  const { registry: written, path } = splitRegistry(name);
  if (written !== '' && !isRegistryHost(written)) throw new ReferenceError(reference, 'invalid registry host');
  if (path === '' || !path.split('/').every(isPathComponent)) {
    throw new ReferenceError(reference, path !== path.toLowerCase() ? 'repository name must be lowercase' : 'invalid repository name');
  }
  const lowered = written.toLowerCase();
  const hub = written === '' || DOCKER_HUB_ALIASES.has(lowered);
  const repository = hub && !path.includes('/') ? `library/${path}` : path;
  if (repository.length > MAX_REPOSITORY_LENGTH) throw new ReferenceError(reference, 'repository name is too long');
  return {
    registry: hub ? DOCKER_HUB : lowered,
    endpoint: hub ? DOCKER_HUB_ENDPOINT : lowered,
    repository,
    tag: tag ?? (digest === undefined ? 'latest' : undefined),
    digest,
  };
}

/** `<registry>/<repository>@<digest>`: what a tag event's `dockerImageReference` holds. */
export function formatDigestReference(ref: ImportReference, digest: string): string {
  return `${ref.registry}/${ref.repository}@${digest}`;
}

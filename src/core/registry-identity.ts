/**
 * Which registry a `host[:port]` names. Everything that compares registries (the admin's allow
 * and block lists, pull-secret matching, metrics) compares these identities, so two spellings of
 * one registry can never get two answers:
 *
 * - Docker Hub's names `docker.io`, `index.docker.io` and `registry-1.docker.io` are one registry,
 *   `docker.io` (as the kubelet and docker treat them); a reference without a registry means it.
 * - Host names are compared lowercased, without a trailing dot, and IP literals in the form a
 *   connection dials: the WHATWG URL host parser (the one the registry client's requests go
 *   through) turns `0x7f.1` into `127.0.0.1` and `[0:0::1]` into `[::1]`. An IPv6 literal may be
 *   written with or without brackets when it has no port (`::1`, `[::1]`); with a port it needs
 *   them (`[::1]:5000`). The identity always brackets it.
 * - A port is kept as written, as a number (`:05000` is `:5000`); no port is not the same as
 *   `:443`, since an insecure import may reach a port-less registry over plain HTTP on port 80.
 */

export const DOCKER_HUB = 'docker.io';
/** Where Docker Hub's registry API answers. */
export const DOCKER_HUB_ENDPOINT = 'registry-1.docker.io';
const DOCKER_HUB_NAMES: ReadonlySet<string> = new Set([DOCKER_HUB, 'index.docker.io', DOCKER_HUB_ENDPOINT]);

export interface HostPort {
  /** Lowercased; an IPv6 literal in brackets. */
  host: string;
  /** Digits as written, or `''`. */
  port: string;
}

/** Splits `host[:port]`; an unbracketed string with two or more colons is an IPv6 literal without a port. */
export function splitHostPort(registry: string): HostPort {
  const text = registry.trim().toLowerCase();
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close < 0) return { host: text, port: '' };
    const rest = text.slice(close + 1);
    return { host: text.slice(0, close + 1), port: rest.startsWith(':') ? rest.slice(1) : rest };
  }
  const colon = text.indexOf(':');
  if (colon < 0) return { host: text, port: '' };
  if (text.indexOf(':', colon + 1) >= 0) return { host: `[${text}]`, port: '' };
  return { host: text.slice(0, colon), port: text.slice(colon + 1) };
}

const isDigits = (text: string): boolean => text.length > 0 && [...text].every((c) => c >= '0' && c <= '9');

/** The host as a connection dials it, or undefined when it is not a host. */
function canonicalHost(host: string): string | undefined {
  const name = host.endsWith('.') && !host.startsWith('[') ? host.slice(0, -1) : host;
  if (name === '') return undefined;
  let url: URL;
  try {
    url = new URL(`https://${name}`);
  } catch {
    return undefined;
  }
  const onlyHost = url.port === '' && url.username === '' && url.password === '' && url.pathname === '/' && url.search === '' && url.hash === '';
  return onlyHost ? url.hostname : undefined;
}

/** `host[:port]` in the form a connection dials, or undefined when the string names no host. */
export function canonicalHostPort(registry: string): string | undefined {
  const { host, port } = splitHostPort(registry);
  const hostname = canonicalHost(host);
  if (hostname === undefined) return undefined;
  if (port === '') return hostname;
  if (!isDigits(port) || Number(port) > 65535) return undefined;
  return `${hostname}:${Number(port)}`;
}

/** The registry's identity: its canonical `host[:port]`, Docker Hub's names as `docker.io`; undefined when it names none. */
export function registryIdentity(registry: string): string | undefined {
  const canonical = canonicalHostPort(registry);
  return canonical !== undefined && isDockerHubHost(canonical) ? DOCKER_HUB : canonical;
}

/** Whether `host` (without a port) is one of Docker Hub's names. */
export function isDockerHubHost(host: string): boolean {
  return DOCKER_HUB_NAMES.has(host.toLowerCase());
}

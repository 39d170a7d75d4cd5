/**
 * A reference as an import reads it (`spec.tags[].from.name` of a DockerImage tag, or
 * `spec.dockerImageRepository`): parsed by the one reference grammar (image-ref.ts), then
 * normalised the way registries need it: no registry means Docker Hub, the registry is its
 * identity (registry-identity.ts), and a one-segment Docker Hub repository lives under `library/`.
 * The import plan and the registry client both read references through this function.
 */
import { ImageRefError, parseImageRef } from './image-ref.js';
import { DOCKER_HUB, DOCKER_HUB_ENDPOINT, registryIdentity } from './registry-identity.js';

export interface ImportReference {
  /** The registry's identity: `docker.io` for Docker Hub, else its canonical `host[:port]`. */
  registry: string;
  /** The `host[:port]` requests go to: `registry-1.docker.io` for Docker Hub, else `registry`. */
  endpoint: string;
  /** The repository path, e.g. `library/ruby` or `acme/app`. */
  repository: string;
  /** The tag; `latest` when neither a tag nor a digest is given; undefined for a digest-only reference. */
  tag: string | undefined;
  /** The digest (`sha256:…`), when pinned. */
  digest: string | undefined;
}

/**
 * Parses and normalises an import reference. `ruby:2.5` and `index.docker.io/ruby:2.5` both become
 * registry `docker.io`, repository `library/ruby`, tag `2.5`; `[::1]:5000/acme/app:v1` is registry
 * `[::1]:5000`, repository `acme/app`.
 * @throws ImageRefError when the string is not a reference an import can use.
 */
export function parseImportReference(reference: string): ImportReference {
  const ref = parseImageRef(reference);
  const repositoryPath = ref.namespace === '' ? ref.name : `${ref.namespace}/${ref.name}`;
  if (ref.name === '') throw new ImageRefError(reference, 'the reference names a registry but no repository');
  if (repositoryPath !== repositoryPath.toLowerCase()) throw new ImageRefError(reference, 'repository name must be lowercase');
  const registry = ref.registry === '' ? DOCKER_HUB : registryIdentity(ref.registry);
  if (registry === undefined) throw new ImageRefError(reference, `invalid registry host ${JSON.stringify(ref.registry)}`);
  const hub = registry === DOCKER_HUB;
  return {
    registry,
    endpoint: hub ? DOCKER_HUB_ENDPOINT : registry,
    repository: hub && ref.namespace === '' ? `library/${ref.name}` : repositoryPath,
    tag: ref.tag !== '' ? ref.tag : ref.id === '' ? 'latest' : undefined,
    digest: ref.id === '' ? undefined : ref.id,
  };
}

/** `<registry>/<repository>@<digest>`: what a tag event's `dockerImageReference` holds. */
export function formatDigestReference(ref: ImportReference, digest: string): string {
  return `${ref.registry}/${ref.repository}@${digest}`;
}

/** The registry identity of an import reference, or undefined when it does not parse (for logs and metrics). */
export function importRegistryOf(reference: string): string | undefined {
  try {
    return parseImportReference(reference).registry;
  } catch {
    return undefined;
  }
}

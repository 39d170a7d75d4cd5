/**
 * The integrated registry's one rule for repository names: `<namespace>/<name>`, where the
 * namespace is a Kubernetes namespace (a DNS label) and the name an ImageStream name (a DNS
 * subdomain, which is also a valid distribution path component). Anything else (one component,
 * three, upper case, `..`) names no stream, so it is granted nothing and its events are ignored.
 *
 * Both patterns are written so that every string has at most one way to match (separators
 * between runs of letters and digits), so they run in time linear in the input.
 */

/** A stream of the cluster, as a registry repository names it. */
export interface StreamRepository {
  namespace: string;
  name: string;
}

const DNS_LABEL = /^[a-z0-9]+(?:-+[a-z0-9]+)*$/;
const DNS_SUBDOMAIN = /^[a-z0-9]+(?:(?:\.|-+)[a-z0-9]+)*$/;
const NAMESPACE_LENGTH_MAX = 63;
const NAME_LENGTH_MAX = 253;
/** distribution's limit on a whole repository name. */
export const REPOSITORY_LENGTH_MAX = 255;

/** `ns/name` as the stream it names, or undefined when it names none. */
export function parseStreamRepository(repository: string): StreamRepository | undefined {
  if (repository.length > REPOSITORY_LENGTH_MAX) return undefined;
  const slash = repository.indexOf('/');
  if (slash === -1) return undefined;
  const namespace = repository.slice(0, slash);
  const name = repository.slice(slash + 1);
  if (namespace.length > NAMESPACE_LENGTH_MAX || !DNS_LABEL.test(namespace)) return undefined;
  if (name.length > NAME_LENGTH_MAX || !DNS_SUBDOMAIN.test(name)) return undefined;
  return { namespace, name };
}

/** The repository path of a stream: `ns/name`. */
export function repositoryPath(stream: StreamRepository): string {
  return `${stream.namespace}/${stream.name}`;
}

/**
 * The plugin's edge to the cluster: the one Kubernetes layer's typed calls, bound to the
 * connection kubectl's flags choose (`--kubeconfig`, `--context`) and to the current namespace
 * (`-n`, else the context's, else `default`). Commands decide on plain objects and hand their
 * writes here; a write refused because the object changed since it was read is decided again.
 */
import fastJsonPatch, { type Operation } from 'fast-json-patch';
import { ApiServerError } from '../kube/api-server-error.js';
import { loadKubeConnection } from '../kube/kube-connection.js';
import type { ResourceType } from '../kube/resource-types.js';
import { createObject, getObject, listObjects, patchObject } from '../kube/resources.js';
import { createRestClient, type RestClient } from '../kube/rest-client.js';
import { goQuote } from '../cli/flags.js';
import { CommandError } from './command-error.js';
import type { Connection } from './invocation.js';
import type { DryRun } from './object-output.js';

/** What the commands ask of the cluster. */
export interface PluginCluster {
  /** The current namespace. */
  namespace: string;
  get<T>(type: ResourceType, namespace: string, name: string): Promise<T | undefined>;
  list<T>(type: ResourceType, namespace: string): Promise<T[]>;
  /** Creates `object`; with `client` dry run it is answered as given, with `server` the API server checks it and stores nothing. */
  create<T>(type: ResourceType, namespace: string, object: T, dryRun: DryRun): Promise<T>;
  /** Applies a JSON patch to `current` (as read): locally with `client` dry run, else on the API server. */
  patch<T>(type: ResourceType, current: T, name: { namespace: string; name: string }, patch: Operation[], dryRun: DryRun): Promise<T>;
  close(): void;
}

/** `imagestreams.image.openshift.io "x" not found`: the API server's words for a missing object, as oc prints them. */
export function notFoundMessage(type: ResourceType, name: string): string {
  return `${type.plural}${type.group === '' ? '' : `.${type.group}`} ${goQuote(name)} not found`;
}

/** The cluster reached through the kubeconfig the connection flags choose. */
export function connectCluster(connection: Connection, env: Record<string, string | undefined>): PluginCluster {
  const kube = loadKubeConnection({
    ...(connection.kubeconfig === undefined || connection.kubeconfig === '' ? {} : { kubeconfig: connection.kubeconfig }),
    ...(connection.context === undefined || connection.context === '' ? {} : { context: connection.context }),
    env,
  });
  const namespace = connection.namespace !== undefined && connection.namespace !== '' ? connection.namespace : kube.namespace ?? 'default';
  return clusterOver(createRestClient(kube, 4), namespace);
}

/** The commands' calls over `client`. */
export function clusterOver(client: RestClient, namespace: string): PluginCluster {
  return {
    namespace,
    get: (type, ns, name) => getObject(client, type, { namespace: ns, name }),
    list: (type, ns) => listObjects(client, type, ns),
    create: async (type, ns, object, dryRun) => {
      if (dryRun === 'client') return object;
      return await createObject(client, type, ns, object as object, undefined, { dryRun: dryRun === 'server' });
    },
    patch: async (type, current, ref, patch, dryRun) => {
      if (dryRun === 'client') return fastJsonPatch.applyPatch(structuredClone(current), patch, true, false).newDocument;
      return await patchObject<typeof current>(client, type, ref, 'application/json-patch+json', patch, { dryRun: dryRun === 'server' });
    },
    close: () => client.close(),
  };
}

/**
 * True when a write was refused because the object changed after it was read: 409 Conflict, or a
 * JSON patch whose `test` failed (422 from the patch itself, not the Invalid of validation).
 */
export function isStaleWrite(err: unknown): boolean {
  if (!(err instanceof ApiServerError)) return false;
  if (err.code === 409) return true;
  const cause = err.cause instanceof Error ? err.cause.message : '';
  return err.code === 422 && cause.toLowerCase().includes('test failed');
}

/** How often a command reads, decides and writes again after a concurrent change. */
const ATTEMPTS = 5;

/** Runs `readDecideWrite` again while its write loses to a concurrent change, a few times. */
export async function withFreshReads<T>(readDecideWrite: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await readDecideWrite();
    } catch (err) {
      if (attempt >= ATTEMPTS || !isStaleWrite(err)) throw err;
    }
  }
}

/** The text printed for an API server's refusal: its Status message, as kubectl prints it. */
export function apiErrorText(err: ApiServerError): string {
  if (err.code === undefined) return err.message;
  return err.cause instanceof Error ? err.cause.message : err.message;
}

/** A missing object as the error oc gives. */
export function notFound(type: ResourceType, name: string): CommandError {
  return new CommandError(notFoundMessage(type, name));
}

/**
 * The watches that retry failed imports at once when their cause may have been fixed elsewhere
 * (src/import/retry.ts): pull Secrets of a namespace, and RBAC bindings and roles (the grant a
 * cross-namespace source needs). Each informer keeps only namespace, name, type and
 * resourceVersion: a Secret's data never stays in memory (the import reads the namespace's pull
 * secrets on demand), and a role's rules are not needed, since any change of a binding or role
 * retries the streams whose tags failed with `Forbidden` (the simplest rule that is never wrong:
 * working out which change grants what would be a second RBAC authorizer).
 */
import type { Clock } from '../clock.js';
import type { RetryWake } from '../import/retry.js';
import { Informer, type Backoff } from '../kube/informer.js';
import type { KubeObject } from '../kube/list-watch.js';
import { CLUSTER_ROLE_BINDINGS, CLUSTER_ROLES, collectionPath, ROLE_BINDINGS, ROLES, SECRETS, type ResourceType } from '../kube/resource-types.js';
import type { RestClient } from '../kube/rest-client.js';
import type { Logger } from '../log.js';
import { PULL_SECRET_TYPES } from './kube-io.js';

/** What a wake informer keeps of an object. */
export interface ObjectMark {
  namespace: string | undefined;
  name: string;
  type: string | undefined;
  resourceVersion: string | undefined;
}

/** Keeps identity and version only; a Secret's `data` and a role's `rules` are dropped here. */
export function markOf(object: KubeObject & { type?: unknown }): ObjectMark {
  const metadata = object.metadata ?? {};
  return { namespace: metadata.namespace, name: metadata.name ?? '', type: typeof object.type === 'string' ? object.type : undefined, resourceVersion: metadata.resourceVersion };
}

export interface WakeInformerOptions {
  client: RestClient;
  clock: Clock;
  logger: Logger;
  backoff?: Backoff;
  /** Watch pull Secrets (off when the controller uses no credentials: it then may not read Secrets). */
  pullSecrets: boolean;
  /** A created or changed object may heal failures of `cause` (in `namespace`, or anywhere when undefined). */
  onChange(cause: RetryWake, namespace: string | undefined): void;
}

interface Watched {
  type: ResourceType;
  cause: RetryWake;
  fieldSelector?: string;
}

function watched(pullSecrets: boolean): Watched[] {
  const secrets: Watched[] = PULL_SECRET_TYPES.map((type) => ({ type: SECRETS, cause: 'PullSecret', fieldSelector: `type=${type}` }));
  const rbac: Watched[] = [ROLE_BINDINGS, CLUSTER_ROLE_BINDINGS, ROLES, CLUSTER_ROLES].map((type) => ({ type, cause: 'Binding' }));
  return [...(pullSecrets ? secrets : []), ...rbac];
}

/**
 * Creates the informers (not started). Objects listed at start are not changes: the first list
 * wakes nothing (the controller retries every failed tag when it starts leading anyway).
 */
export function createWakeInformers(options: WakeInformerOptions): Informer<ObjectMark>[] {
  return watched(options.pullSecrets).map(({ type, cause, fieldSelector }) => {
    const holder: { informer?: Informer<ObjectMark> } = {};
    const changed = (mark: ObjectMark): void => {
      if (holder.informer?.isSynced() === true) options.onChange(cause, cause === 'PullSecret' ? mark.namespace : undefined);
    };
    const informer = new Informer<ObjectMark>({
      client: options.client,
      collection: { path: collectionPath(type), resource: type.plural, ...(fieldSelector === undefined ? {} : { fieldSelector }) },
      project: markOf,
      versionOf: (mark) => mark.resourceVersion,
      handlers: { added: changed, updated: (_before, after) => changed(after) },
      logger: options.logger,
      clock: options.clock,
      pageSize: 500,
      ...(options.backoff === undefined ? {} : { backoff: options.backoff }),
    });
    holder.informer = informer;
    return informer;
  });
}

import type { AdmissionAttributes } from '../core/types.js';
import { isMapping, type Mapping } from './shape.js';

/** The user the offline `resolve` command reviews as; static lookups let every user read every stream. */
export const RESOLVE_USERNAME = 'imagestream-webhook-resolve';

/**
 * Plural resource names of the kinds the webhook can be registered for (the resources OpenShift's
 * default rules cover, plus PodTemplate). Other kinds fall back to lowercase + "s", which is right
 * for most kinds and harmless otherwise: an uncovered resource is ignored by the core.
 */
export const KIND_RESOURCES: Readonly<Record<string, string>> = Object.freeze({
  Pod: 'pods',
  PodTemplate: 'podtemplates',
  ReplicationController: 'replicationcontrollers',
  Deployment: 'deployments',
  StatefulSet: 'statefulsets',
  DaemonSet: 'daemonsets',
  ReplicaSet: 'replicasets',
  Job: 'jobs',
  CronJob: 'cronjobs',
  DeploymentConfig: 'deploymentconfigs',
  Build: 'builds',
});

/**
 * Builds the admission attributes the API server would send for `kubectl create` of `object`:
 * operation CREATE in the object's own namespace, else `defaultNamespace`. The object must have
 * string `apiVersion` and `kind` (checked by `readManifests`).
 */
export function createAttributesFor(object: Mapping, defaultNamespace: string): AdmissionAttributes {
  const apiVersion = String(object.apiVersion);
  const kind = String(object.kind);
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
  const metadata = isMapping(object.metadata) ? object.metadata : {};
  return {
    operation: 'CREATE',
    kind: { group, version, kind },
    resource: { group, resource: KIND_RESOURCES[kind] ?? `${kind.toLowerCase()}s` },
    subResource: '',
    namespace: stringOr(metadata.namespace, defaultNamespace),
    name: stringOr(metadata.name, ''),
    object,
    oldObject: null,
    dryRun: false,
    userInfo: { username: RESOLVE_USERNAME },
  };
}

function stringOr(value: unknown, fallback: string): string {
  return typeof value === 'string' && value !== '' ? value : fallback;
}

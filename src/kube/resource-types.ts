/** Where one kind of object lives in the API: `group` is '' for the core (`/api/v1`) group. */
export interface ResourceType {
  group: string;
  version: string;
  plural: string;
}

/** The ImageStream API; matches the chart's CRD and OpenShift's aggregated API. */
export const IMAGE_STREAMS: ResourceType = Object.freeze({ group: 'image.openshift.io', version: 'v1', plural: 'imagestreams' });
export const LEASES: ResourceType = Object.freeze({ group: 'coordination.k8s.io', version: 'v1', plural: 'leases' });
export const SECRETS: ResourceType = Object.freeze({ group: '', version: 'v1', plural: 'secrets' });
export const CONFIG_MAPS: ResourceType = Object.freeze({ group: '', version: 'v1', plural: 'configmaps' });
export const SERVICE_ACCOUNTS: ResourceType = Object.freeze({ group: '', version: 'v1', plural: 'serviceaccounts' });
export const NAMESPACES: ResourceType = Object.freeze({ group: '', version: 'v1', plural: 'namespaces' });
export const EVENTS: ResourceType = Object.freeze({ group: '', version: 'v1', plural: 'events' });
export const DEPLOYMENTS: ResourceType = Object.freeze({ group: 'apps', version: 'v1', plural: 'deployments' });
export const TOKEN_REVIEWS: ResourceType = Object.freeze({ group: 'authentication.k8s.io', version: 'v1', plural: 'tokenreviews' });
export const DAEMON_SETS: ResourceType = Object.freeze({ group: 'apps', version: 'v1', plural: 'daemonsets' });
export const STATEFUL_SETS: ResourceType = Object.freeze({ group: 'apps', version: 'v1', plural: 'statefulsets' });
export const CRON_JOBS: ResourceType = Object.freeze({ group: 'batch', version: 'v1', plural: 'cronjobs' });
export const ROLES: ResourceType = Object.freeze({ group: 'rbac.authorization.k8s.io', version: 'v1', plural: 'roles' });
export const CLUSTER_ROLES: ResourceType = Object.freeze({ group: 'rbac.authorization.k8s.io', version: 'v1', plural: 'clusterroles' });
export const ROLE_BINDINGS: ResourceType = Object.freeze({ group: 'rbac.authorization.k8s.io', version: 'v1', plural: 'rolebindings' });
export const CLUSTER_ROLE_BINDINGS: ResourceType = Object.freeze({ group: 'rbac.authorization.k8s.io', version: 'v1', plural: 'clusterrolebindings' });
export const SUBJECT_ACCESS_REVIEWS: ResourceType = Object.freeze({ group: 'authorization.k8s.io', version: 'v1', plural: 'subjectaccessreviews' });

/** `/apis/group/version[/namespaces/ns]/plural` (or `/api/v1/…` for the core group). */
export function collectionPath(type: ResourceType, namespace?: string): string {
  const root = type.group === '' ? `/api/${type.version}` : `/apis/${type.group}/${type.version}`;
  return `${root}${namespace === undefined ? '' : `/namespaces/${encodeURIComponent(namespace)}`}/${type.plural}`;
}

/** The path of one object, or of its subresource (`status`, `token`). */
export function objectPath(type: ResourceType, namespace: string | undefined, name: string, subresource?: string): string {
  return `${collectionPath(type, namespace)}/${encodeURIComponent(name)}${subresource === undefined ? '' : `/${subresource}`}`;
}

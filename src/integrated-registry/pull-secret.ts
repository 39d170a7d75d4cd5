/**
 * Pulls from pods need no secret, as on OpenShift: in every namespace a `kubernetes.io/dockerconfigjson`
 * Secret holds a bound token of the `default` ServiceAccount for the integrated registry, and that
 * ServiceAccount lists it in `imagePullSecrets`. This file decides what to write, given what was read;
 * the controller (src/controller/pull-secret-controller.ts) reads and writes.
 */
import type { PatchOperation } from '../core/types.js';

export const PULL_SECRET_NAME = 'imagestream-registry-pull';
export const PULLERS_BINDING_NAME = 'imagestream-image-pullers';
export const PULL_SERVICE_ACCOUNT = 'default';
/** Lifetime asked of each TokenRequest. */
export const TOKEN_SECONDS = 3600;
/** A token is replaced once this share of its life has passed, so pods never see an expired one. */
export const ROTATE_AT = 0.8;
export const ISSUED_ANNOTATION = 'imagestream.openshift.io/token-issued-at';
export const EXPIRES_ANNOTATION = 'imagestream.openshift.io/token-expires-at';
const DOCKER_CONFIG_JSON = 'kubernetes.io/dockerconfigjson';

/** What the decision reads of the namespace's `default` ServiceAccount. */
export interface ServiceAccountView {
  metadata: { resourceVersion?: string };
  imagePullSecrets?: { name?: string }[];
}

/** What the decision reads of the pull Secret. */
export interface PullSecretView {
  metadata: { resourceVersion?: string; annotations?: Record<string, string> };
  type?: string;
}

export interface PullSecretState {
  /** Undefined when the namespace has no `default` ServiceAccount (yet): nothing is written then. */
  serviceAccount: ServiceAccountView | undefined;
  secret: PullSecretView | undefined;
  /** Wall-clock milliseconds. */
  now: number;
}

export interface PullSecretPlan {
  /** Request a new token and create the Secret, or replace it (its token reached 80% of its life, or it is unreadable). */
  token?: 'create' | 'replace';
  /** A JSON patch adding the Secret to the ServiceAccount's `imagePullSecrets`, testing what was read. */
  serviceAccountPatch?: PatchOperation[];
  /** When the current token is due for rotation (wall-clock ms); undefined when a new one is requested now. */
  rotateAt?: number;
}

/** The moment a token issued at `issuedAt` and expiring at `expiresAt` is replaced. */
export function rotationTime(issuedAt: number, expiresAt: number): number {
  return issuedAt + Math.floor((expiresAt - issuedAt) * ROTATE_AT);
}

/** The rotation time the Secret records, or undefined when it is not ours or its times are unreadable. */
function recordedRotation(secret: PullSecretView): number | undefined {
  if (secret.type !== DOCKER_CONFIG_JSON) return undefined;
  const issued = Date.parse(secret.metadata.annotations?.[ISSUED_ANNOTATION] ?? '');
  const expires = Date.parse(secret.metadata.annotations?.[EXPIRES_ANNOTATION] ?? '');
  if (Number.isNaN(issued) || Number.isNaN(expires) || expires <= issued) return undefined;
  return rotationTime(issued, expires);
}

/** The patch that lists the pull Secret in the ServiceAccount, or undefined when it is listed already. */
function serviceAccountPatch(account: ServiceAccountView): PatchOperation[] | undefined {
  const listed = account.imagePullSecrets;
  if (listed?.some((entry) => entry?.name === PULL_SECRET_NAME) === true) return undefined;
  if (listed === undefined) {
    // Nothing to test at the list itself: the resourceVersion proves the ServiceAccount is the one read.
    return [
      { op: 'test', path: '/metadata/resourceVersion', value: account.metadata.resourceVersion },
      { op: 'add', path: '/imagePullSecrets', value: [{ name: PULL_SECRET_NAME }] },
    ];
  }
  return [
    { op: 'test', path: '/imagePullSecrets', value: listed },
    { op: 'add', path: '/imagePullSecrets/-', value: { name: PULL_SECRET_NAME } },
  ];
}

/** What the namespace needs so that its pods pull from the integrated registry without a secret of their own. */
export function planPullSecret(state: PullSecretState): PullSecretPlan {
  if (state.serviceAccount === undefined) return {};
  const plan: PullSecretPlan = {};
  const patch = serviceAccountPatch(state.serviceAccount);
  if (patch !== undefined) plan.serviceAccountPatch = patch;
  if (state.secret === undefined) plan.token = 'create';
  else {
    const rotateAt = recordedRotation(state.secret);
    if (rotateAt === undefined || state.now >= rotateAt) plan.token = 'replace';
    else plan.rotateAt = rotateAt;
  }
  return plan;
}

/**
 * The pull Secret holding `token` for `registry` (any user name: the registry reads only the password),
 * with the token's issue and expiry times (RFC 3339) that drive its rotation.
 */
export function pullSecretObject(namespace: string, registry: string, token: string, times: { issued: string; expires: string }, resourceVersion?: string): object {
  const auth = Buffer.from(`serviceaccount:${token}`, 'utf8').toString('base64');
  const config = JSON.stringify({ auths: { [registry]: { username: 'serviceaccount', password: token, auth } } });
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    type: DOCKER_CONFIG_JSON,
    metadata: {
      name: PULL_SECRET_NAME,
      namespace,
      ...(resourceVersion === undefined ? {} : { resourceVersion }),
      labels: { 'app.kubernetes.io/managed-by': 'imagestream-webhook' },
      annotations: { [ISSUED_ANNOTATION]: times.issued, [EXPIRES_ANNOTATION]: times.expires },
    },
    data: { '.dockerconfigjson': Buffer.from(config, 'utf8').toString('base64') },
  };
}

/** The TokenRequest for the `default` ServiceAccount. */
export function tokenRequest(): object {
  return { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { expirationSeconds: TOKEN_SECONDS } };
}

/**
 * The RoleBinding that lets the namespace's service accounts pull from their own namespace. An aggregated
 * ClusterRole rule would not do: aggregation reaches `view`/`edit`/`admin`, which service accounts do not hold.
 */
export function pullersBinding(namespace: string, pullerClusterRole: string): object {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: PULLERS_BINDING_NAME, namespace, labels: { 'app.kubernetes.io/managed-by': 'imagestream-webhook' } },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: pullerClusterRole },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: `system:serviceaccounts:${namespace}` }],
  };
}

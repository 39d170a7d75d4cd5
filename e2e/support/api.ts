import { randomBytes } from 'node:crypto';
import { ApiException, CoreV1Api, RbacAuthorizationV1Api, type KubeConfig, type V1PolicyRule } from '@kubernetes/client-node';

/** What the API server said when it refused a request: the HTTP status and the Status message. */
export interface Refusal {
  code: number;
  message: string;
}

/**
 * Awaits a request that must fail and returns the API server's refusal. A success is itself the
 * failure being looked for, so it throws with what was created.
 */
export async function refusal(request: Promise<unknown>): Promise<Refusal> {
  let result: unknown;
  try {
    result = await request;
  } catch (err) {
    if (!(err instanceof ApiException)) throw err;
    const body: unknown = err.body;
    const parsed = typeof body === 'string' ? safeParse(body) : body;
    const message = (parsed as { message?: unknown } | undefined)?.message;
    return { code: err.code, message: typeof message === 'string' ? message : String(body) };
  }
  throw new Error(`expected the API server to refuse the request, but it answered ${JSON.stringify(result).slice(0, 500)}`);
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return { message: text };
  }
}

/** Creates a namespace with a fresh name, so scenarios never see each other's objects. */
export async function createNamespace(kc: KubeConfig, prefix: string): Promise<string> {
  const name = `${prefix}-${randomBytes(3).toString('hex')}`;
  await kc.makeApiClient(CoreV1Api).createNamespace({ body: { metadata: { name } } });
  return name;
}

/**
 * Lets a user create and change the covered workloads in one namespace. A Role of its own rather than the
 * built-in `edit`: that one is filled in by the controller manager's aggregation, which this cluster lacks.
 */
export async function grantWorkloadEdit(kc: KubeConfig, namespace: string, user: string): Promise<void> {
  await createRole(kc, namespace, 'workload-editor', [
    { apiGroups: [''], resources: ['pods', 'replicationcontrollers'], verbs: ['*'] },
    { apiGroups: ['apps'], resources: ['deployments', 'statefulsets', 'daemonsets', 'replicasets'], verbs: ['*'] },
    { apiGroups: ['batch'], resources: ['jobs', 'cronjobs'], verbs: ['*'] },
  ]);
  await bind(kc, namespace, user, 'workload-editor');
}

/** Lets a user `get` imagestreams in one namespace: the permission D3's SubjectAccessReview asks about. */
export async function grantImageStreamRead(kc: KubeConfig, namespace: string, user: string): Promise<void> {
  await createRole(kc, namespace, 'imagestream-reader', [
    { apiGroups: ['image.openshift.io'], resources: ['imagestreams'], verbs: ['get'] },
  ]);
  await bind(kc, namespace, user, 'imagestream-reader');
}

async function createRole(kc: KubeConfig, namespace: string, name: string, rules: V1PolicyRule[]): Promise<void> {
  await kc.makeApiClient(RbacAuthorizationV1Api).createNamespacedRole({ namespace, body: { metadata: { name }, rules } });
}

async function bind(kc: KubeConfig, namespace: string, user: string, role: string): Promise<void> {
  await kc.makeApiClient(RbacAuthorizationV1Api).createNamespacedRoleBinding({
    namespace,
    body: {
      metadata: { name: `${user}-${role}` },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: role },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: user }],
    },
  });
}

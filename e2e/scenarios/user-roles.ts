import { expect } from 'chai';
import { AuthorizationV1Api, CustomObjectsApi, PatchStrategy, RbacAuthorizationV1Api, setHeaderOptions, type KubeConfig } from '@kubernetes/client-node';
import { waitFor } from '../harness/wait.js';
import { createNamespace, refusal } from '../support/api.js';
import type { E2eContext } from '../support/context.js';
import { digest, imageStream, readImageStream } from '../support/streams.js';

const GROUP = { group: 'image.openshift.io', version: 'v1', plural: 'imagestreams' };

/** Binds a built-in ClusterRole (view, edit, admin) to a user in one namespace, as `kubectl create rolebinding` does. */
export async function bindClusterRole(kc: KubeConfig, namespace: string, role: string, subject: { kind: 'User' | 'Group'; name: string }): Promise<void> {
  await kc.makeApiClient(RbacAuthorizationV1Api).createNamespacedRoleBinding({
    namespace,
    body: {
      metadata: { name: `${role}-${subject.name.replace(/[^a-z0-9-]/g, '-')}` },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', ...subject }],
    },
  });
}

/** What the API server's authorizer answers for `user` doing `verb` on image streams (or a subresource) in `namespace`. */
async function allowed(kc: KubeConfig, user: string, namespace: string, verb: string, subresource = ''): Promise<boolean> {
  const review = await kc.makeApiClient(AuthorizationV1Api).createSubjectAccessReview({
    body: { spec: { user, groups: ['system:authenticated'], resourceAttributes: { namespace, verb, group: GROUP.group, resource: GROUP.plural, subresource } } },
  });
  return review.status?.allowed === true;
}

/**
 * The chart's user roles through the built-in roles, with kube-controller-manager's aggregation
 * controller doing what it does on a real cluster: a developer bound to `edit` only manages streams
 * but not their status; `view` reads; `admin` deletes.
 */
export function userRoleScenarios(ctx: E2eContext): void {
  describe('image streams through the built-in view, edit and admin roles (aggregated ClusterRoles)', () => {
    let ns = '';
    let developer: CustomObjectsApi;
    before(async () => {
      ns = await createNamespace(ctx.admin, 'roles');
      await bindClusterRole(ctx.admin, ns, 'edit', { kind: 'User', name: ctx.users.developer.name });
      await bindClusterRole(ctx.admin, ns, 'view', { kind: 'User', name: 'e2e-viewer' });
      await bindClusterRole(ctx.admin, ns, 'admin', { kind: 'User', name: 'e2e-project-admin' });
      developer = ctx.client(ctx.users.developer).makeApiClient(CustomObjectsApi);
    });

    it('lets a developer with only edit create, read, patch and delete image streams', async () => {
      const stream = imageStream(ns, 'ruby', { local: false, tags: { '2.5': digest('a') } });
      await waitFor(() => developer.createNamespacedCustomObject({ ...GROUP, namespace: ns, body: { ...stream, status: undefined } }), {
        what: 'the aggregated edit role to let the developer create an image stream', timeoutMs: 30_000, intervalMs: 500,
      });
      await developer.patchNamespacedCustomObject({ ...GROUP, namespace: ns, name: 'ruby', body: { spec: { lookupPolicy: { local: true } } } },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
      const listed = (await developer.listNamespacedCustomObject({ ...GROUP, namespace: ns })) as { items: { metadata: { name: string } }[] };
      expect(listed.items.map((i) => i.metadata.name)).to.deep.equal(['ruby']);
      expect((await readImageStream(ctx.client(ctx.users.developer), ns, 'ruby')).spec?.lookupPolicy?.local).to.equal(true);
      await developer.deleteNamespacedCustomObject({ ...GROUP, namespace: ns, name: 'ruby' });
    });

    it('refuses the developer the status subresource, which only the importer writes', async () => {
      const created = await developer.createNamespacedCustomObject({ ...GROUP, namespace: ns, body: { apiVersion: 'image.openshift.io/v1', kind: 'ImageStream', metadata: { name: 'status-probe' } } });
      const refused = await refusal(developer.replaceNamespacedCustomObjectStatus({
        ...GROUP, namespace: ns, name: 'status-probe', body: { ...(created as object), status: { tags: [{ tag: 'x', items: [{ image: digest('b') }] }] } },
      }));
      expect(refused.code).to.equal(403);
      expect(refused.message).to.include('imagestreams/status');
    });

    it('lets view read but not change streams, and admin delete them', async () => {
      expect(await allowed(ctx.admin, 'e2e-viewer', ns, 'list')).to.equal(true);
      expect(await allowed(ctx.admin, 'e2e-viewer', ns, 'create')).to.equal(false);
      expect(await allowed(ctx.admin, 'e2e-project-admin', ns, 'delete')).to.equal(true);
      expect(await allowed(ctx.admin, 'e2e-project-admin', ns, 'update', 'status')).to.equal(false);
    });
  });
}

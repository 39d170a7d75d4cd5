import { expect } from 'chai';
import { CoreV1Api } from '@kubernetes/client-node';
import { RELEASE } from '../harness/environment.js';
import { waitFor } from '../harness/wait.js';
import { createNamespace, grantImageStreamRead, grantWorkloadEdit, refusal } from '../support/api.js';
import type { E2eContext } from '../support/context.js';
import { createImageStream, digest, imageStream, REG } from '../support/streams.js';
import { imagesOf, workload, type Workload } from '../support/workloads.js';
import { bindClusterRole } from './user-roles.js';

const Dc = digest('c');

/** A resolution rule that makes pods' resolved references be rewritten, local or not (a covering rule with a Rewrite policy). */
const REWRITE_PODS = [{ targetResource: { group: '', resource: 'pods' }, localNames: true, policy: 'AttemptRewrite' }];

/**
 * D3: an integrated-registry reference into another namespace resolves only for a requester who may
 * `get` imagestreams there, as a SubjectAccessReview made with the chart's ServiceAccount decides.
 */
export function crossNamespaceScenarios(ctx: E2eContext): void {
  describe('cross-namespace integrated-registry references (D3)', () => {
    let app = '';
    let images = '';
    let image = '';
    let count = 0;
    before(async () => {
      app = await createNamespace(ctx.admin, 'xns-app');
      images = await createNamespace(ctx.admin, 'xns-images');
      await createImageStream(ctx.admin, imageStream(images, 'ruby', { local: false, tags: { '3.3': Dc } }));
      await grantWorkloadEdit(ctx.admin, app, ctx.users.developer.name);
      image = `${REG}/${images}/ruby:3.3`;
    });
    after(() => ctx.reconfigure({}));

    const createAs = (who: 'admin' | 'developer'): Promise<Workload> =>
      ctx.objects(who === 'admin' ? undefined : ctx.users.developer)
        .create(workload('Pod', app, `${who}-${(count += 1)}`, [{ name: 'app', image }]));

    describe('with a resolution rule that rewrites pods (AttemptRewrite)', () => {
      before(() => ctx.reconfigure({ policy: { resolutionRules: REWRITE_PODS } }));

      it('rewrites the reference for a requester allowed to read image streams there', async () => {
        expect(imagesOf(await createAs('admin'))).to.deep.equal([`docker.io/library/ruby@${Dc}`]);
      });

      it('leaves it unchanged for a requester the SubjectAccessReview denies', async () => {
        expect(imagesOf(await createAs('developer'))).to.deep.equal([image]);
      });

      it('rewrites it for the app namespace\'s service accounts once the image namespace binds the image-puller role to their group', async () => {
        const core = ctx.admin.makeApiClient(CoreV1Api);
        await core.createNamespacedServiceAccount({ namespace: app, body: { metadata: { name: 'deployer' } } });
        const username = `system:serviceaccount:${app}:deployer`;
        await bindClusterRole(ctx.admin, app, 'edit', { kind: 'User', name: username });
        const { status } = await core.createNamespacedServiceAccountToken({ name: 'deployer', namespace: app, body: { spec: { audiences: [], expirationSeconds: 3600 } } });
        const deployer = { name: username, token: status?.token ?? '', groups: [] };
        const createAsDeployer = (): Promise<Workload> =>
          ctx.objects(deployer).create(workload('Pod', app, `deployer-${(count += 1)}`, [{ name: 'app', image }]));
        const before = await waitFor(() => createAsDeployer().catch(() => undefined), {
          what: 'the aggregated edit role to let the service account create pods', timeoutMs: 30_000, intervalMs: 500,
        });
        expect(imagesOf(before), 'not yet allowed to use the other namespace\'s streams').to.deep.equal([image]);
        await bindClusterRole(ctx.admin, images, `${RELEASE.name}-image-puller`, { kind: 'Group', name: `system:serviceaccounts:${app}` });
        const after = await waitFor(async () => {
          const pod = await createAsDeployer();
          return imagesOf(pod)[0] === image ? undefined : pod;
        }, { what: 'the image-puller binding to reach the webhook\'s SubjectAccessReview (answers are cached for seconds)', timeoutMs: 30_000, intervalMs: 1000 });
        expect(imagesOf(after)).to.deep.equal([`docker.io/library/ruby@${Dc}`]);
      });
    });

    describe('under Required with the default rules (integrated references are checked, not rewritten)', () => {
      before(() => ctx.reconfigure({ policy: { resolveImages: 'Required' } }));

      it('admits the allowed requester with the reference unchanged', async () => {
        expect(imagesOf(await createAs('admin'))).to.deep.equal([image]);
      });

      it('rejects the denied requester with a message naming the field, the user and the namespace', async () => {
        const refused = await refusal(createAs('developer'));
        expect(refused.message).to.include(`admission webhook "${ctx.mutatingWebhookName}" denied the request`);
        expect(refused.message).to.include('spec.containers[0].image').and.include('prohibited by policy');
        expect(refused.message).to.include('e2e-developer').and.include(images);
      });

      it('admits the same requester once a Role lets them get image streams there (answers are cached for seconds)', async () => {
        await grantImageStreamRead(ctx.admin, images, ctx.users.developer.name);
        const admitted = await waitFor(() => createAs('developer').catch(() => undefined), {
          what: 'the new RoleBinding to reach the webhook\'s SubjectAccessReview', timeoutMs: 30_000, intervalMs: 1000,
        });
        expect(imagesOf(admitted)).to.deep.equal([image]);
      });
    });
  });
}

import { expect } from 'chai';
import { createNamespace, grantImageStreamRead, grantWorkloadEdit, refusal } from '../support/api.js';
import { BASE_VALUES, type E2eContext } from '../support/context.js';
import { createImageStream, digest, imageStream, REG } from '../support/streams.js';
import { imagesOf, workload, type Workload } from '../support/workloads.js';

const Dc = digest('c');

/**
 * Spec D3: an integrated-registry reference into another namespace resolves only for a requester who may
 * `get` imagestreams there, as a SubjectAccessReview made with the chart's RBAC decides.
 */
export function crossNamespaceScenarios(ctx: E2eContext): void {
  describe('cross-namespace references (spec R15, D3)', () => {
    let app = '';
    let images = '';
    let image = '';
    before(async () => {
      app = await createNamespace(ctx.admin, 'xns-app');
      images = await createNamespace(ctx.admin, 'xns-images');
      await createImageStream(ctx.admin, imageStream(images, 'ruby', { local: false, tags: { '3.3': Dc } }));
      await grantWorkloadEdit(ctx.admin, app, ctx.users.developer.name);
      image = `${REG}/${images}/ruby:3.3`;
    });

    const createAs = (who: 'admin' | 'developer', name: string): Promise<Workload> =>
      ctx.objects(who === 'admin' ? undefined : ctx.users.developer).create(workload('Pod', app, name, [{ name: 'app', image }]));

    it('resolves the reference for a requester allowed to read image streams there', async () => {
      expect(imagesOf(await createAs('admin', 'allowed'))).to.deep.equal([`docker.io/library/ruby@${Dc}`]);
    });

    it('leaves the reference unresolved under Attempt for a requester the SubjectAccessReview denies', async () => {
      expect(imagesOf(await createAs('developer', 'denied-attempt'))).to.deep.equal([image]);
    });

    describe('under Required', () => {
      before(() => ctx.reconfigure({ ...BASE_VALUES, policy: { resolveImages: 'Required' } }));
      after(() => ctx.reconfigure(BASE_VALUES));

      it('rejects the denied requester with a message naming the field and the image', async () => {
        const refused = await refusal(createAs('developer', 'denied-required'));
        expect(refused.message).to.include(`admission webhook "${ctx.mutatingWebhookName}" denied the request`);
        expect(refused.message).to.include('spec.containers[0].image').and.include('prohibited by policy');
      });

      it('admits the same requester once a Role lets them get image streams in that namespace', async () => {
        await grantImageStreamRead(ctx.admin, images, ctx.users.developer.name);
        expect(imagesOf(await createAs('developer', 'granted'))).to.deep.equal([`docker.io/library/ruby@${Dc}`]);
      });
    });
  });
}

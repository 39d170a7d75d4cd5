import { expect } from 'chai';
import { createNamespace, refusal } from '../support/api.js';
import type { E2eContext } from '../support/context.js';
import { createImageStream, digest, imageStream } from '../support/streams.js';
import { imagesOf, workload, type Workload } from '../support/workloads.js';

const Da = digest('a');

/** resolveImages: Required through the chart: failures reject the object and the client sees why, in OpenShift's words (D4). */
export function requiredScenarios(ctx: E2eContext): void {
  describe('resolveImages: Required', () => {
    let ns = '';
    before(async () => {
      await ctx.reconfigure({ policy: { resolveImages: 'Required' } });
      ns = await createNamespace(ctx.admin, 'required');
      await createImageStream(ctx.admin, imageStream(ns, 'ruby', { local: true, tags: { '2.5': Da }, repository: '' }));
    });
    after(() => ctx.reconfigure({}));

    it('still admits and rewrites a name that resolves', async () => {
      const stored: Workload = await ctx.objects().create(workload('Pod', ns, 'resolvable', [{ name: 'app', image: 'ruby:2.5' }]));
      expect(imagesOf(stored)).to.deep.equal([`docker.io/library/ruby@${Da}`]);
    });

    it('rejects a missing tag, and the message reaches the client with kind, name, field and tag', async () => {
      const deployment = workload('Deployment', ns, 'missing-tag', [{ name: 'app', image: 'ruby:9.9' }]);
      const refused = await refusal(ctx.objects().create(deployment));
      expect(refused.message).to.include(`admission webhook "${ctx.mutatingWebhookName}" denied the request`);
      expect(refused.message).to.include('"missing-tag"').and.include('spec.template.spec.containers[0].image');
      expect(refused.message).to.include('this image is prohibited by policy').and.include('ruby:9.9');
      const list = await ctx.objects().list('apps/v1', 'Deployment', ns);
      expect(list.items.map((d) => d.metadata?.name)).to.not.include('missing-tag');
    });

    it('rejects a server-side dry run the same way', async () => {
      const pod = workload('Pod', ns, 'dry-missing', [{ name: 'app', image: 'ruby:9.9' }]);
      const refused = await refusal(ctx.objects().create(pod, undefined, 'All'));
      expect(refused.message).to.include('this image is prohibited by policy');
    });
  });
}

import { expect } from 'chai';
import { CustomObjectsApi, PatchStrategy } from '@kubernetes/client-node';
import { waitFor } from '../harness/wait.js';
import { createNamespace, refusal } from '../support/api.js';
import type { E2eContext } from '../support/context.js';
import { createImageStream, digest, imageStream, readImageStream } from '../support/streams.js';
import { containersOf, imagesOf, workload, type Workload } from '../support/workloads.js';

const Da = digest('a');
const Dc = digest('c');
const GROUP = { group: 'image.openshift.io', version: 'v1', plural: 'imagestreams' };
const ruby = (d: string): string => `docker.io/library/ruby@${d}`;

/**
 * Decision D16 through the real API server: a Job's pod template is immutable and, as upstream, a
 * Job's UPDATEs are never rewritten, so without D16 every re-apply of a manifest with
 * `image: ruby:2.5` would be refused (`field is immutable`). Applied the way
 * `kubectl apply --server-side` does.
 */
export function reapplyScenarios(ctx: E2eContext): void {
  describe('re-applying a Job manifest (decision D16)', () => {
    let ns = '';
    before(async () => {
      ns = await createNamespace(ctx.admin, 'reapply');
      await createImageStream(ctx.admin, imageStream(ns, 'ruby', { local: true, tags: { '2.5': Da } }));
    });

    const apply = (job: Workload): Promise<Workload> =>
      ctx.objects().patch(job, undefined, undefined, 'e2e-apply', true, PatchStrategy.ServerSideApply);

    /** Points the stream's 2.5 tag at `image`, keeping the old event as history, as an import would. */
    async function moveTag(image: string): Promise<void> {
      const stream = await readImageStream(ctx.admin, ns, 'ruby');
      const tags = (stream.status?.tags ?? []).map((t) => t.tag !== '2.5' ? t : {
        ...t, items: [{ created: '2025-06-01T00:00:00Z', dockerImageReference: ruby(image), image, generation: 2 }, ...(t.items ?? [])],
      });
      await ctx.admin.makeApiClient(CustomObjectsApi).replaceNamespacedCustomObjectStatus({
        ...GROUP, namespace: ns, name: 'ruby', body: { ...stream, status: { ...stream.status, tags } },
      });
      await waitFor(async () => {
        const probe = await ctx.objects().create(workload('Pod', ns, 'probe', [{ name: 'app', image: 'ruby:2.5' }]), undefined, 'All');
        return imagesOf(probe)[0] === ruby(image) ? true : undefined;
      }, { what: 'the webhook to see the moved tag', timeoutMs: 30_000, intervalMs: 500 });
    }

    it('applies an unchanged Job twice, and again after the tag moved, keeping the stored digest', async () => {
      const manifest = workload('Job', ns, 'migrate', [{ name: 'app', image: 'ruby:2.5' }]);
      const first = await apply(manifest);
      expect(imagesOf(first)).to.deep.equal([ruby(Da)]);
      const second = await apply(manifest);
      expect(imagesOf(second)).to.deep.equal([ruby(Da)]);
      expect(second.metadata.resourceVersion, 'the second apply changed nothing').to.equal(first.metadata.resourceVersion);
      await moveTag(Dc);
      const third = await apply(manifest);
      expect(imagesOf(third)).to.deep.equal([ruby(Da)]);
      expect(third.metadata.resourceVersion).to.equal(first.metadata.resourceVersion);
    });

    it('re-applies the original manifest with PUT (resourceVersion set), as client-side tools do', async () => {
      const created = await ctx.objects().create(workload('Job', ns, 'put', [{ name: 'app', image: 'ruby:2.5' }]));
      const original = structuredClone(created);
      const [container] = containersOf(original);
      if (container !== undefined) container.image = 'ruby:2.5';
      const replaced = await ctx.objects().replace(original);
      expect(imagesOf(replaced)).to.deep.equal([ruby(Dc)]);
      expect(imagesOf(created)).to.deep.equal([ruby(Dc)]);
    });

    it('still leaves a changed image to the API server, which refuses it as immutable', async () => {
      const refused = await refusal(apply(workload('Job', ns, 'migrate', [{ name: 'app', image: 'ruby:latest' }])));
      expect(refused.code).to.equal(422);
      expect(refused.message).to.include('field is immutable');
    });
  });
}

import { expect } from 'chai';
import { waitFor } from '../harness/wait.js';
import { createNamespace, refusal, type Refusal } from '../support/api.js';
import type { E2eContext } from '../support/context.js';
import { createImageStream, digest, imageStream } from '../support/streams.js';
import { imagesOf, workload, type Workload } from '../support/workloads.js';

const Da = digest('a');

/**
 * The webhook process goes away and comes back while kube-apiserver keeps running: the chart's
 * failurePolicy decides what happens to writes meanwhile (D12).
 */
export function availabilityScenarios(ctx: E2eContext): void {
  describe('webhook unavailable', () => {
    let ns = '';
    let count = 0;
    const pod = (): Workload => workload('Pod', ns, `while-down-${(count += 1)}`, [{ name: 'app', image: 'ruby:2.5' }]);

    before(async () => {
      ns = await createNamespace(ctx.admin, 'down');
      await createImageStream(ctx.admin, imageStream(ns, 'ruby', { local: true, tags: { '2.5': Da } }));
    });
    afterEach(() => ctx.webhook.start());

    it('Ignore (the Attempt default): a write goes through unchanged while the webhook is stopped', async () => {
      await ctx.webhook.stop();
      const stored: Workload = await ctx.objects().create(pod());
      expect(imagesOf(stored)).to.deep.equal(['ruby:2.5']);
    });

    it('a restarted webhook resolves again, with the API server never restarted', async () => {
      await ctx.webhook.stop();
      await ctx.webhook.start();
      await ctx.waitUntilMutating('after a webhook restart');
      const stored: Workload = await ctx.objects().create(pod());
      expect(imagesOf(stored)).to.deep.equal([`docker.io/library/ruby@${Da}`]);
    });

    describe('with webhook.failurePolicy=Fail', () => {
      before(() => ctx.reconfigure({ webhook: { failurePolicy: 'Fail' } }));
      after(() => ctx.reconfigure({}));

      it('blocks writes while the webhook is stopped, with a message naming the webhook', async () => {
        await ctx.webhook.stop();
        const refused = await waitFor<Refusal>(
          async () => {
            const r = await refusal(ctx.objects().create(pod())).catch(() => undefined);
            return r;
          },
          { what: 'a write refused by failurePolicy Fail', timeoutMs: 30_000, intervalMs: 500 },
        );
        expect(refused.code).to.equal(500);
        expect(refused.message).to.include(`failed calling webhook "${ctx.mutatingWebhookName}"`);
        expect(refused.message).to.include('127.0.0.1');
      });

      it('admits and resolves again once the webhook is back', async () => {
        await ctx.webhook.start();
        await ctx.waitUntilMutating('after a restart under Fail');
        const stored: Workload = await ctx.objects().create(pod());
        expect(imagesOf(stored)).to.deep.equal([`docker.io/library/ruby@${Da}`]);
      });
    });
  });
}

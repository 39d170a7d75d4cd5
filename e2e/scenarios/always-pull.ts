import { expect } from 'chai';
import { AdmissionregistrationV1Api, type V1MutatingWebhookConfiguration } from '@kubernetes/client-node';
import { RELEASE } from '../harness/environment.js';
import { waitFor } from '../harness/wait.js';
import { createNamespace, refusal, type Refusal } from '../support/api.js';
import type { E2eContext } from '../support/context.js';
import { containersOf, workload, type Workload } from '../support/workloads.js';

const OPT_OUT = 'imagestream-webhook/exclude';
const validatingName = `validate.${RELEASE.name}.${RELEASE.namespace}.svc`;

/** alwaysPullImages: true through the chart: the mutating half sets Always, the validating half enforces it, for Pods only. */
export function alwaysPullScenarios(ctx: E2eContext): void {
  describe('alwaysPullImages: true', () => {
    let ns = '';
    before(async () => {
      await ctx.reconfigure({ alwaysPullImages: true });
      ns = await createNamespace(ctx.admin, 'always-pull');
    });
    after(() => ctx.reconfigure({}));

    it('sets imagePullPolicy: Always on every container and initContainer of a Pod', async () => {
      const pod = workload('Pod', ns, 'forced', [{ name: 'app', image: 'nginx:1.25', imagePullPolicy: 'IfNotPresent' }], {
        initContainers: [{ name: 'init', image: 'busybox:1.36', imagePullPolicy: 'Never' }],
      });
      const stored: Workload = await ctx.objects().create(pod);
      expect(containersOf(stored).map((c) => c.imagePullPolicy)).to.deep.equal(['Always']);
      expect(containersOf(stored, 'initContainers').map((c) => c.imagePullPolicy)).to.deep.equal(['Always']);
    });

    it('forces Always on a Pod carrying the opt-out label too: the label exempts resolution only (D17)', async () => {
      const pod = workload('Pod', ns, 'opted-out', [{ name: 'app', image: 'busybox:1.36', imagePullPolicy: 'Never' }], { labels: { [OPT_OUT]: 'true' } });
      const stored: Workload = await ctx.objects().create(pod);
      expect(containersOf(stored).map((c) => c.imagePullPolicy)).to.deep.equal(['Always']);
    });

    it('leaves the pod template of a Deployment alone (AlwaysPullImages applies to Pods only)', async () => {
      const deployment = workload('Deployment', ns, 'template', [{ name: 'app', image: 'nginx:1.25', imagePullPolicy: 'IfNotPresent' }]);
      const stored: Workload = await ctx.objects().create(deployment);
      expect(containersOf(stored).map((c) => c.imagePullPolicy)).to.deep.equal(['IfNotPresent']);
    });

    describe('when the mutating webhook is bypassed', () => {
      const api = (): AdmissionregistrationV1Api => ctx.admin.makeApiClient(AdmissionregistrationV1Api);
      let original: V1MutatingWebhookConfiguration | undefined;
      before(async () => {
        original = await api().readMutatingWebhookConfiguration({ name: RELEASE.name });
        const bypassed = structuredClone(original);
        for (const hook of bypassed.webhooks ?? []) {
          hook.rules = (hook.rules ?? []).filter((r) => !(r.resources ?? []).includes('pods'));
        }
        await api().replaceMutatingWebhookConfiguration({ name: RELEASE.name, body: bypassed });
      });
      after(async () => {
        if (original === undefined) return;
        const current = await api().readMutatingWebhookConfiguration({ name: RELEASE.name });
        await api().replaceMutatingWebhookConfiguration({
          name: RELEASE.name, body: { ...original, metadata: { ...original.metadata, resourceVersion: current.metadata?.resourceVersion } },
        });
      });

      it('the validating webhook rejects a Pod without Always, naming the field and the value', async () => {
        let count = 0;
        const refused = await waitFor<Refusal>(
          () => refusal(ctx.objects().create(workload('Pod', ns, `bypassed-${(count += 1)}`, [
            { name: 'app', image: 'nginx:1.25', imagePullPolicy: 'IfNotPresent' },
          ]))).catch(() => undefined),
          { what: 'the bypassed mutating webhook config to take effect', timeoutMs: 30_000, intervalMs: 500 },
        );
        expect(refused.message).to.include('spec.containers[0].imagePullPolicy');
        expect(refused.message).to.include('Unsupported value: "IfNotPresent"').and.include('supported values: "Always"');
      });

      it('refuses `kubectl run x --image-pull-policy=Never -l imagestream-webhook/exclude=true` (D17), worded as Kubernetes', async () => {
        const pod = workload('Pod', ns, 'bypass-attempt', [{ name: 'x', image: 'busybox', imagePullPolicy: 'Never' }], { labels: { [OPT_OUT]: 'true' } });
        const refused = await refusal(ctx.objects().create(pod));
        expect(refused.code).to.equal(403);
        expect(refused.message).to.equal(`admission webhook "${validatingName}" denied the request: `
          + 'pods "bypass-attempt" is forbidden: spec.containers[0].imagePullPolicy: Unsupported value: "Never": supported values: "Always"');
      });

      it('aggregates one prefixed Forbidden error per field, as Kubernetes does', async () => {
        const pod = workload('Pod', ns, 'two-fields', [
          { name: 'a', image: 'busybox', imagePullPolicy: 'Never' }, { name: 'b', image: 'nginx:1.25', imagePullPolicy: 'IfNotPresent' },
        ]);
        const refused = await refusal(ctx.objects().create(pod));
        expect(refused.message).to.equal(`admission webhook "${validatingName}" denied the request: [`
          + 'pods "two-fields" is forbidden: spec.containers[0].imagePullPolicy: Unsupported value: "Never": supported values: "Always", '
          + 'pods "two-fields" is forbidden: spec.containers[1].imagePullPolicy: Unsupported value: "IfNotPresent": supported values: "Always"]');
      });
    });
  });
}

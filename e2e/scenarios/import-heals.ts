import { expect } from 'chai';
import { CoreV1Api, CustomObjectsApi, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { pushImage, startRegistry, type TestRegistry } from '../../test/support/registry/index.js';
import { waitFor } from '../harness/wait.js';
import { createNamespace } from '../support/api.js';
import type { E2eContext } from '../support/context.js';
import { ControllerFixture, IMAGE_STREAMS, importCondition, newestEvent, pullSecret, singleTagStream as stream } from '../support/import-fixture.js';

/** The first retry of the backoff (DEFAULT_RETRY_BASE_MS) and some room for a loaded machine. */
const FIRST_RETRY_WITH_ROOM_MS = 10_000 + 15_000;

/**
 * A user fixes the cause of a failed import and watches it heal, with no `generation` patch:
 * annotating the stream insecure for an HTTP-only registry, creating the pull Secret for a private
 * registry (the cross-namespace RoleBinding is in import-cross-namespace.ts). The Events on the
 * stream say what happened, once per change of reason: a retry that fails the same way adds none.
 */
export function importHealScenarios(ctx: E2eContext): void {
  describe('import controller: failed imports heal once their cause is fixed', () => {
    const controller = new ControllerFixture(ctx);
    let plain: TestRegistry | undefined;
    let basic: TestRegistry | undefined;
    const core = () => ctx.admin.makeApiClient(CoreV1Api);
    const streams = () => ctx.admin.makeApiClient(CustomObjectsApi);
    const of = (registry: TestRegistry | undefined): TestRegistry => {
      if (registry === undefined) throw new Error('registry not started');
      return registry;
    };
    /** `type reason message` of the stream's Events, oldest first (`kubectl get events --field-selector involvedObject.name=<name>`). */
    const eventsOn = async (namespace: string, name: string): Promise<string[]> => {
      const list = await core().listNamespacedEvent({ namespace, fieldSelector: `involvedObject.name=${name},involvedObject.kind=ImageStream` });
      return list.items
        .sort((a, b) => String(a.firstTimestamp ?? '').localeCompare(String(b.firstTimestamp ?? '')) || Number(a.metadata.resourceVersion) - Number(b.metadata.resourceVersion))
        .map((event) => `${event.type ?? ''} ${event.reason ?? ''} ${event.message ?? ''}`);
    };

    before(async function () {
      this.timeout(120_000);
      plain = await startRegistry({ mode: 'plain' });
      basic = await startRegistry({ mode: 'basic' });
      await controller.start({ registries: { caBundleFile: basic.caFile, useCredentials: true, allowed: ['127.0.0.1'] } });
    });
    after(async function () {
      this.timeout(60_000);
      await controller.stop();
      await plain?.stop();
      await basic?.stop();
    });

    it('an HTTP-only registry\'s tag imports once the stream is annotated insecure, with one ImportFailed and one Imported Event', async function () {
      this.timeout(60_000);
      const pushed = await pushImage({ registry: of(plain), repository: 'insec/img', tags: ['v1'], kind: 'oci', content: 'insecure' });
      const ns = await createNamespace(ctx.admin, 'heal-insecure');
      await ctx.objects().create(stream(ns, 'insec', `${of(plain).host}/insec/img:v1`) as never);
      const failed = await controller.waitForStream(ns, 'insec', 'the HTTP-only refusal', (s) => importCondition(s, 'v1'));
      expect(failed).to.deep.include({ status: 'False', reason: 'BadRequest', message: `the repository ${of(plain).host}/insec/img is HTTP only and requires the insecure flag to import` });
      await streams().patchNamespacedCustomObject(
        { ...IMAGE_STREAMS, namespace: ns, name: 'insec', body: { metadata: { annotations: { 'openshift.io/image.insecureRepository': 'true' } } } },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      );
      const healed = await controller.waitForStream(ns, 'insec', 'the import after the annotation', (s) => newestEvent(s, 'v1'));
      expect(healed.image).to.equal(pushed.digest);
      const retried = await waitFor(async () => (await controller.logText()).split('\n').find((line) => line.includes('"trigger":"Retry"') && line.includes(ns) && line.includes('"outcome":"Imported"')), {
        what: 'the import after the annotation, logged as a Retry', timeoutMs: 5_000, intervalMs: 100,
      });
      expect(retried).to.include('insec/img');
      const events = await waitFor(async () => {
        const found = await eventsOn(ns, 'insec');
        return found.length >= 2 ? found : undefined;
      }, { what: 'two Events on the stream', timeoutMs: 10_000, intervalMs: 200 });
      expect(events).to.deep.equal([
        `Warning ImportFailed Importing tag "v1" failed (BadRequest): ${failed.message ?? ''}`,
        `Normal Imported Tag "v1" imported: ${of(plain).host}/insec/img@${pushed.digest}`,
      ]);
    });

    it('a private registry\'s Unauthorized tag is retried by the backoff without a new Event, then imports once the pull Secret is created', async function () {
      this.timeout(90_000);
      const pushed = await pushImage({ registry: of(basic), repository: 'private/heal', tags: ['v1'], kind: 'docker', content: 'heal' });
      const reference = `${of(basic).host}/private/heal:v1`;
      const ns = await createNamespace(ctx.admin, 'heal-secret');
      await ctx.objects().create(stream(ns, 'app', reference) as never);
      const failed = await controller.waitForStream(ns, 'app', 'the Unauthorized refusal', (s) => importCondition(s, 'v1'));
      expect(failed).to.deep.include({ status: 'False', reason: 'Unauthorized', message: `you may not have access to the container image "${reference}"` });
      await waitFor(async () => {
        const retries = (await controller.logText()).split('\n').filter((line) => line.includes('"trigger":"Retry"') && line.includes(ns));
        return retries.length >= 1 ? true : undefined;
      }, { what: 'a retry by the backoff, logged with trigger Retry', timeoutMs: FIRST_RETRY_WITH_ROOM_MS, intervalMs: 250 });
      expect(importCondition(await controller.read(ns, 'app'), 'v1')?.reason, 'still Unauthorized').to.equal('Unauthorized');
      expect(await eventsOn(ns, 'app'), 'the retry failed for the same reason: no second Event').to.deep.equal([
        `Warning ImportFailed Importing tag "v1" failed (Unauthorized): you may not have access to the container image "${reference}"`,
      ]);
      await core().createNamespacedSecret({ namespace: ns, body: pullSecret(of(basic).host) as never });
      const healed = await controller.waitForStream(ns, 'app', 'the import after the Secret', (s) => newestEvent(s, 'v1'));
      expect(healed.image).to.equal(pushed.digest);
      const woken = await waitFor(async () => (await controller.logText()).split('\n').find((line) => line.includes('"cause":"PullSecret"') && line.includes(ns)), {
        what: 'the pull Secret watch to retry the tag', timeoutMs: 5_000, intervalMs: 100,
      });
      expect(woken).to.include('retrying failed imports after a change that may heal them');
      expect(importCondition(await controller.read(ns, 'app'), 'v1'), 'the failure condition is gone').to.equal(undefined);
      const events = await waitFor(async () => {
        const found = await eventsOn(ns, 'app');
        return found.length >= 2 ? found : undefined;
      }, { what: 'the Imported Event', timeoutMs: 10_000, intervalMs: 200 });
      expect(events[1]).to.equal(`Normal Imported Tag "v1" imported: ${of(basic).host}/private/heal@${pushed.digest}`);
      expect(events).to.have.length(2);
    });
  });
}

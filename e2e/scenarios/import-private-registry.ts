import { expect } from 'chai';
import { CoreV1Api } from '@kubernetes/client-node';
import { pushImage, startRegistry, TEST_PASSWORD, TEST_USER, type TestRegistry } from '../../test/support/registry/index.js';
import { waitFor } from '../harness/wait.js';
import { createNamespace } from '../support/api.js';
import type { E2eContext } from '../support/context.js';
import { ControllerFixture, importCondition, newestEvent, pullSecret, singleTagStream as stream } from '../support/import-fixture.js';

const EXCLUDE_SECRET = 'openshift.io/image.excludeSecret';

/**
 * A private registry (htpasswd Basic auth over TLS) through the real API server: the stream's
 * namespace holds the pull secret, the controller reads it with the chart ServiceAccount's RBAC and
 * the keyring matches it to the registry; a Secret annotated `openshift.io/image.excludeSecret` is not
 * used; and no credential reaches status or the controller's log.
 */
export function importPrivateRegistryScenarios(ctx: E2eContext): void {
  describe('import controller with a private registry (Basic auth) and namespace pull secrets', () => {
    const controller = new ControllerFixture(ctx);
    let registry: TestRegistry | undefined;
    const registryOf = (): TestRegistry => {
      if (registry === undefined) throw new Error('registry not started');
      return registry;
    };
    const secrets = () => ctx.admin.makeApiClient(CoreV1Api);
    const credentialForms = [TEST_PASSWORD, Buffer.from(`${TEST_USER}:${TEST_PASSWORD}`).toString('base64')];

    before(async function () {
      this.timeout(120_000);
      registry = await startRegistry({ mode: 'basic' });
      await controller.start({ registries: { caBundleFile: registry.caFile, useCredentials: true, allowed: ['127.0.0.1'] } });
    });
    after(async function () {
      this.timeout(60_000);
      await controller.stop();
      await registry?.stop();
    });

    it('imports with the namespace dockerconfigjson Secret, through the chart\'s Secret RBAC', async () => {
      const pushed = await pushImage({ registry: registryOf(), repository: 'private/app', tags: ['v1'], kind: 'docker', content: 'private app' });
      const reference = `${registryOf().host}/private/app:v1`;
      const ns = await createNamespace(ctx.admin, 'private');
      await secrets().createNamespacedSecret({ namespace: ns, body: pullSecret(registryOf().host) as never });
      await ctx.objects().create(stream(ns, 'app', reference) as never);
      const event = await controller.waitForStream(ns, 'app', 'import of the private image', (s) => newestEvent(s, 'v1'));
      expect(event).to.deep.include({ image: pushed.digest, dockerImageReference: `${registryOf().host}/private/app@${pushed.digest}` });
      const stored = JSON.stringify(await controller.read(ns, 'app'));
      for (const secret of credentialForms) expect(stored).to.not.include(secret);
    });

    it('matches as the kubelet does: a legacy dockercfg key with scheme and repository path beats a wrong credential for the host', async () => {
      const pushed = await pushImage({ registry: registryOf(), repository: 'private/team/app', tags: ['v1'], kind: 'oci-index', content: 'team app' });
      const ns = await createNamespace(ctx.admin, 'keyring');
      const wrong = { auths: { [registryOf().host]: { auth: Buffer.from(`${TEST_USER}:not-the-password`).toString('base64') } } };
      const legacy = { [`https://${registryOf().host}/private/team`]: { auth: Buffer.from(`${TEST_USER}:${TEST_PASSWORD}`).toString('base64') } };
      const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64');
      await secrets().createNamespacedSecret({ namespace: ns, body: { metadata: { name: 'whole-host' }, type: 'kubernetes.io/dockerconfigjson', data: { '.dockerconfigjson': encode(wrong) } } });
      await secrets().createNamespacedSecret({ namespace: ns, body: { metadata: { name: 'team' }, type: 'kubernetes.io/dockercfg', data: { '.dockercfg': encode(legacy) } } });
      await ctx.objects().create(stream(ns, 'app', `${registryOf().host}/private/team/app:v1`) as never);
      const done = await controller.waitForStream(ns, 'app', 'import with the path-scoped credential', (s) => newestEvent(s, 'v1') ?? importCondition(s, 'v1'));
      expect(done).to.deep.include({ image: pushed.digest });
    });

    it('does not use a Secret annotated excludeSecret: Unauthorized with OpenShift\'s message, and no event', async () => {
      await pushImage({ registry: registryOf(), repository: 'private/excluded', tags: ['v1'], kind: 'oci', content: 'excluded' });
      const reference = `${registryOf().host}/private/excluded:v1`;
      const ns = await createNamespace(ctx.admin, 'excluded');
      await secrets().createNamespacedSecret({ namespace: ns, body: pullSecret(registryOf().host, { [EXCLUDE_SECRET]: 'true' }) as never });
      await ctx.objects().create(stream(ns, 'app', reference) as never);
      const failed = await controller.waitForStream(ns, 'app', 'ImportSuccess=False', (s) => (importCondition(s, 'v1')?.status === 'False' ? s : undefined));
      expect(importCondition(failed, 'v1')).to.deep.include({
        reason: 'Unauthorized',
        message: `you may not have access to the container image "${reference}"`,
      });
      expect(newestEvent(failed, 'v1')).to.equal(undefined);
      expect(await controller.counter('imagestream_controller_imports_total{registry="' + registryOf().host + '",result="Failed",reason="Unauthorized"}')).to.be.at.least(1);
    });

    it('never writes a credential to its log, which does record both imports', async () => {
      // Log lines are written in batches (up to 100 ms late): wait for both imports' lines.
      const log = await waitFor(async () => {
        const text = await controller.logText();
        return text.includes('private/app') && text.includes('private/excluded') ? text : undefined;
      }, { what: 'both imports in the controller log', timeoutMs: 5_000, intervalMs: 100 });
      for (const secret of credentialForms) expect(log).to.not.include(secret);
    });
  });
}

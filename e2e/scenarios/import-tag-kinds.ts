import { expect } from 'chai';
import { CustomObjectsApi } from '@kubernetes/client-node';
import { pushImage, startFaultProxy, startRegistry, type FaultProxy, type TestRegistry } from '../../test/support/registry/index.js';
import { createNamespace } from '../support/api.js';
import type { E2eContext } from '../support/context.js';
import type { ImageStream, TagEvent, TagReference } from '../../src/core/types.js';
import { ControllerFixture, eventsOf, IMAGE_STREAMS, importCondition, newestEvent } from '../support/import-fixture.js';

/** A stream whose every tag may use plain HTTP (the fault proxy in front of the plain registry). */
function stream(namespace: string, name: string, tags: TagReference[]): object {
  return {
    apiVersion: 'image.openshift.io/v1',
    kind: 'ImageStream',
    metadata: { name, namespace, annotations: { 'openshift.io/image.insecureRepository': 'true' } },
    spec: { tags },
  };
}

const dockerTag = (name: string, from: string, extra: Partial<TagReference> = {}): TagReference => ({ name, from: { kind: 'DockerImage', name: from }, ...extra });

/**
 * Status writes racing the controller's, and the tag kinds beyond a plain DockerImage tag, through
 * the real API server and a real registry behind the harness's fault proxy (which can hold one
 * registry request, freezing the controller between its read of the stream and its status write).
 */
export function importTagKindScenarios(ctx: E2eContext): void {
  describe('import controller: concurrent status writes and tag kinds', () => {
    const controller = new ControllerFixture(ctx);
    let registry: TestRegistry | undefined;
    let proxy: FaultProxy | undefined;
    let ns = '';
    const proxyOf = (): FaultProxy => {
      if (proxy === undefined) throw new Error('fault proxy not started');
      return proxy;
    };
    const registryOf = (): TestRegistry => {
      if (registry === undefined) throw new Error('registry not started');
      return registry;
    };
    const api = () => ctx.admin.makeApiClient(CustomObjectsApi);
    const create = (name: string, tags: TagReference[]) => ctx.objects().create(stream(ns, name, tags) as never);
    const newestIs = (tag: string, digest: string) => (s: ImageStream) => (newestEvent(s, tag)?.image === digest ? s : undefined);

    before(async function () {
      this.timeout(120_000);
      registry = await startRegistry({ mode: 'plain' });
      proxy = await startFaultProxy({ target: registry.url });
      await controller.start({ registries: { useCredentials: true, allowed: ['127.0.0.1'] } });
      ns = await createNamespace(ctx.admin, 'tagkinds');
    });
    after(async function () {
      this.timeout(60_000);
      await controller.stop();
      await proxy?.close();
      await registry?.stop();
    });

    it('never overwrites a status write made while its import was in flight: 409, re-read, both writers\' tags kept', async () => {
      const pushed = await pushImage({ registry: registryOf(), repository: 'e2e/race', tags: ['v1'], kind: 'oci', content: 'race' });
      const conflicts = 'imagestream_controller_status_writes_total{result="conflict"}';
      const conflictsBefore = await controller.counter(conflicts);
      const held = proxyOf().holdNext('/v2/e2e/race/manifests/');
      try {
        await create('race', [dockerTag('v1', `${proxyOf().host}/e2e/race:v1`)]);
        await held.arrived;
        const read = await controller.read(ns, 'race');
        const other: TagEvent = { created: '2026-01-01T00:00:00Z', dockerImageReference: `${registryOf().host}/e2e/elsewhere@${pushed.digest}`, image: pushed.digest, generation: 1 };
        const status = { ...read.status, tags: [...(read.status?.tags ?? []), { tag: 'mirrored', items: [other] }] };
        await api().replaceNamespacedCustomObjectStatus({ ...IMAGE_STREAMS, namespace: ns, name: 'race', body: { ...read, status } });
        held.release();
        const after = await controller.waitForStream(ns, 'race', 'import of race:v1', newestIs('v1', pushed.digest));
        expect(eventsOf(after, 'mirrored')).to.deep.equal([other]);
        expect(await controller.counter(conflicts) - conflictsBefore, 'status write conflicts the controller retried').to.be.at.least(1);
      } finally {
        held.release();
      }
    });

    it('a same-stream ImageStreamTag alias follows its source when the source tag moves', async () => {
      const first = await pushImage({ registry: registryOf(), repository: 'e2e/alias', tags: ['v1'], kind: 'docker', content: 'alias 1' });
      await create('alias', [dockerTag('v1', `${proxyOf().host}/e2e/alias:v1`), { name: 'stable', from: { kind: 'ImageStreamTag', name: 'alias:v1' } }]);
      const imported = await controller.waitForStream(ns, 'alias', 'alias:stable following v1', newestIs('stable', first.digest));
      const moved = await pushImage({ registry: registryOf(), repository: 'e2e/alias', tags: ['v1'], kind: 'docker', content: 'alias 2' });
      const request = { ...imported, spec: { ...imported.spec, tags: (imported.spec?.tags ?? []).map((t) => (t.name === 'v1' ? { ...t, generation: 0 } : t)) } };
      await api().replaceNamespacedCustomObject({ ...IMAGE_STREAMS, namespace: ns, name: 'alias', body: request });
      const after = await controller.waitForStream(ns, 'alias', 'alias:stable following the moved v1', newestIs('stable', moved.digest));
      expect(eventsOf(after, 'stable').map((e) => e.image)).to.deep.equal([moved.digest, first.digest]);
      expect(newestEvent(after, 'stable')?.dockerImageReference).to.equal(`${proxyOf().host}/e2e/alias@${moved.digest}`);
    });

    it('a reference: true tag gets its event with an empty image, and a new one when its from changes, without asking the registry', async () => {
      const from = `${proxyOf().host}/e2e/never-pushed:1`;
      await create('ref', [dockerTag('pinned', from, { reference: true })]);
      const event = await controller.waitForStream(ns, 'ref', 'event of ref:pinned', (s) => newestEvent(s, 'pinned'));
      expect(event).to.deep.include({ image: '', dockerImageReference: from });
      expect(importCondition(await controller.read(ns, 'ref'), 'pinned')).to.equal(undefined);
      const stored = await controller.read(ns, 'ref');
      const moved = `${proxyOf().host}/e2e/never-pushed:2`;
      const changed = { ...stored, spec: { ...stored.spec, tags: [dockerTag('pinned', moved, { reference: true })] } };
      await api().replaceNamespacedCustomObject({ ...IMAGE_STREAMS, namespace: ns, name: 'ref', body: changed });
      const after = await controller.waitForStream(ns, 'ref', 'event of the changed ref:pinned', (s) => (eventsOf(s, 'pinned').length === 2 ? s : undefined));
      expect(eventsOf(after, 'pinned').map((e) => [e.dockerImageReference, e.image])).to.deep.equal([[moved, ''], [from, '']]);
      expect(proxyOf().requests.filter((r) => r.path.includes('never-pushed'))).to.deep.equal([]);
    });

    it('importMode Legacy records the linux/amd64 manifest of an index (prefer-arch picks another); the default keeps the index digest', async () => {
      const pushed = await pushImage({ registry: registryOf(), repository: 'e2e/multi', tags: ['1'], kind: 'oci-index', content: 'multi', attestation: true });
      const amd64 = pushed.platforms.find((p) => p.os === 'linux' && p.architecture === 'amd64');
      const arm64 = pushed.platforms.find((p) => p.os === 'linux' && p.architecture === 'arm64');
      if (amd64 === undefined || arm64 === undefined) throw new Error('the pushed index lacks linux/amd64 or linux/arm64');
      const from = `${proxyOf().host}/e2e/multi:1`;
      const legacy = { importPolicy: { importMode: 'Legacy' } };
      await create('multi', [
        dockerTag('index', from), dockerTag('legacy', from, legacy),
        dockerTag('arm', from, { ...legacy, annotations: { 'importer.image.openshift.io/prefer-arch': 'arm64' } }),
      ]);
      const done = await controller.waitForStream(ns, 'multi', 'the three tags of multi', (s) => (['index', 'legacy', 'arm'].every((t) => newestEvent(s, t)) ? s : undefined));
      expect(newestEvent(done, 'arm')).to.deep.include({ image: arm64.digest, dockerImageReference: `${proxyOf().host}/e2e/multi@${arm64.digest}` });
      expect(pushed.digest).to.not.equal(amd64.digest);
      expect(newestEvent(done, 'index')).to.deep.include({ image: pushed.digest, dockerImageReference: `${proxyOf().host}/e2e/multi@${pushed.digest}` });
      expect(newestEvent(done, 'legacy')).to.deep.include({ image: amd64.digest, dockerImageReference: `${proxyOf().host}/e2e/multi@${amd64.digest}` });
    });
  });
}

import { expect } from 'chai';
import { CustomObjectsApi } from '@kubernetes/client-node';
import { pushImage, startRegistry, type TestRegistry } from '../../test/support/registry/index.js';
import { LocalController, writeControllerFiles } from '../harness/controller.js';
import { RELEASE } from '../harness/environment.js';
import { freePort } from '../harness/ports.js';
import { waitFor } from '../harness/wait.js';
import { createNamespace, refusal } from '../support/api.js';
import type { E2eContext } from '../support/context.js';

const GROUP = { group: 'image.openshift.io', version: 'v1', plural: 'imagestreams' };

interface Stream {
  metadata: { name: string; namespace: string; generation?: number };
  spec: { tags: { name: string; from?: { kind: string; name: string }; generation?: number | null }[] };
  status?: { tags?: { tag: string; items?: { image: string; generation: number }[]; conditions?: { type: string; generation?: number }[] }[] };
}

/**
 * The chart's ImageStream stamping webhook (`POST /imagestreams`, served by the local `serve`)
 * against the real API server: its prediction of the next `metadata.generation` must equal what the
 * API server then stores, repeated `generation: 0` requests (the no-op write without stamping)
 * each re-import, and a stream the controller could never import is refused when it is written.
 */
export function importStampingScenarios(ctx: E2eContext): void {
  describe('ImageStream tag generation stamping through the real API server', () => {
    let registry: TestRegistry | undefined;
    let controller: LocalController | undefined;
    let ns = '';
    const api = () => ctx.admin.makeApiClient(CustomObjectsApi);
    const read = async (name: string): Promise<Stream> => (await api().getNamespacedCustomObject({ ...GROUP, namespace: ns, name })) as Stream;
    const replace = async (body: Stream): Promise<Stream> =>
      (await api().replaceNamespacedCustomObject({ ...GROUP, namespace: ns, name: body.metadata.name, body })) as Stream;
    /** Read, change, replace; again on 409 (the controller writes status concurrently, bumping resourceVersion). */
    const writeWithRetry = async (name: string, change: (stream: Stream) => void): Promise<{ sent: Stream; stored: Stream }> => {
      for (let attempt = 1; ; attempt++) {
        const sent = await read(name);
        change(sent);
        try {
          return { sent, stored: await replace(sent) };
        } catch (err) {
          if ((err as { code?: unknown }).code !== 409 || attempt >= 10) throw err;
        }
      }
    };
    const registryOf = (): TestRegistry => {
      if (registry === undefined) throw new Error('registry not started');
      return registry;
    };
    const newest = (stream: Stream, tag: string) => stream.status?.tags?.find((t) => t.tag === tag)?.items?.[0];
    const tagGeneration = (stream: Stream, tag: string) => stream.spec.tags.find((t) => t.name === tag)?.generation;
    const observed = (stream: Stream, tag: string): number => {
      const status = stream.status?.tags?.find((t) => t.tag === tag);
      const condition = status?.conditions?.find((c) => c.type === 'ImportSuccess')?.generation ?? 0;
      return Math.max(status?.items?.[0]?.generation ?? 0, condition);
    };
    /**
     * Waits until the controller has observed every tag's stamped generation. The re-import requests
     * below start from a settled stream: a request made while an earlier import of the same tag is
     * still being written can be answered with that import's (older) registry answer.
     */
    const settled = (name: string): Promise<Stream> =>
      waitFor(async () => {
        const stream = await read(name);
        return stream.spec.tags.every((tag) => observed(stream, tag.name) >= (tag.generation ?? 0)) ? stream : undefined;
      }, { what: `${name} observed by the controller`, timeoutMs: 30_000, intervalMs: 100, abortReason: () => controller?.exitStatus() });
    const waitForImage = (name: string, tag: string, digest: string): Promise<Stream> =>
      waitFor(async () => {
        const stream = await read(name);
        return newest(stream, tag)?.image === digest ? stream : undefined;
      }, { what: `${name}:${tag} at ${digest}`, timeoutMs: 30_000, intervalMs: 100, abortReason: () => controller?.exitStatus() });

    before(async function () {
      this.timeout(120_000);
      registry = await startRegistry({ mode: 'tls' });
      const run = ctx.environment.run;
      const files = await writeControllerFiles(run.admin, RELEASE, run.runDir, run.controlPlane.credentials, {
        registries: { caBundleFile: registry.caFile, useCredentials: true, allowed: ['127.0.0.1'] },
      });
      controller = new LocalController(files, await freePort(), run.runDir, ctx.environment.processes);
      await controller.start();
      ns = await createNamespace(ctx.admin, 'stamp');
    });
    after(async function () {
      this.timeout(60_000);
      await controller?.stop();
      await registry?.stop();
    });

    it('stamps every tag of a new stream with its generation 1', async () => {
      const from = `${registryOf().host}/e2e/stamp:v1`;
      const created = (await api().createNamespacedCustomObject({
        ...GROUP, namespace: ns,
        body: { apiVersion: 'image.openshift.io/v1', kind: 'ImageStream', metadata: { name: 'stamp' }, spec: { tags: [{ name: 'v1', from: { kind: 'DockerImage', name: from } }] } },
      })) as Stream;
      expect(created.metadata.generation).to.equal(1);
      expect(tagGeneration(created, 'v1')).to.equal(1);
    });

    it('stamps an added tag with the generation the API server then stores, and leaves the other tag alone', async () => {
      const { stored: after } = await writeWithRetry('stamp', (stream) => {
        stream.spec.tags.push({ name: 'v2', from: { kind: 'DockerImage', name: `${registryOf().host}/e2e/stamp:v2` } });
      });
      expect(after.metadata.generation).to.equal(2);
      expect(tagGeneration(after, 'v2')).to.equal(2);
      expect(tagGeneration(after, 'v1')).to.equal(1);
    });

    it('re-imports on every generation: 0 request, twice in a row with the tag moved in between', async () => {
      await settled('stamp');
      const first = await pushImage({ registry: registryOf(), repository: 'e2e/stamp', tags: ['v1'], kind: 'oci', content: 'stamp 1' });
      const askReimport = async (): Promise<Stream> => {
        const { sent, stored } = await writeWithRetry('stamp', (stream) => {
          stream.spec.tags = stream.spec.tags.map((tag) => (tag.name === 'v1' ? { ...tag, generation: 0 } : tag));
        });
        expect(tagGeneration(stored, 'v1'), 'stamped tag generation').to.equal(stored.metadata.generation);
        expect(stored.metadata.generation, 'bumped by the API server').to.equal((sent.metadata.generation ?? 0) + 1);
        return stored;
      };
      await askReimport();
      await waitForImage('stamp', 'v1', first.digest);
      for (const content of ['stamp 2', 'stamp 3']) {
        const moved = await pushImage({ registry: registryOf(), repository: 'e2e/stamp', tags: ['v1'], kind: 'docker', content });
        const stored = await askReimport();
        const imported = await waitForImage('stamp', 'v1', moved.digest);
        await settled('stamp');
        expect(newest(imported, 'v1')?.generation).to.equal(stored.metadata.generation);
      }
    });

    it('refuses to create a stream with an invalid tag: 422, the webhook\'s message naming the tag, nothing stored', async () => {
      const body = {
        apiVersion: 'image.openshift.io/v1', kind: 'ImageStream', metadata: { name: 'invalid' },
        spec: { tags: [{ name: 'v1', from: { kind: 'DockerImage', name: `${registryOf().host}/e2e/stamp:v1` } }, { name: 'pinned', from: { kind: 'ImageStreamImage', name: 'stamp:v1' } }] },
      };
      const refused = await refusal(api().createNamespacedCustomObject({ ...GROUP, namespace: ns, body }));
      expect(refused.code).to.equal(422);
      expect(refused.message).to.equal(
        `admission webhook "imagestreams.${RELEASE.name}.${RELEASE.namespace}.svc" denied the request: ` +
          'ImageStream.image.openshift.io "invalid" is invalid: tag "pinned": spec.tags[1].from.name: Invalid value: "stamp:v1": must be <stream>@<digest>',
      );
      expect((await refusal(read('invalid'))).code).to.equal(404);
    });

    it('refuses an update that repeats a tag name, and keeps the stored stream', async () => {
      let before = await read('stamp');
      const duplicate = { name: 'v1', from: { kind: 'DockerImage', name: `${registryOf().host}/e2e/stamp:v3` } };
      let refused = await refusal(replace({ ...before, spec: { ...before.spec, tags: [...before.spec.tags, duplicate] } }));
      // A status write by the controller in between makes the write stale (409); try again on a fresh read.
      for (let attempt = 1; refused.code === 409 && attempt < 10; attempt++) {
        before = await read('stamp');
        refused = await refusal(replace({ ...before, spec: { ...before.spec, tags: [...before.spec.tags, duplicate] } }));
      }
      expect(refused.code).to.equal(422);
      expect(refused.message).to.include(`tag "v1": spec.tags[${before.spec.tags.length}].name: Duplicate value: "v1"`);
      expect((await read('stamp')).spec.tags).to.deep.equal(before.spec.tags);
    });

    it('a write that changes no tag keeps every stamp and the generation unchanged', async () => {
      const { sent: before, stored: after } = await writeWithRetry('stamp', () => undefined);
      expect(after.metadata.generation).to.equal(before.metadata.generation);
      expect(after.spec.tags).to.deep.equal(before.spec.tags);
    });
  });
}

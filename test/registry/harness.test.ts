import { expect } from 'chai';
import { IMAGE_KINDS, pushImage, startRegistry, type RegistryMode, type TestRegistry } from '../support/registry/index.js';
import { PushClient } from '../support/registry/push-client.js';

const ACCEPT_ALL = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

async function headDigest(registry: TestRegistry, repository: string, reference: string): Promise<{ status: number; digest: unknown; type: unknown }> {
  const client = new PushClient(registry);
  try {
    const res = await client.request('HEAD', `/v2/${repository}/manifests/${reference}`, `repository:${repository}:pull`, { accept: ACCEPT_ALL });
    return { status: res.status, digest: res.headers['docker-content-digest'], type: res.headers['content-type'] };
  } finally {
    client.close();
  }
}

describe('test registry harness (real docker-registry on 127.0.0.1)', function () {
  this.timeout(60_000);
  const modes: RegistryMode[] = ['plain', 'tls', 'basic', 'token'];
  for (const mode of modes) {
    describe(`${mode} mode`, () => {
      let registry: TestRegistry;
      before(async () => {
        registry = await startRegistry({ mode });
      });
      after(async () => registry.stop());

      for (const kind of IMAGE_KINDS) {
        it(`a pushed ${kind} answers HEAD with the pusher's digest and media type`, async () => {
          const pushed = await pushImage({ registry, repository: `acme/${kind}`, tags: ['v1', 'latest'], kind });
          for (const tag of ['v1', 'latest', pushed.digest]) {
            expect(await headDigest(registry, `acme/${kind}`, tag)).to.deep.equal({ status: 200, digest: pushed.digest, type: pushed.mediaType });
          }
        });
      }
    });
  }

  describe('content addressing', () => {
    let registry: TestRegistry;
    before(async () => {
      registry = await startRegistry({ mode: 'plain' });
    });
    after(async () => registry.stop());

    it('the same content gives the same digests, new content moves the tag', async () => {
      const first = await pushImage({ registry, repository: 'acme/move', tags: ['v1'], kind: 'oci-index', content: 'one' });
      const again = await pushImage({ registry, repository: 'acme/move', tags: ['v1'], kind: 'oci-index', content: 'one' });
      expect(again).to.deep.equal(first);
      const moved = await pushImage({ registry, repository: 'acme/move', tags: ['v1'], kind: 'oci-index', content: 'two' });
      expect(moved.digest).to.not.equal(first.digest);
      expect((await headDigest(registry, 'acme/move', 'v1')).digest).to.equal(moved.digest);
    });

    it('multi-arch images list linux/amd64 and linux/arm64/v8, with the attestation entry first when asked', async () => {
      const pushed = await pushImage({ registry, repository: 'acme/att', tags: ['v1'], kind: 'docker-list', attestation: true });
      expect(pushed.platforms.map((p) => `${p.os}/${p.architecture}${p.variant === undefined ? '' : `/${p.variant}`}`))
        .to.deep.equal(['unknown/unknown', 'linux/amd64', 'linux/arm64/v8']);
      for (const p of pushed.platforms) expect((await headDigest(registry, 'acme/att', p.digest)).digest).to.equal(p.digest);
    });

    it('a killed registry refuses connections and serves the same content after restart', async () => {
      const pushed = await pushImage({ registry, repository: 'acme/outage', tags: ['v1'], kind: 'docker' });
      await registry.kill();
      let failure: unknown;
      await headDigest(registry, 'acme/outage', 'v1').catch((err: unknown) => { failure = err; });
      expect(failure).to.be.instanceOf(Error);
      await registry.restart();
      expect((await headDigest(registry, 'acme/outage', 'v1')).digest).to.equal(pushed.digest);
    });
  });
});

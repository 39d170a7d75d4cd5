import { expect } from 'chai';
import { createRegistryClient, type ClosableRegistryClient } from '../../src/registry/index.js';
import { IMAGE_KINDS, pushImage, startRegistry, type RegistryMode, type TestRegistry } from '../support/registry/index.js';
import { PushClient } from '../support/registry/push-client.js';
import { importRequest, pullSecret } from './client-fixture.js';
import { fakeClock } from './fake-clock.js';

const ACCEPT_ALL = 'application/vnd.oci.image.index.v1+json, application/vnd.docker.distribution.manifest.list.v2+json, '
  + 'application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json';

/** The registry's own answer, asked independently of the client under test. */
async function registryDigest(registry: TestRegistry, repository: string, tag: string): Promise<unknown> {
  const client = new PushClient(registry);
  try {
    const res = await client.request('HEAD', `/v2/${repository}/manifests/${tag}`, `repository:${repository}:pull`, { accept: ACCEPT_ALL });
    return res.headers['docker-content-digest'];
  } finally {
    client.close();
  }
}

describe('registry client against the real registry: four modes × four manifest kinds', function () {
  this.timeout(60_000);
  const modes: RegistryMode[] = ['plain', 'tls', 'basic', 'token'];
  for (const mode of modes) {
    describe(`${mode} registry`, () => {
      let registry: TestRegistry;
      let client: ClosableRegistryClient;
      before(async () => {
        registry = await startRegistry({ mode });
        client = createRegistryClient({ caBundle: registry.caPem, clock: fakeClock() });
      });
      after(async () => {
        client.close();
        await registry.stop();
      });
      const request = (tag: string, overrides: Parameters<typeof importRequest>[1] = {}): ReturnType<typeof importRequest> =>
        importRequest(`${registry.host}/acme/app:${tag}`, {
          insecure: mode === 'plain',
          pullSecrets: registry.user === undefined ? [] : [pullSecret('dockerconfigjson', registry.host, registry.user, registry.password ?? '')],
          ...overrides,
        });

      for (const kind of IMAGE_KINDS) {
        it(`${kind}: PreserveOriginal records the registry's Docker-Content-Digest, which is the pushed digest`, async () => {
          const pushed = await pushImage({ registry, repository: 'acme/app', tags: [kind], kind, attestation: kind.endsWith('index') || kind.endsWith('list') });
          const got = await client.importImage(request(kind));
          expect(got).to.deep.equal({ dockerImageReference: `${registry.host}/acme/app@${pushed.digest}`, image: pushed.digest, mediaType: pushed.mediaType });
          expect(await registryDigest(registry, 'acme/app', kind)).to.equal(got.image);
        });

        it(`${kind}: Legacy records linux/amd64 by default and linux/arm64 when asked, never the attestation`, async () => {
          const multi = kind === 'docker-list' || kind === 'oci-index';
          const pushed = await pushImage({ registry, repository: 'acme/legacy', tags: [kind], kind, attestation: multi });
          const amd64 = await client.importImage(request(kind, { importMode: 'Legacy', reference: `${registry.host}/acme/legacy:${kind}` }));
          const arm64 = await client.importImage(request(kind, { importMode: 'Legacy', reference: `${registry.host}/acme/legacy:${kind}`,
            platform: { os: 'linux', architecture: 'arm64' } }));
          const byArch = (arch: string): string | undefined => pushed.platforms.find((p) => p.architecture === arch)?.digest;
          expect(amd64.image).to.equal(multi ? byArch('amd64') : pushed.digest);
          expect(arm64.image).to.equal(multi ? byArch('arm64') : pushed.digest);
          expect(amd64.dockerImageReference).to.equal(`${registry.host}/acme/legacy@${amd64.image}`);
          expect(amd64.mediaType).to.equal(multi ? pushed.platforms[1]?.mediaType : pushed.mediaType);
        });
      }

      it('a digest-pinned reference records that digest', async () => {
        const pushed = await pushImage({ registry, repository: 'acme/pinned', tags: ['v1'], kind: 'oci-index' });
        const got = await client.importImage(request('x', { reference: `${registry.host}/acme/pinned@${pushed.digest}` }));
        expect(got.image).to.equal(pushed.digest);
      });

      it('an unknown tag is NotFound in OpenShift words', async () => {
        const err = await client.importImage(request('missing')).then(() => undefined, (e: unknown) => e);
        expect(err).to.have.property('reason', 'NotFound');
        expect(err).to.have.property('message', `dockerimage.image.openshift.io "${registry.host}/acme/app:missing" not found`);
      });
    });
  }
});

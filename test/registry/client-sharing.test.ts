import { expect } from 'chai';
import { createRegistryClient } from '../../src/registry/index.js';
import { pushImage, startRegistry, type TestRegistry } from '../support/registry/index.js';
import { importRequest, pullSecret, requestRecorder } from './client-fixture.js';
import { fakeClock } from './fake-clock.js';

describe('registry client: identical checks share one registry request', function () {
  this.timeout(60_000);
  let registry: TestRegistry;
  let digest: string;
  before(async () => {
    registry = await startRegistry({ mode: 'basic' });
    digest = (await pushImage({ registry, repository: 'library/nginx', tags: ['1.27'], kind: 'oci-index' })).digest;
  });
  after(async () => registry.stop());

  function setup(): { client: ReturnType<typeof createRegistryClient>; recorder: ReturnType<typeof requestRecorder>; clock: ReturnType<typeof fakeClock> } {
    const recorder = requestRecorder();
    const clock = fakeClock();
    return { client: createRegistryClient({ caBundle: registry.caPem, onRequest: recorder.onRequest, clock, shareTtlMs: 5_000 }), recorder, clock };
  }
  const secret = (password: string): ReturnType<typeof pullSecret> => pullSecret('dockerconfigjson', registry.host, registry.user ?? '', password);

  it('50 namespaces importing the same reference at once cost one HEAD', async () => {
    const { client, recorder } = setup();
    const request = importRequest(`${registry.host}/library/nginx:1.27`, { pullSecrets: [secret(registry.password ?? '')] });
    const results = await Promise.all(Array.from({ length: 50 }, () => client.importImage(request)));
    client.close();
    expect(new Set(results.map((r) => r.image))).to.deep.equal(new Set([digest]));
    expect(recorder.count('manifest', 'HEAD')).to.equal(1);
    expect(recorder.count('ping')).to.equal(1);
  });

  it('a check that just finished is shared for the TTL, then the registry is asked again', async () => {
    const { client, recorder, clock } = setup();
    const request = importRequest(`${registry.host}/library/nginx:1.27`, { pullSecrets: [secret(registry.password ?? '')] });
    await client.importImage(request);
    clock.advance(4_000);
    await client.importImage(request);
    expect(recorder.count('manifest', 'HEAD')).to.equal(1);
    clock.advance(2_000);
    await client.importImage(request);
    client.close();
    expect(recorder.count('manifest', 'HEAD')).to.equal(2);
  });

  it('is not shared across credentials, insecure flags, import modes or platforms', async () => {
    const { client, recorder } = setup();
    const base = importRequest(`${registry.host}/library/nginx:1.27`, { pullSecrets: [secret(registry.password ?? '')] });
    const outcomes = await Promise.allSettled([
      client.importImage(base),
      client.importImage({ ...base, pullSecrets: [secret('another-password')] }),
      client.importImage({ ...base, insecure: true }),
      client.importImage({ ...base, importMode: 'Legacy' }),
      client.importImage({ ...base, importMode: 'Legacy', platform: { os: 'linux', architecture: 'arm64' } }),
    ]);
    client.close();
    expect(outcomes.map((o) => o.status)).to.deep.equal(['fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled']);
    const firstTry = recorder.events.filter((e) => e.kind === 'manifest' && e.method === 'HEAD');
    expect(firstTry.length, 'one HEAD each, plus the anonymous retry of the wrong password').to.equal(6);
  });
});

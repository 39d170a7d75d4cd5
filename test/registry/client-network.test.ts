import { expect } from 'chai';
import type { LookupAddress } from 'node:dns';
import { createRegistryClient, RegistryError, type LookupFunction, type RegistryClientOptions } from '../../src/registry/index.js';
import { pushImage, startFaultProxy, startRegistry, type FaultProxy, type TestRegistry } from '../support/registry/index.js';
import { importRequest, rejectionOf, requestRecorder, startPaginatingFake } from './client-fixture.js';
import { fakeClock } from './fake-clock.js';

function setup(options: Partial<RegistryClientOptions> = {}): { client: ReturnType<typeof createRegistryClient>;
  recorder: ReturnType<typeof requestRecorder>; clock: ReturnType<typeof fakeClock> } {
  const recorder = requestRecorder();
  const clock = fakeClock();
  return { client: createRegistryClient({ onRequest: recorder.onRequest, clock, ...options }), recorder, clock };
}

/** A lookup that answers fixed addresses for every name (tests never ask DNS). */
function lookupTo(addresses: string[]): LookupFunction {
  return (_host, options, callback) => {
    const all: LookupAddress[] = addresses.map((address) => ({ address, family: 4 }));
    if (options.all === true) callback(null, all);
    else callback(null, all[0]?.address ?? '', 4);
  };
}

describe('registry client: schemes, TLS, outages, rate limits and refusals', function () {
  this.timeout(60_000);

  describe('plain HTTP registry', () => {
    let registry: TestRegistry;
    let digest: string;
    before(async () => {
      registry = await startRegistry({ mode: 'plain' });
      digest = (await pushImage({ registry, repository: 'acme/app', tags: ['v1'], kind: 'docker' })).digest;
    });
    after(async () => registry.stop());

    it('without the insecure flag is BadRequest in OpenShift words', async () => {
      const { client } = setup();
      const err = await rejectionOf(client.importImage(importRequest(`${registry.host}/acme/app:v1`)));
      client.close();
      expect(err).to.be.instanceOf(RegistryError);
      expect(err).to.include({ reason: 'BadRequest',
        message: `the repository ${registry.host}/acme/app is HTTP only and requires the insecure flag to import` });
    });

    it('with the insecure flag imports over plain HTTP after trying HTTPS', async () => {
      const { client, recorder } = setup();
      expect((await client.importImage(importRequest(`${registry.host}/acme/app:v1`, { insecure: true }))).image).to.equal(digest);
      client.close();
      expect(recorder.events.map((e) => `${e.kind} ${e.status}`)).to.deep.equal(['ping 0', 'ping 200', 'manifest 200']);
    });

    it('resolves names through the injected lookup at connect time', async () => {
      const { client } = setup({ lookup: lookupTo(['127.0.0.1']) });
      const port = registry.host.split(':')[1] ?? '';
      expect((await client.importImage(importRequest(`registry.test:${port}/acme/app:v1`, { insecure: true }))).image).to.equal(digest);
      client.close();
    });

    it('refuses a name that resolves to a link-local address before connecting', async () => {
      const { client } = setup({ lookup: lookupTo(['127.0.0.1', '169.254.7.7']) });
      const port = registry.host.split(':')[1] ?? '';
      const err = await rejectionOf(client.importImage(importRequest(`registry.test:${port}/acme/app:v1`, { insecure: true })));
      client.close();
      expect(err).to.include({ reason: 'Blocked' });
      expect((err as Error).message).to.equal(`importing "registry.test:${port}/acme/app:v1" is refused: 169.254.7.7 is a link-local address`);
    });

    const refusedLiterals: { reference: string; rule: string }[] = [
      { reference: '169.254.169.254/latest/meta-data:v1', rule: '169.254.169.254 is a cloud metadata address' },
      { reference: '[fe80::1]:5000/acme/app:v1', rule: 'fe80::1 is a link-local address' },
      { reference: 'metadata.google.internal/computemetadata/v1:x', rule: 'metadata.google.internal is a cloud metadata host name' },
    ];
    for (const c of refusedLiterals) {
      it(`refuses ${c.reference} without sending any request`, async () => {
        const { client, recorder } = setup();
        const err = await rejectionOf(client.importImage(importRequest(c.reference, { insecure: true })));
        client.close();
        expect(err).to.include({ reason: 'Blocked', message: `importing "${c.reference}" is refused: ${c.rule}` });
        expect(recorder.events).to.deep.equal([]);
      });
    }

    it("refuses registries by the admin's block-list and allow-list, saying which rule", async () => {
      const blockedClient = setup({ blockedRegistries: [registry.host] }).client;
      const allowedClient = setup({ allowedRegistries: ['*.example.com'] }).client;
      const request = importRequest(`${registry.host}/acme/app:v1`, { insecure: true });
      expect(await rejectionOf(blockedClient.importImage(request))).to.include({ reason: 'Blocked',
        message: `importing "${registry.host}/acme/app:v1" is refused: registry ${registry.host} matches the blocked registry "${registry.host}"` });
      expect(await rejectionOf(allowedClient.importImage(request))).to.include({ reason: 'Blocked',
        message: `importing "${registry.host}/acme/app:v1" is refused: registry ${registry.host} is not in the allowed registries` });
      blockedClient.close();
      allowedClient.close();
    });

    it("lists a repository's tags (this registry answers them in one page, in its own order), capped", async () => {
      for (const tag of ['a', 'b', 'c', 'd', 'e', 'f']) await pushImage({ registry, repository: 'acme/many', tags: [tag], kind: 'docker', content: 'same' });
      const all = setup();
      const tags = await all.client.listTags({ reference: `${registry.host}/acme/many`, insecure: true, pullSecrets: [] });
      expect([...tags].sort()).to.deep.equal(['a', 'b', 'c', 'd', 'e', 'f']);
      const capped = setup({ maxTags: 3 });
      const few = await capped.client.listTags({ reference: `${registry.host}/acme/many`, insecure: true, pullSecrets: [] });
      expect(few).to.deep.equal(tags.slice(0, 3));
      all.client.close();
      capped.client.close();
    });

    it('follows Link: rel="next" pages of n tags (a paginating fake, as distribution 2.8 does not paginate)', async () => {
      const fake = await startPaginatingFake(['t1', 't2', 't3', 't4', 't5', 't6', 't7']);
      try {
        const all = setup({ tagsPageSize: 3 });
        expect(await all.client.listTags({ reference: `${fake.host}/acme/many`, insecure: true, pullSecrets: [] }))
          .to.deep.equal(['t1', 't2', 't3', 't4', 't5', 't6', 't7']);
        expect(all.recorder.count('tags')).to.equal(3);
        const capped = setup({ tagsPageSize: 2, maxTags: 3 });
        expect(await capped.client.listTags({ reference: `${fake.host}/acme/many`, insecure: true, pullSecrets: [] }))
          .to.deep.equal(['t1', 't2', 't3']);
        expect(capped.recorder.count('tags')).to.equal(2);
        all.client.close();
        capped.client.close();
      } finally {
        await fake.close();
      }
    });
  });

  describe('TLS registry', () => {
    let registry: TestRegistry;
    let digest: string;
    before(async () => {
      registry = await startRegistry({ mode: 'tls' });
      digest = (await pushImage({ registry, repository: 'acme/app', tags: ['v1'], kind: 'oci' })).digest;
    });
    after(async () => registry.stop());
    const request = (insecure: boolean): ReturnType<typeof importRequest> => importRequest(`${registry.host}/acme/app:v1`, { insecure });

    it('is verified against the configured CA bundle', async () => {
      const { client } = setup({ caBundle: registry.caPem });
      expect((await client.importImage(request(false))).image).to.equal(digest);
      client.close();
    });

    it('without the CA is an InternalError naming the certificate problem', async () => {
      const { client } = setup();
      const err = await rejectionOf(client.importImage(request(false)));
      client.close();
      expect(err).to.include({ reason: 'InternalError' });
      expect((err as Error).message).to.match(/certificate/);
    });

    it('without the CA but insecure skips verification', async () => {
      const { client } = setup();
      expect((await client.importImage(request(true))).image).to.equal(digest);
      client.close();
    });
  });

  describe('outages and rate limits', () => {
    let registry: TestRegistry;
    let proxy: FaultProxy;
    let digest: string;
    before(async () => {
      registry = await startRegistry({ mode: 'plain' });
      proxy = await startFaultProxy({ target: registry.url });
      digest = (await pushImage({ registry, repository: 'acme/app', tags: ['v1'], kind: 'docker-list' })).digest;
    });
    after(async () => {
      await proxy.close();
      await registry.stop();
    });

    it('a registry stopped mid-run is an InternalError, and the next check after it is back recovers', async () => {
      const { client, clock, recorder } = setup();
      const request = importRequest(`${registry.host}/acme/app:v1`, { insecure: true });
      expect((await client.importImage(request)).image).to.equal(digest);
      await registry.kill();
      clock.advance(10_000);
      const err = await rejectionOf(client.importImage(request));
      expect(err).to.include({ reason: 'InternalError' });
      expect((err as Error).message).to.include(`registry ${registry.host} is unreachable`);
      expect(recorder.events.slice(-3).map((e) => e.status), 'three tries, no answer').to.deep.equal([0, 0, 0]);
      await registry.restart();
      clock.advance(10_000);
      expect((await client.importImage(request)).image).to.equal(digest);
      client.close();
    });

    it("retries a 429 after the registry's Retry-After and counts both requests", async () => {
      const { client, clock, recorder } = setup();
      proxy.failNext({ status: 429, headers: { 'retry-after': '7' } }, 1, '/v2/acme/app/manifests/');
      expect((await client.importImage(importRequest(`${proxy.host}/acme/app:v1`, { insecure: true }))).image).to.equal(digest);
      client.close();
      expect(recorder.events.filter((e) => e.kind === 'manifest').map((e) => e.status)).to.deep.equal([429, 200]);
      expect(clock.sleeps).to.include(7000);
    });

    it('a Retry-After beyond the cap fails at once as TooManyRequests', async () => {
      const { client, clock } = setup({ retry: { attempts: 3, baseDelayMs: 100, maxDelayMs: 5_000 } });
      proxy.failNext({ status: 429, headers: { 'retry-after': '3600' } }, 1, '/v2/acme/app/manifests/');
      const err = await rejectionOf(client.importImage(importRequest(`${proxy.host}/acme/app:v1`, { insecure: true })));
      client.close();
      expect(err).to.include({ reason: 'TooManyRequests' });
      expect((err as Error).message).to.include('retry after 3600s');
      expect(clock.sleeps.filter((ms) => ms >= 5_000)).to.deep.equal([]);
    });

    it('a HEAD without Docker-Content-Digest is followed by a GET whose body is hashed', async () => {
      const { client, recorder } = setup();
      proxy.dropHeaders(['docker-content-digest']);
      try {
        expect((await client.importImage(importRequest(`${proxy.host}/acme/app:v1`, { insecure: true }))).image).to.equal(digest);
      } finally {
        proxy.dropHeaders([]);
        client.close();
      }
      expect(recorder.events.filter((e) => e.kind === 'manifest').map((e) => e.method)).to.deep.equal(['HEAD', 'GET']);
    });

    it('a manifest larger than maxBodyBytes is refused without reading it all', async () => {
      const { client, recorder } = setup({ maxBodyBytes: 64 });
      const err = await rejectionOf(client.importImage(importRequest(`${registry.host}/acme/app:v1`, { insecure: true, importMode: 'Legacy' })));
      client.close();
      expect(err).to.include({ reason: 'InternalError' });
      expect((err as Error).message).to.include(`registry ${registry.host} answered with a body over 64 bytes`);
      expect(recorder.count('manifest', 'GET'), 'not retried').to.equal(1);
    });

    it('spaces requests to one registry by its token bucket on the injected clock', async () => {
      const { client, clock, recorder } = setup({ rateLimit: { requestsPerSecond: 2, burst: 1 } });
      for (const tag of ['r1', 'r2', 'r3']) await pushImage({ registry, repository: 'acme/limited', tags: [tag], kind: 'docker', content: tag });
      for (const tag of ['r1', 'r2', 'r3']) await client.importImage(importRequest(`${registry.host}/acme/limited:${tag}`, { insecure: true }));
      client.close();
      expect(recorder.events.map((e) => e.kind)).to.deep.equal(['ping', 'ping', 'manifest', 'manifest', 'manifest']);
      expect(clock.sleeps, 'the first request uses the burst; each next one waits 1/2 s').to.deep.equal([500, 500, 500, 500]);
    });

    it('retries 5xx with backoff, then reports InternalError with the status', async () => {
      const { client, clock, recorder } = setup({ retry: { attempts: 3, baseDelayMs: 100, maxDelayMs: 5_000 } });
      proxy.failNext({ status: 503 }, 3, '/v2/acme/app/manifests/');
      const err = await rejectionOf(client.importImage(importRequest(`${proxy.host}/acme/app:v1`, { insecure: true })));
      client.close();
      expect(err).to.include({ reason: 'InternalError', status: 503 });
      expect(recorder.count('manifest', 'HEAD')).to.equal(3);
      expect(clock.sleeps.filter((ms) => ms === 100 || ms === 200)).to.deep.equal([100, 200]);
    });
  });
});

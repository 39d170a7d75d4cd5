import { expect } from 'chai';
import { createRegistryClient, RegistryError, type RegistryClientOptions } from '../../src/registry/index.js';
import { pushImage, startRegistry, type TestRegistry } from '../support/registry/index.js';
import { importRequest, pullSecret, rejectionOf, requestRecorder } from './client-fixture.js';
import { fakeClock } from './fake-clock.js';

describe('registry client credentials and the /v2/ challenge flow', function () {
  this.timeout(60_000);
  for (const mode of ['basic', 'token'] as const) {
    describe(`${mode} auth`, () => {
      let registry: TestRegistry;
      let digest: string;
      before(async () => {
        registry = await startRegistry({ mode, tokenExpiresIn: 60 });
        digest = (await pushImage({ registry, repository: 'private/app', tags: ['v1'], kind: 'oci-index' })).digest;
      });
      after(async () => registry.stop());

      function setup(options: Partial<RegistryClientOptions> = {}): { client: ReturnType<typeof createRegistryClient>;
        recorder: ReturnType<typeof requestRecorder>; clock: ReturnType<typeof fakeClock> } {
        const recorder = requestRecorder();
        const clock = fakeClock();
        const client = createRegistryClient({ caBundle: registry.caPem, onRequest: recorder.onRequest, clock, ...options });
        return { client, recorder, clock };
      }
      const reference = (): string => `${registry.host}/private/app:v1`;

      for (const format of ['dockerconfigjson', 'dockercfg'] as const) {
        it(`imports with credentials from a ${format} secret`, async () => {
          const { client } = setup();
          const secret = pullSecret(format, registry.host, registry.user ?? '', registry.password ?? '');
          try {
            expect((await client.importImage(importRequest(reference(), { pullSecrets: [secret] }))).image).to.equal(digest);
          } finally {
            client.close();
          }
        });
      }

      it('with wrong credentials retries anonymously, then reports Unauthorized without the password', async () => {
        const { client, recorder } = setup();
        const refusedBefore = registry.tokenCounts?.refused ?? 0;
        const secret = pullSecret('dockerconfigjson', registry.host, registry.user ?? '', 'wrong-password');
        const err = await rejectionOf(client.importImage(importRequest(reference(), { pullSecrets: [secret] })));
        client.close();
        expect(err).to.be.instanceOf(RegistryError);
        expect(err).to.include({ reason: 'Unauthorized', message: `you may not have access to the container image "${reference()}"` });
        if (mode === 'basic') {
          expect(recorder.count('manifest', 'HEAD'), 'one HEAD with the credentials, one anonymous').to.equal(2);
        } else {
          expect((registry.tokenCounts?.refused ?? 0) - refusedBefore, 'the realm refused the credentials once').to.equal(1);
          expect(recorder.count('token'), 'one token request with the credentials, one anonymous').to.equal(2);
        }
        const everything = JSON.stringify([String(err), (err as Error).stack, recorder.events]);
        expect(everything).to.not.include('wrong-password');
        expect(everything).to.not.include(Buffer.from(`${registry.user ?? ''}:wrong-password`).toString('base64'));
      });

      it('without secrets is Unauthorized', async () => {
        const { client } = setup();
        const err = await rejectionOf(client.importImage(importRequest(reference())));
        client.close();
        expect(err).to.include({ reason: 'Unauthorized' });
      });

      it('with credentials: none ignores even the right secret', async () => {
        const { client } = setup({ credentials: 'none' });
        const secret = pullSecret('dockerconfigjson', registry.host, registry.user ?? '', registry.password ?? '');
        const err = await rejectionOf(client.importImage(importRequest(reference(), { pullSecrets: [secret] })));
        client.close();
        expect(err).to.include({ reason: 'Unauthorized' });
      });

      it('does not send a secret for another registry', async () => {
        const { client, recorder } = setup();
        const secret = pullSecret('dockerconfigjson', 'other.example.com', registry.user ?? '', registry.password ?? '');
        const err = await rejectionOf(client.importImage(importRequest(reference(), { pullSecrets: [secret] })));
        client.close();
        expect(err).to.include({ reason: 'Unauthorized' });
        expect(recorder.count('manifest', 'HEAD'), 'anonymous only, no credential retry').to.equal(1);
      });

      it('an unchanged re-check costs exactly one HEAD once the challenge and token are cached', async () => {
        const { client, recorder, clock } = setup();
        const request = importRequest(reference(), { pullSecrets: [pullSecret('dockerconfigjson', registry.host, registry.user ?? '', registry.password ?? '')] });
        await client.importImage(request);
        expect(recorder.events.map((e) => `${e.kind} ${e.method} ${e.status}`)).to.deep.equal(
          mode === 'token' ? ['ping GET 401', 'token GET 200', 'manifest HEAD 200'] : ['ping GET 401', 'manifest HEAD 200']);
        recorder.reset();
        clock.advance(20_000);
        expect((await client.importImage(request)).image).to.equal(digest);
        expect(recorder.events.map((e) => `${e.kind} ${e.method} ${e.status}`)).to.deep.equal(['manifest HEAD 200']);
        if (mode === 'token') {
          recorder.reset();
          clock.advance(60_000);
          await client.importImage(request);
          expect(recorder.count('token'), 'an expired token is fetched again').to.equal(1);
        }
        client.close();
      });
    });
  }
});

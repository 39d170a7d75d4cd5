/**
 * The companion's HTTP edges, started by its composition root against the fake API server:
 * `/token` (TokenReview + SubjectAccessReviews → an ES256 token granting only what RBAC allows)
 * and `/events` (bearer-protected notifications → ImageStream status writes).
 */
import { expect } from 'chai';
import { createPublicKey } from 'node:crypto';
import { decodeProtectedHeader, importSPKI, jwtVerify } from 'jose';
import { after, before, beforeEach, describe, it } from 'mocha';
import type { ImageStream } from '../../src/core/types.js';
import { libtrustKeyId } from '../../src/integrated-registry/key-id.js';
import { EVENTS_TOKEN, ISSUER, postEvents, requestToken, send, SERVICE, startCompanion, type CompanionHarness } from './companion-harness.js';


const D1 = `sha256:${'1'.repeat(64)}`;
const D2 = `sha256:${'2'.repeat(64)}`;
const pushEvent = (id: string, digest: string, tag = 'v1', repository = 'myproject/app'): Record<string, unknown> => ({
  id, timestamp: '2026-12-07T10:00:00Z', action: 'push', actor: { name: 'alice' },
  target: { mediaType: 'application/vnd.docker.distribution.manifest.v2+json', digest, size: 527, repository, tag },
});

interface Claims {
  iss: string; sub: string; aud: unknown; exp: number; nbf: number; iat: number; jti: string;
  access: { type: string; name: string; actions: string[] }[];
}

describe('integrated registry companion: HTTP edges', function () {
  this.timeout(30_000);
  let h: CompanionHarness;
  before(async () => {
    h = await startCompanion();
  });
  after(async () => h.stop());
  beforeEach(() => {
    h.api.remove('myproject', 'app');
    h.api.accessReviews.length = 0;
  });

  const verify = async (body: string): Promise<Claims> => {
    const answer = JSON.parse(body) as { token: string; access_token: string; expires_in: number; issued_at: string };
    expect(answer.access_token).to.equal(answer.token);
    expect(answer.expires_in).to.equal(300);
    const key = await importSPKI(h.tokenPublicKeyPem, 'ES256');
    const { payload } = await jwtVerify(answer.token, key, { issuer: ISSUER, audience: SERVICE });
    expect(new Date(answer.issued_at).getTime() / 1000).to.equal(payload.iat);
    return payload as unknown as Claims;
  };

  describe('GET /token', () => {
    it('a request without a password gets 401 with a Basic challenge, and no API call', async () => {
      const reviews = h.api.tokenReviews;
      const answer = await requestToken(h, ['repository:myproject/app:pull']);
      expect(answer.status).to.equal(401);
      expect(answer.headers['www-authenticate']).to.equal(`Basic realm="${SERVICE}"`);
      expect(h.api.tokenReviews).to.equal(reviews);
    });

    it('a password that is not a valid Kubernetes token gets 401', async () => {
      const answer = await requestToken(h, ['repository:myproject/app:pull,push'], 'forged');
      expect(answer.status).to.equal(401);
      expect(answer.headers['www-authenticate']).to.match(/^Basic /);
    });

    it('an editor pushing to a new stream gets pull and push, signed as distribution accepts', async () => {
      const answer = await requestToken(h, ['repository:myproject/app:pull,push'], 'alice-token');
      expect(answer.status).to.equal(200);
      const token = (JSON.parse(answer.body) as { token: string }).token;
      const header = decodeProtectedHeader(token);
      expect(header).to.include({ alg: 'ES256', typ: 'JWT' });
      expect(header.kid).to.equal(libtrustKeyId(createPublicKey(h.tokenPublicKeyPem).export({ type: 'spki', format: 'der' })));
      const claims = await verify(answer.body);
      expect(claims).to.include({ iss: ISSUER, sub: 'alice', aud: SERVICE });
      expect(claims.exp - claims.iat).to.equal(300);
      expect(claims.nbf).to.equal(claims.iat);
      expect(claims.jti).to.be.a('string').and.not.equal('');
      expect(claims.access).to.deep.equal([{ type: 'repository', name: 'myproject/app', actions: ['pull', 'push'] }]);
    });

    it('asks the API server as the token\'s user, about imagestreams/layers and stream creation', async () => {
      // erin asks nothing else in these tests, so no answer comes from the review cache.
      await requestToken(h, ['repository:myproject/app:pull,push'], 'erin-token');
      const asked = h.api.accessReviews.map((spec) => `${spec.user} ${spec.groups?.join(',')} ${spec.resourceAttributes?.verb} ${spec.resourceAttributes?.resource}/${spec.resourceAttributes?.subresource ?? ''} in ${spec.resourceAttributes?.namespace}`);
      expect(asked.sort()).to.deep.equal([
        'erin system:authenticated create imagestreams/ in myproject',
        'erin system:authenticated get imagestreams/layers in myproject',
        'erin system:authenticated update imagestreams/layers in myproject',
      ]);
    });

    it('update on layers without create pushes to an existing stream but not to a new one', async () => {
      const fresh = await verify((await requestToken(h, ['repository:myproject/app:pull,push'], 'bob-token')).body);
      expect(fresh.access).to.deep.equal([{ type: 'repository', name: 'myproject/app', actions: ['pull'] }]);
      h.api.put({ apiVersion: 'image.openshift.io/v1', kind: 'ImageStream', metadata: { name: 'app', namespace: 'myproject' }, spec: {} });
      const existing = await verify((await requestToken(h, ['repository:myproject/app:pull,push'], 'bob-token')).body);
      expect(existing.access).to.deep.equal([{ type: 'repository', name: 'myproject/app', actions: ['pull', 'push'] }]);
    });

    it('a user without rights gets a token with an empty access list', async () => {
      const claims = await verify((await requestToken(h, ['repository:myproject/app:pull,push'], 'carol-token')).body);
      expect(claims.access).to.deep.equal([]);
      expect(claims.sub).to.equal('carol');
    });

    it('a repository that names no stream is granted nothing and nothing is asked about it', async () => {
      const claims = await verify((await requestToken(h, ['repository:library/ruby/x:pull', 'repository:myproject/app:pull'], 'alice-token')).body);
      expect(claims.access).to.deep.equal([{ type: 'repository', name: 'myproject/app', actions: ['pull'] }]);
      expect(h.api.accessReviews.every((spec) => spec.resourceAttributes?.namespace === 'myproject')).to.equal(true);
    });

    it('a login without scopes gets a token granting nothing', async () => {
      const claims = await verify((await requestToken(h, [], 'alice-token')).body);
      expect(claims.access).to.deep.equal([]);
    });

    it('too many scopes are a 400 and are not reviewed', async () => {
      const scopes = Array.from({ length: 17 }, (_, i) => `repository:myproject/app${i}:pull`);
      const answer = await requestToken(h, scopes, 'alice-token');
      expect(answer.status).to.equal(400);
      expect(h.api.accessReviews).to.have.length(0);
    });

    it('a token for another service is a 400', async () => {
      expect((await requestToken(h, [], 'alice-token', 'other-registry')).status).to.equal(400);
    });

    it('an API server that cannot answer the TokenReview gets the client a 503 to retry, not a 401', async () => {
      h.api.intercept('POST', /tokenreviews$/, () => ({ code: 500, reason: 'InternalError' }), 1);
      const answer = await requestToken(h, ['repository:myproject/app:pull'], 'alice-token');
      expect(answer.status).to.equal(503);
      expect(answer.headers['retry-after']).to.equal('1');
    });

    it('only GET /token is served', async () => {
      expect((await send(h.realm.replace('/token', '/other'), { ca: h.ca })).status).to.equal(404);
      expect((await send(h.realm, { method: 'POST', ca: h.ca })).status).to.equal(405);
    });

    it('never logs the password or the token it issued', async () => {
      const answer = await requestToken(h, ['repository:myproject/app:pull,push'], 'alice-token');
      const token = (JSON.parse(answer.body) as { token: string }).token;
      const logged = JSON.stringify(h.logs.lines);
      expect(logged).to.not.include('alice-token');
      expect(logged).to.not.include(token.split('.')[2]);
      expect(h.logs.withMessage('token issued').length).to.be.greaterThan(0);
    });
  });

  describe('POST /events', () => {
    const stored = (): ImageStream | undefined => h.api.stream('myproject', 'app') as ImageStream | undefined;

    it('an envelope without the bearer token is refused with 401 and writes nothing', async () => {
      expect((await postEvents(h, { events: [pushEvent('u1', D1)] }, null)).status).to.equal(401);
      expect((await postEvents(h, { events: [pushEvent('u2', D1)] }, 'wrong')).status).to.equal(401);
      expect((await postEvents(h, { events: [pushEvent('u3', D1)] }, ` ${EVENTS_TOKEN}`)).status).to.equal(401);
      expect(stored()).to.equal(undefined);
    });

    it('a tagged push creates the stream and records the tag, the repository and the digest', async () => {
      const answer = await postEvents(h, { events: [pushEvent('c1', D1)] });
      expect(answer.status).to.equal(200);
      const stream = stored();
      expect(stream?.spec).to.deep.equal({ lookupPolicy: { local: false } });
      expect(stream?.status?.dockerImageRepository).to.equal('registry.example:5000/myproject/app');
      const items = stream?.status?.tags?.find((t) => t.tag === 'v1')?.items ?? [];
      expect(items.map((i) => [i.dockerImageReference, i.image])).to.deep.equal([[`registry.example:5000/myproject/app@${D1}`, D1]]);
      expect(items[0]?.created).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      const line = h.logs.withMessage('push recorded').at(-1);
      expect(line).to.include({ namespace: 'myproject', stream: 'app', tag: 'v1', image: D1, actor: 'alice' });
    });

    it('a second push moves the tag and keeps history; a duplicate or a re-push writes nothing', async () => {
      await postEvents(h, { events: [pushEvent('m1', D1)] });
      await postEvents(h, { events: [pushEvent('m2', D2)] });
      const writes = h.api.count('PUT /apis/image.openshift.io/v1/namespaces/myproject/imagestreams/app/status');
      expect((await postEvents(h, { events: [pushEvent('m2', D2)] })).status).to.equal(200);
      expect((await postEvents(h, { events: [pushEvent('m3', D2)] })).status).to.equal(200);
      expect(h.api.count('PUT /apis/image.openshift.io/v1/namespaces/myproject/imagestreams/app/status')).to.equal(writes);
      expect(stored()?.status?.tags?.[0]?.items?.map((i) => i.image)).to.deep.equal([D2, D1]);
    });

    it('pulls, blob uploads, index children and other repositories are acknowledged and ignored', async () => {
      const events = [
        { ...pushEvent('i1', D1), action: 'pull' },
        { ...pushEvent('i2', D1), target: { mediaType: 'application/octet-stream', digest: D1, repository: 'myproject/app' } },
        { ...pushEvent('i3', D1), target: { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: D1, repository: 'myproject/app' } },
        { ...pushEvent('i4', D1), action: 'mount' },
        pushEvent('i5', D1, 'v1', 'library/ruby/x'),
      ];
      expect((await postEvents(h, { events })).status).to.equal(200);
      expect(stored()).to.equal(undefined);
    });

    it('a write that conflicts with a concurrent writer is redone on the fresh stream, losing neither', async () => {
      await postEvents(h, { events: [pushEvent('k1', D1)] });
      let raced = false;
      h.api.intercept('PUT', /\/imagestreams\/app\/status$/, () => {
        const current = structuredClone(stored()) as ImageStream;
        current.status?.tags?.push({ tag: 'imported', items: [{ dockerImageReference: 'docker.io/library/ruby@' + D2, image: D2 }] });
        h.api.put(current);
        raced = true;
      }, 1);
      expect((await postEvents(h, { events: [pushEvent('k2', D2, 'v2')] })).status).to.equal(200);
      expect(raced).to.equal(true);
      expect(stored()?.status?.tags?.map((t) => t.tag)).to.deep.equal(['v1', 'imported', 'v2']);
    });

    it('an API server outage answers 503, so the registry delivers the event again, and the redelivery is recorded', async () => {
      h.api.intercept('GET', /\/imagestreams\/app$/, () => ({ code: 500, reason: 'InternalError' }), 1);
      expect((await postEvents(h, { events: [pushEvent('o1', D1)] })).status).to.equal(503);
      expect((await postEvents(h, { events: [pushEvent('o1', D1)] })).status).to.equal(200);
      expect(stored()?.status?.tags?.[0]?.items?.[0]?.image).to.equal(D1);
    });

    it('a write the API server refuses for good is dropped with an error line, not retried forever', async () => {
      h.api.intercept('POST', /\/namespaces\/myproject\/imagestreams$/, () => ({ code: 403, reason: 'Forbidden' }), 1);
      expect((await postEvents(h, { events: [pushEvent('f1', D1)] })).status).to.equal(200);
      expect(stored()).to.equal(undefined);
      expect(h.logs.withMessage('push not recorded: the API server refused the write').at(-1)).to.include({ code: 403, tag: 'v1' });
    });

    it('a body that is not an envelope is a 400', async () => {
      expect((await postEvents(h, 'not json')).status).to.equal(400);
      expect((await postEvents(h, { events: [{ action: 'push' }] })).status).to.equal(400);
    });

    it('counts tokens by action and events by result on /metrics', async () => {
      await requestToken(h, ['repository:myproject/app:pull,push'], 'carol-token');
      await postEvents(h, { events: [{ ...pushEvent('x1', D1), action: 'pull' }] });
      const metrics = (await send(`http://127.0.0.1:${h.companion.metricsPort}/metrics`)).body;
      expect(metrics).to.match(/imagestream_registry_token_actions_total\{action="push",result="refused"\} [1-9]/);
      expect(metrics).to.match(/imagestream_registry_token_actions_total\{action="pull",result="granted"\} [1-9]/);
      expect(metrics).to.match(/imagestream_registry_events_total\{result="ignored"\} [1-9]/);
      expect(metrics).to.match(/imagestream_registry_events_total\{result="recorded"\} [1-9]/);
      expect(metrics).to.match(/imagestream_registry_event_requests_refused_total\{reason="unauthorized"\} [1-9]/);
    });
  });
});

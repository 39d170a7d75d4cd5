/** Regression tests of issue 8's findings about malformed reviews, through the real HTTPS server. */
import { expect } from 'chai';
import type { PolicyConfig } from '../../src/core/types.js';
import { ALL, C0, CR } from '../helpers/builders.js';
import { admissionReview, call, makeCertificates, podRequest, startTestServer, type CertificateFiles, type TestServer } from '../http/support.js';

interface Status {
  kind: string;
  code: number;
  message: string;
}

/** A Kubernetes Status or an AdmissionReview, whatever came back. */
type Answer = Status & { response?: { allowed: boolean; patch?: string; status?: { message: string } } };

const SECRET = 'c2VjcmV0LXBhc3N3b3Jk';

describe('malformed AdmissionReviews get 400 or a normal review, never 500, and never echo bodies', () => {
  let certificates: CertificateFiles;
  const servers = new Map<string, TestServer>();
  const post = async (config: 'C0' | 'CR', body: string | object): Promise<{ status: number; body: string; answer: Answer }> => {
    const server = servers.get(config);
    if (server === undefined) throw new Error(`no server for ${config}`);
    const reply = await call({ port: server.port, ca: certificates.ca, path: '/mutate', body });
    return { ...reply, answer: JSON.parse(reply.body) as Answer };
  };

  before(async () => {
    certificates = makeCertificates();
    const configs: [string, PolicyConfig][] = [['C0', C0], ['CR', CR]];
    for (const [name, config] of configs) servers.set(name, await startTestServer({ certificates, config, streams: ALL }));
  });
  after(async () => {
    for (const server of servers.values()) await server.close();
  });

  for (const resource of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf']) {
    for (const config of ['C0', 'CR'] as const) {
      it(`answers a review of resource "${resource}" (an Object.prototype name) under ${config} as a resource without pod spec`, async () => {
        const request = { ...podRequest('ruby:2.5'), resource: { group: '', version: 'v1', resource } };
        const reply = await post(config, admissionReview(request));
        expect(reply.status).to.equal(200);
        expect(reply.answer.response).to.deep.equal({ uid: 'c1d2e3f4-0000-4000-8000-000000000001', allowed: true });
      });
    }
  }

  it('answers a non-string request.kind.group under Required with 400 naming the field and the type found', async () => {
    const request = { ...podRequest('quay.io/acme/app:1'), kind: { group: 7, version: 'v1', kind: 'Pod' } };
    const reply = await post('CR', admissionReview(request));
    expect(reply.status).to.equal(400);
    expect(reply.answer.message).to.include('request.kind.group must be a string, got 7');
  });

  const fields: { name: string; request: object; says: string }[] = [
    { name: 'a kind.group object whose toString is not a function (was a 500 from the rejection message)', request: { kind: { group: { toString: 1 }, version: 'v1', kind: 'Pod' }, object: { kind: 'Pod', spec: { containers: [{ name: 'a', image: 'quay.io/x/y:1' }] } } }, says: 'request.kind.group must be a string, got object' },
    { name: 'a kind that is an object', request: { kind: { group: '', version: 'v1', kind: { nested: true } } }, says: 'request.kind.kind must be a string, got object' },
    { name: 'a resource group that is an array', request: { resource: { group: ['x'], version: 'v1', resource: 'pods' } }, says: 'request.resource.group must be a string, got array' },
    { name: 'userInfo.groups that are not strings', request: { userInfo: { username: 'u', groups: [1, 2] } }, says: 'request.userInfo.groups must be an array of strings, got array' },
    { name: 'userInfo.extra with a non-array value', request: { userInfo: { username: 'u', extra: { scopes: 'all' } } }, says: 'request.userInfo.extra must be an object of string arrays, got object' },
    { name: 'a numeric username', request: { userInfo: { username: 42 } }, says: 'request.userInfo.username must be a string, got 42' },
    { name: 'a boolean namespace', request: { namespace: true }, says: 'request.namespace must be a string, got true' },
  ];
  for (const c of fields) {
    it(`answers ${c.name} with 400: "${c.says}"`, async () => {
      const reply = await post('CR', admissionReview({ ...podRequest('ruby:2.5'), ...c.request }));
      expect(reply.status).to.equal(400);
      expect(reply.answer.message).to.include(c.says);
    });
  }

  it('quotes only a short prefix of a 2 MiB wrong kind, in the answer and in the log', async () => {
    const kind = `${SECRET}${'x'.repeat(2 * 1024 * 1024)}`;
    const reply = await post('C0', { ...(admissionReview(podRequest('ruby')) as object), kind });
    expect(reply.status).to.equal(400);
    expect(reply.answer.message).to.include(`kind must be "AdmissionReview", got "${SECRET}xxx`);
    expect(reply.body.length).to.be.lessThan(1024);
    const logged = JSON.stringify(servers.get('C0')?.logs.withMessage('bad admission request').at(-1));
    expect(logged).to.include('kind must be');
    expect(logged.length).to.be.lessThan(1024);
  });

  it('quotes only a short prefix of malformed JSON', async () => {
    const reply = await post('C0', `{"kind": "AdmissionReview", "x": ${'1'.repeat(1024 * 1024)}x}`);
    expect(reply.status).to.equal(400);
    expect(reply.answer.message).to.include('request body is not valid JSON');
    expect(reply.body.length).to.be.lessThan(1024);
  });

  it('keeps a 1 MiB object name out of the rejection message and the log', async () => {
    const name = `web-${'n'.repeat(1024 * 1024)}`;
    const reply = await post('CR', admissionReview({ ...podRequest('quay.io/acme/app:1'), name }));
    expect(reply.status).to.equal(200);
    expect(reply.answer.response?.allowed).to.equal(false);
    expect(reply.answer.response?.status?.message).to.match(/^Pod "web-n+…\(1048580 characters\)" is invalid: /);
    expect(reply.body.length).to.be.lessThan(2048);
    const logged = JSON.stringify(servers.get('CR')?.logs.withMessage('review').at(-1));
    expect(logged.length).to.be.lessThan(2048);
  });

  it('answers a Pod whose image is a 40-character near-miss of the grammar at once (was catastrophic backtracking)', async () => {
    const reply = await post('CR', admissionReview(podRequest(`${'a'.repeat(40)}!`)));
    expect(reply.status).to.equal(200);
    expect(reply.answer.response?.status?.message).to.include('invalid reference format');
  });

  it('answers a Pod whose image is a realistic typo with a trailing space', async () => {
    const reply = await post('C0', admissionReview(podRequest('myapplicationbackendservice:1.0.0+build ')));
    expect(reply.status).to.equal(200);
    expect(reply.answer.response?.allowed).to.equal(true);
  });
});

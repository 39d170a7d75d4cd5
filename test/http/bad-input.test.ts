import { expect } from 'chai';
import { Agent, request } from 'node:https';
import { connect } from 'node:tls';
import type { Lookups } from '../../src/core/types.js';
import { MAX_ADMISSION_BODY_BYTES } from '../../src/http/app.js';
import { ALL, C0, CR } from '../helpers/builders.js';
import { admissionReview, call, makeCertificates, podRequest, startTestServer, type CertificateFiles, type TestServer } from './support.js';


interface Status {
  kind: string;
  code: number;
  message: string;
}

describe('HTTP answers to bad input: clear messages, never a crash', () => {
  let certificates: CertificateFiles;
  let server: TestServer;
  const post = (body: string | Buffer | object, path = '/mutate') => call({ port: server.port, ca: certificates.ca, path, body });

  before(async () => {
    certificates = makeCertificates();
    server = await startTestServer({ certificates, config: C0, streams: ALL });
  });
  after(() => server.close());

  const badRequests: { name: string; body: string | object; says: string }[] = [
    { name: 'malformed JSON', body: '{"apiVersion": "admission.k8s.io/v1", ', says: 'request body is not valid JSON' },
    { name: 'a JSON array', body: [1, 2], says: 'expected a JSON object' },
    { name: 'a Pod instead of an AdmissionReview', body: { apiVersion: 'v1', kind: 'Pod' }, says: 'kind must be "AdmissionReview"' },
    { name: 'an unknown AdmissionReview version', body: admissionReview(podRequest('ruby'), 'admission.k8s.io/v2'), says: 'apiVersion must be one of' },
    { name: 'a review without request', body: { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview' }, says: 'request must be an object' },
    {
      name: 'a request without uid, kind and resource (all three named at once)',
      body: admissionReview({ operation: 'CREATE' }),
      says: 'request.uid must be a non-empty string, got nothing; request.kind must be an object, got nothing; request.resource must be an object, got nothing',
    },
    { name: 'an empty body', body: '', says: 'request body is empty' },
  ];
  for (const c of badRequests) {
    it(`answers ${c.name} with 400 and a Status naming the problem`, async () => {
      const reply = await post(c.body);
      expect(reply.status).to.equal(400);
      const status = JSON.parse(reply.body) as Status;
      expect(status).to.include({ kind: 'Status', code: 400 });
      expect(status.message).to.include(c.says);
    });
  }

  it('answers a body over the API server 3 MiB limit with 413', async () => {
    const reply = await post(Buffer.alloc(MAX_ADMISSION_BODY_BYTES + 1, 0x20));
    expect(reply.status).to.equal(413);
    expect((JSON.parse(reply.body) as Status).message).to.include('3 MiB');
  });

  it('answers a declared Content-Length over the limit with a 413 Status before any of the body is sent', async () => {
    const reply = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request({
        host: '127.0.0.1', port: server.port, path: '/mutate', method: 'POST', ca: certificates.ca, servername: 'localhost', agent: false,
        headers: { 'content-type': 'application/json', 'content-length': String(MAX_ADMISSION_BODY_BYTES + 1) },
      });
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') });
          req.destroy();
        });
      });
      req.on('error', reject);
      // Headers only: a server that waited for the body would never answer.
      req.flushHeaders();
    });
    expect(reply.status).to.equal(413);
    expect(JSON.parse(reply.body)).to.include({ kind: 'Status', code: 413, reason: 'RequestEntityTooLarge' });
  });

  it('keeps the connection usable after refusing a declared over-limit body that was sent anyway', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const ports: number[] = [];
    agent.on('free', (socket: { localPort?: number }) => ports.push(socket.localPort ?? 0));
    try {
      const refused = await call({ port: server.port, ca: certificates.ca, path: '/mutate', body: Buffer.alloc(MAX_ADMISSION_BODY_BYTES + 1, 0x20), agent });
      const next = await call({ port: server.port, ca: certificates.ca, path: '/mutate', body: admissionReview(podRequest('ruby:2.5')), agent });
      expect([refused.status, next.status]).to.deep.equal([413, 200]);
      expect(new Set(ports).size, 'one connection carried both').to.equal(1);
    } finally {
      agent.destroy();
    }
  });

  it('answers 413 to an over-limit chunked body that declares no length, without reading it all', async () => {
    const reply = await new Promise<number>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: server.port, path: '/mutate', method: 'POST', ca: certificates.ca, servername: 'localhost', agent: false });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const pump = (): void => {
        while (!req.destroyed && req.write(chunk));
      };
      req.on('drain', pump);
      pump();
    });
    expect(reply).to.equal(413);
  });

  it('answers 415 to a compressed body', async () => {
    const reply = await call({ port: server.port, ca: certificates.ca, path: '/mutate', body: 'x', headers: { 'content-encoding': 'gzip' } });
    expect(reply.status).to.equal(415);
    expect((JSON.parse(reply.body) as Status).message).to.include('content-encoding "gzip"');
  });

  it('accepts a body just under the limit (padding is valid JSON whitespace)', async () => {
    const review = JSON.stringify(admissionReview(podRequest('ruby:2.5')));
    const reply = await post(review + ' '.repeat(MAX_ADMISSION_BODY_BYTES - review.length));
    expect(reply.status).to.equal(200);
  });

  it('allows an unknown kind unchanged', async () => {
    const request = { ...podRequest('ruby'), kind: { group: 'acme.io', version: 'v1', kind: 'Widget' }, resource: { group: 'acme.io', version: 'v1', resource: 'widgets' } };
    const reply = await post(admissionReview(request));
    expect(reply.status).to.equal(200);
    expect(JSON.parse(reply.body)).to.deep.equal({
      apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response: { uid: 'c1d2e3f4-0000-4000-8000-000000000001', allowed: true },
    });
  });

  it('answers GET /mutate with 405 and an unknown path with 404', async () => {
    expect((await call({ port: server.port, ca: certificates.ca, path: '/mutate' })).status).to.equal(405);
    const reply = await call({ port: server.port, ca: certificates.ca, path: '/admit', body: {} });
    expect(reply.status).to.equal(404);
    expect((JSON.parse(reply.body) as Status).message).to.include('POST /admit');
  });

  it('still serves correct reviews after all of the above', async () => {
    const reply = await post(admissionReview(podRequest('ruby:2.5')));
    expect(reply.status).to.equal(200);
    expect(JSON.parse(reply.body)).to.have.nested.property('response.patchType', 'JSONPatch');
  });

  it('counts bad requests by HTTP code', async () => {
    const metrics = await server.registry.getSingleMetricAsString('imagestream_webhook_bad_requests_total');
    expect(metrics).to.match(/code="400"} [1-9]/);
    expect(metrics).to.match(/code="413"} 4/);
    expect(metrics).to.match(/code="415"} 1/);
  });

  const handshake = (maxVersion: 'TLSv1.1' | 'TLSv1.2') =>
    new Promise<string>((resolve) => {
      const socket = connect({
        host: '127.0.0.1', port: server.port, ca: certificates.ca, servername: 'localhost',
        minVersion: 'TLSv1', maxVersion, ciphers: 'DEFAULT:@SECLEVEL=0',
      });
      socket.on('secureConnect', () => {
        resolve(socket.getProtocol() ?? 'unknown');
        socket.destroy();
      });
      socket.on('error', (err: Error & { code?: string }) => resolve(err.code ?? err.message));
    });

  it('refuses TLS 1.1 with a protocol-version alert and accepts TLS 1.2', async () => {
    expect(await handshake('TLSv1.1')).to.equal('ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION');
    expect(await handshake('TLSv1.2')).to.equal('TLSv1.2');
  });
});

describe('HTTP answer when a lookup fails', () => {
  it('answers 500 with the failure, so the API server applies failurePolicy, and logs it', async () => {
    const certificates = makeCertificates();
    const failing: Lookups = {
      getImageStream: () => Promise.reject(new Error('get imagestreams myproject/ruby failed: connect ECONNREFUSED')),
      canGetImageStreams: () => Promise.resolve(true),
      isDigestKnown: () => Promise.resolve(false),
    };
    const server = await startTestServer({ certificates, config: CR, lookups: failing });
    try {
      const reply = await call({ port: server.port, ca: certificates.ca, path: '/mutate', body: admissionReview(podRequest('ruby:2.5')) });
      expect(reply.status).to.equal(500);
      expect((JSON.parse(reply.body) as Status).message).to.include('ECONNREFUSED');
      expect(server.logs.withMessage('review failed')[0]).to.include({ uid: 'c1d2e3f4-0000-4000-8000-000000000001', kind: 'Pod' });
    } finally {
      await server.close();
    }
  });
});

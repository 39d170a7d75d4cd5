/** Transport hygiene (issue 8): every error the server produces is a JSON Status the client can read. */
import { expect } from 'chai';
import { Agent, request } from 'node:https';
import { connect, type TLSSocket } from 'node:tls';
import { MAX_ADMISSION_BODY_BYTES } from '../../src/http/app.js';
import { ALL, C0 } from '../helpers/builders.js';
import { admissionReview, makeCertificates, podRequest, startTestServer, type CertificateFiles, type TestServer } from './support.js';

interface Status {
  kind: string;
  code: number;
  reason: string;
  message: string;
}

/** Sends `raw` bytes over TLS and collects everything the server answers until it closes. */
function rawExchange(port: number, ca: string, raw: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket: TLSSocket = connect({ host: '127.0.0.1', port, ca, servername: 'localhost' }, () => socket.write(raw));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    socket.on('error', reject);
  });
}

function statusOf(raw: string): { line: string; status: Status } {
  const [head = '', body = ''] = raw.split('\r\n\r\n', 2);
  return { line: head.split('\r\n', 1)[0] ?? '', status: JSON.parse(body) as Status };
}

describe('HTTP transport hygiene', () => {
  let certificates: CertificateFiles;
  let server: TestServer;

  before(async () => {
    certificates = makeCertificates();
    server = await startTestServer({
      certificates, config: C0, streams: ALL, maxInFlightBytes: MAX_ADMISSION_BODY_BYTES,
      timeouts: { headersTimeoutMs: 300, requestTimeoutMs: 600, checkIntervalMs: 100 },
    });
  });
  after(() => server.close());

  it('answers malformed HTTP with a 400 Status body instead of a bare status line', async () => {
    const { line, status } = statusOf(await rawExchange(server.port, certificates.ca, 'POST /mutate HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n'));
    expect(line).to.equal('HTTP/1.1 400 Bad Request');
    expect(status).to.include({ kind: 'Status', code: 400, reason: 'BadRequest' });
  });

  it('answers a connection that never finishes its headers with a 408 Status and closes it', async () => {
    const { line, status } = statusOf(await rawExchange(server.port, certificates.ca, 'POST /mutate HTTP/1.1\r\nHost: x\r\n'));
    expect(line).to.equal('HTTP/1.1 408 Request Timeout');
    expect(status).to.include({ kind: 'Status', code: 408, reason: 'Timeout' });
  });

  it('answers an incomplete body with a 408 Status once the request deadline passes', async () => {
    const { line, status } = statusOf(await rawExchange(server.port, certificates.ca, 'POST /mutate HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{"kind":'));
    expect(line).to.match(/^HTTP\/1.1 408/);
    expect(status).to.include({ kind: 'Status', code: 408 });
  });

  it('reads a declared over-limit body before answering 413, so the same connection carries the next review', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const send = (body: Buffer | string) =>
      new Promise<{ status: number; reused: boolean; connection: string | undefined; body: string }>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port: server.port, path: '/mutate', method: 'POST', ca: certificates.ca, servername: 'localhost', agent,
          headers: { 'content-type': 'application/json' } }, (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, reused: req.reusedSocket, connection: res.headers.connection, body: text }));
        });
        req.on('error', reject);
        req.end(body);
      });
    try {
      const tooLarge = await send(Buffer.alloc(MAX_ADMISSION_BODY_BYTES + 1, 0x20));
      expect(tooLarge.status).to.equal(413);
      expect(tooLarge.connection).to.not.equal('close');
      expect((JSON.parse(tooLarge.body) as Status).reason).to.equal('RequestEntityTooLarge');
      const next = await send(JSON.stringify(admissionReview(podRequest('ruby:2.5'))));
      expect(next).to.include({ status: 200, reused: true });
    } finally {
      agent.destroy();
    }
  });

  it('makes a review wait while the byte budget is full and answers 429 with Retry-After when it stays full', async () => {
    const budgeted = await startTestServer({ certificates, config: C0, streams: ALL, maxInFlightBytes: MAX_ADMISSION_BODY_BYTES });
    try {
      await fillBudgetThenReview(budgeted);
    } finally {
      await budgeted.close();
    }
  });

  /** Holds a 3 MiB reservation with an unfinished body, sends a second review, then finishes the first. */
  async function fillBudgetThenReview(server: TestServer): Promise<void> {
    const holder = request({ host: '127.0.0.1', port: server.port, path: '/mutate', method: 'POST', ca: certificates.ca, servername: 'localhost', agent: false,
      headers: { 'content-type': 'application/json', 'content-length': String(MAX_ADMISSION_BODY_BYTES) } });
    const held = new Promise<number>((resolve, reject) => {
      holder.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      holder.on('error', reject);
    });
    holder.write(' ');
    await new Promise((resolve) => setTimeout(resolve, 100));
    // The gauge is read at scrape time: it shows the held reservation (body plus its largest answer).
    const gauge = await server.registry.getSingleMetricAsString('imagestream_webhook_in_flight_bytes');
    expect(gauge).to.include(`imagestream_webhook_in_flight_bytes ${MAX_ADMISSION_BODY_BYTES * 9}`);
    const refused = await new Promise<{ status: number; retryAfter: string | undefined; body: string }>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: server.port, path: '/mutate', method: 'POST', ca: certificates.ca, servername: 'localhost', agent: false,
        headers: { 'content-type': 'application/json' } }, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'], body }));
      });
      req.on('error', reject);
      req.end(JSON.stringify(admissionReview(podRequest('ruby:2.5'))));
    });
    expect(refused.status).to.equal(429);
    expect(refused.retryAfter).to.equal('1');
    expect(JSON.parse(refused.body) as Status).to.include({ kind: 'Status', code: 429, reason: 'TooManyRequests' });
    const review = JSON.stringify(admissionReview(podRequest('ruby:2.5')));
    holder.end(review + ' '.repeat(MAX_ADMISSION_BODY_BYTES - 1 - review.length));
    expect(await held).to.equal(200);
    expect(await server.registry.getSingleMetricAsString('imagestream_webhook_bad_requests_total')).to.match(/code="429"} 1/);
  }

  it('exports the event-loop delay and the bytes in flight in /metrics', async () => {
    const text = await server.registry.metrics();
    expect(text).to.match(/imagestream_webhook_event_loop_delay_seconds\{quantile="0.99"\} [0-9.e-]+/);
    expect(text).to.match(/imagestream_webhook_event_loop_delay_seconds\{quantile="max"\} [0-9.e-]+/);
    expect(text).to.match(/imagestream_webhook_in_flight_bytes 0\n/);
  });
});

import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { ALL } from '../helpers/builders.js';
import { freePort } from '../support/ports.js';
import { REPO_ROOT, admissionReview, call, eventually, makeCertificates, podRequest } from './support.js';

const BODY = JSON.stringify(
  admissionReview(podRequest('ruby:2.5', 'f00df00d-0000-4000-8000-000000000001')),
);

interface Served {
  child: ChildProcess;
  port: number;
  logs: Record<string, unknown>[];
  exited: Promise<number | null>;
}

function serve(args: string[]): Promise<Served> {
  const child = spawn(process.execPath, [join(REPO_ROOT, 'dist', 'src', 'main.js'), 'serve', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const logs: Record<string, unknown>[] = [];
  // 'close', not 'exit': the last log lines may still be in the pipe when the process has exited.
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    void exited.then((code) => reject(new Error(`serve exited early with ${code}`)));
    createInterface({ input: child.stdout ?? process.stdin }).on('line', (line) => {
      const entry = JSON.parse(line) as Record<string, unknown>;
      logs.push(entry);
      if (entry.msg === 'serving') resolve({ child, port: Number(entry.port), logs, exited });
    });
  });
}

/** A POST whose body is only half sent: in flight until `finish()` sends the rest. */
function halfSent(port: number, ca: string) {
  const half = Math.floor(BODY.length / 2);
  const req = request({
    host: '127.0.0.1', port, path: '/mutate', method: 'POST', ca, servername: 'localhost', agent: false,
    headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(BODY) },
  });
  const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
    req.on('response', (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
  });
  req.write(BODY.slice(0, half));
  return { answer, finish: () => req.end(BODY.slice(half)) };
}

describe('serve process: SIGTERM with requests in flight', () => {
  it('stops accepting, finishes the in-flight reviews, and exits 0', async () => {
    const certificates = makeCertificates();
    const streams = join(mkdtempSync(join(tmpdir(), 'isw-streams-')), 'streams.json');
    writeFileSync(streams, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: ALL }));
    const served = await serve([
      '--listen', '127.0.0.1:0', '--metrics-listen', '127.0.0.1:0',
      '--tls-cert', certificates.certFile, '--tls-key', certificates.keyFile, '--imagestreams', streams,
    ]);
    const inFlight = Array.from({ length: 5 }, () => halfSent(served.port, certificates.ca));
    await new Promise((resolve) => setTimeout(resolve, 300));

    served.child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const refused = await call({ port: served.port, ca: certificates.ca, path: '/healthz' }).then(() => 'accepted', (err: Error & { code?: string }) => err.code);
    for (const request of inFlight) request.finish();
    const answers = await Promise.all(inFlight.map((request) => request.answer));

    expect(refused, 'new connections after SIGTERM').to.equal('ECONNREFUSED');
    for (const answer of answers) {
      expect(answer.status).to.equal(200);
      expect(JSON.parse(answer.body)).to.have.nested.property('response.patchType', 'JSONPatch');
    }
    expect(await served.exited).to.equal(0);
    expect(served.logs.find((line) => line.msg === 'shutting down')).to.include({ signal: 'SIGTERM', inFlight: 5 });
    expect(served.logs.filter((line) => line.msg === 'review')).to.have.length(5);
    expect(served.logs.at(-1), JSON.stringify(served.logs.slice(-4).map((l) => l.msg))).to.include({ msg: 'stopped' });
  });

  it('writes no per-review line at --log-level warn, and still answers', async () => {
    const certificates = makeCertificates();
    const streams = join(mkdtempSync(join(tmpdir(), 'isw-streams-')), 'streams.json');
    writeFileSync(streams, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: ALL }));
    const port = await freePort();
    const child = spawn(process.execPath, [
      join(REPO_ROOT, 'dist', 'src', 'main.js'), 'serve', '--log-level', 'warn', '--listen', `127.0.0.1:${port}`, '--metrics-listen', '127.0.0.1:0',
      '--tls-cert', certificates.certFile, '--tls-key', certificates.keyFile, '--imagestreams', streams,
    ], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    const closed = new Promise((resolve) => child.once('close', resolve));
    await eventually('serve answers /healthz', () => call({ port, ca: certificates.ca, path: '/healthz' }).then((reply) => reply.status === 200, () => false));
    const reply = await call({ port, ca: certificates.ca, path: '/mutate', body: BODY });
    child.kill('SIGTERM');
    expect(await closed).to.equal(0);
    expect(reply.status).to.equal(200);
    expect(JSON.parse(reply.body)).to.have.nested.property('response.patchType', 'JSONPatch');
    expect(stdout, 'info lines (serving, review, stopped) at warn').to.equal('');
  });

  it('exits 2 naming every bad flag', async () => {
    const child = spawn(process.execPath, [join(REPO_ROOT, 'dist', 'src', 'main.js'), 'serve', '--listen', 'nowhere', '--metrics-listen', '127.0.0.1:99999'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).to.equal(2);
    for (const problem of ['--listen "nowhere"', '--metrics-listen "127.0.0.1:99999"', '--tls-cert FILE is required', '--tls-key FILE is required']) {
      expect(stderr).to.include(problem);
    }
  });
});

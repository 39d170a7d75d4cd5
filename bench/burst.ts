/**
 * `npm run bench:burst`: peak memory of the admission server under a burst of maximal reviews.
 * Starts `serve` with the benchmark's 10,000 ImageStreams and the chart's heap flag, then sends
 * BURST_COUNT (default 1,000) reviews of BURST_MIB (default 3) MiB at once, each on its own
 * connection: a Deployment whose every container uses a local name (so every one is rewritten and
 * the answer is the largest possible patch). Prints how the burst was answered (200 within the
 * in-flight budget, 429 beyond it), the server's peak RSS and whether it survived.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { writeImageStreams } from './streams.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const COUNT = Number(process.env.BURST_COUNT ?? 1000);
const BYTES = Number(process.env.BURST_MIB ?? 3) * 1024 * 1024 - 1024;
/** `--max-in-flight-bytes` for the server (BURST_IN_FLIGHT_BYTES), else the server's default. */
const IN_FLIGHT = process.env.BURST_IN_FLIGHT_BYTES;
/** The chart's default heap flag for its default 512Mi limit (templates/_helpers.tpl). */
const NODE_FLAGS = (process.env.BURST_NODE_OPTIONS ?? '--max-old-space-size=256').split(' ').filter((flag) => flag !== '');

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? Number.NaN) / 1024;
}

/** A review of about `bytes` bytes: one Deployment in team-000 with as many `app-NNN:vT` containers as fit. */
function burstReview(bytes: number): Buffer {
  const containers: string[] = [];
  let size = 600;
  for (let i = 0; size < bytes; i++) {
    const entry = `{"name":"c${i}","image":"app-${String(i % 100).padStart(3, '0')}:v${i % 10}"}`;
    containers.push(entry);
    size += entry.length + 1;
  }
  const object = `{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"burst","namespace":"team-000"},` +
    `"spec":{"template":{"metadata":{},"spec":{"containers":[${containers.join(',')}]}}}}`;
  const request = `{"uid":"burst","kind":{"group":"apps","version":"v1","kind":"Deployment"},` +
    `"resource":{"group":"apps","version":"v1","resource":"deployments"},"namespace":"team-000","name":"burst",` +
    `"operation":"CREATE","userInfo":{"username":"developer"},"object":${object}}`;
  return Buffer.from(`{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":${request}}`);
}

function post(port: number, ca: string, body: Buffer): Promise<string> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/mutate', method: 'POST', ca, servername: 'localhost', agent: false,
      headers: { 'content-type': 'application/json', 'content-length': body.length } }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => {
        if (text.length < 300) text += chunk.toString('utf8');
      });
      res.on('end', () => {
        if (res.statusCode !== 200 && process.env.BURST_SHOW === '1') console.log(res.statusCode, text.slice(0, 300));
        resolve(String(res.statusCode));
      });
      res.on('error', (err) => resolve(err.message));
    });
    req.on('error', (err: Error & { code?: string }) => resolve(err.code ?? err.message));
    req.end(body);
  });
}

async function waitReady(port: number, ca: string): Promise<void> {
  for (let attempt = 0; attempt < 600; attempt++) {
    const status = await new Promise<number>((resolve) => {
      request({ host: '127.0.0.1', port, path: '/readyz', ca, servername: 'localhost', agent: false }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      }).on('error', () => resolve(0)).end();
    });
    if (status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('server not ready within 60 s');
}

async function main(): Promise<number> {
  const work = mkdtempSync(join(tmpdir(), 'isw-burst-'));
  try {
    const streams = join(work, 'imagestreams');
    mkdirSync(streams);
    const count = writeImageStreams(streams);
    execFileSync('bash', [join(ROOT, 'certs', 'generate.sh'), join(work, 'certs'), 'imagestream-webhook', 'bench'], { stdio: 'ignore' });
    const ca = readFileSync(join(work, 'certs', 'ca.crt'), 'utf8');
    const [port, metricsPort] = [await freePort(), await freePort()];
    const child = spawn(process.execPath, [...NODE_FLAGS, join(ROOT, 'dist', 'src', 'main.js'), 'serve', '--listen', `127.0.0.1:${port}`,
      '--metrics-listen', `127.0.0.1:${metricsPort}`, '--tls-cert', join(work, 'certs', 'tls.crt'), '--tls-key', join(work, 'certs', 'tls.key'),
      '--imagestreams', streams, ...(IN_FLIGHT === undefined ? [] : ['--max-in-flight-bytes', IN_FLIGHT])], { stdio: ['ignore', openSync(join(work, 'server.log'), 'w'), 'inherit'] });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const pid = child.pid ?? 0;
    await waitReady(port, ca);
    const body = burstReview(BYTES);
    console.log(`node ${process.version}, server flags ${NODE_FLAGS.join(' ') || '(none)'}; ${count} ImageStreams loaded, peak RSS ${peakRssMb(pid).toFixed(0)} MiB`);
    const started = performance.now();
    const answers = await Promise.all(Array.from({ length: COUNT }, () => post(port, ca, body)));
    const seconds = (performance.now() - started) / 1000;
    const tally = new Map<string, number>();
    for (const answer of answers) tally.set(answer, (tally.get(answer) ?? 0) + 1);
    const alive = child.exitCode === null;
    console.log(`burst: ${COUNT} reviews of ${(body.length / 1048576).toFixed(2)} MiB in ${seconds.toFixed(1)} s: ` +
      `${[...tally].map(([answer, n]) => `${n} x ${answer}`).join(', ')}; server peak RSS ${alive ? peakRssMb(pid).toFixed(0) : '?'} MiB; ` +
      `${alive ? 'server alive' : `server DIED (exit ${String(child.exitCode)})`}`);
    child.kill('SIGTERM');
    await exited;
    return alive && (tally.get('200') ?? 0) > 0 ? 0 : 1;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(`bench:burst: ${err instanceof Error ? err.stack : String(err)}`);
    process.exitCode = 1;
  },
);

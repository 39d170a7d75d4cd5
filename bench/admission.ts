/**
 * `npm run bench`: the admission server under load, as a separate process from the load generator.
 * Loads 10,000 ImageStreams of 10 tags through `--imagestreams`, then drives `POST /mutate` over
 * HTTPS keep-alive with 3-container Deployments using local names, and prints reviews/s, latency
 * percentiles and the server's peak RSS against the targets. Tunable with BENCH_SECONDS,
 * BENCH_CONNECTIONS and BENCH_RATE. Exits 1 if any review failed (a target miss is only reported).
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { Agent } from 'node:https';
import { createServer } from 'node:net';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { closedLoop, openLoop, percentile, type LoadResult, type Target } from './load.js';
import { deploymentReview, writeImageStreams } from './streams.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const RATE = Number(process.env.BENCH_RATE ?? 1000);
const TARGETS = { reviewsPerSecond: 5000, p99Ms: 5, peakRssMb: 200 };

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Resident set (VmRSS) and its peak (VmHWM) of a process, in MiB, from /proc. */
function memoryMb(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string): number => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? Number.NaN);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

/** CPU time (user + system) a process has used so far, in ms; /proc reports clock ticks of 10 ms. */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

async function waitReady(port: number, ca: string, timeoutMs: number): Promise<void> {
  const { request } = await import('node:https');
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const status = await new Promise<number>((resolve) => {
      request({ host: '127.0.0.1', port, path: '/readyz', ca, servername: 'localhost', agent: false }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      }).on('error', () => resolve(0)).end();
    });
    if (status === 200) return;
    if (performance.now() > deadline) throw new Error(`server not ready within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function describe(label: string, result: LoadResult): string {
  const ms = (p: number): string => percentile(result.latenciesMs, p).toFixed(2);
  const rate = (result.completed / result.seconds).toFixed(0);
  return `${label}: ${result.completed} reviews in ${result.seconds.toFixed(1)} s = ${rate} reviews/s; ` +
    `latency p50 ${ms(50)} ms, p99 ${ms(99)} ms, p99.9 ${ms(99.9)} ms; failures ${result.failures.length}`;
}

interface Server {
  pid: number;
  port: number;
  ca: string;
  stop(): Promise<void>;
}

/** Writes the streams and a certificate into `work` and starts `serve` on them; resolves when ready. */
async function startServer(work: string): Promise<Server> {
  const streamsDir = join(work, 'imagestreams');
  mkdirSync(streamsDir);
  const count = writeImageStreams(streamsDir);
  execFileSync('bash', [join(ROOT, 'certs', 'generate.sh'), join(work, 'certs'), 'imagestream-webhook', 'bench'], { stdio: 'ignore' });
  const ca = readFileSync(join(work, 'certs', 'ca.crt'), 'utf8');
  const [port, metricsPort] = [await freePort(), await freePort()];
  const started = performance.now();
  const child = spawn(process.execPath, [
    join(ROOT, 'dist', 'src', 'main.js'), 'serve', '--listen', `127.0.0.1:${port}`, '--metrics-listen', `127.0.0.1:${metricsPort}`,
    '--tls-cert', join(work, 'certs', 'tls.crt'), '--tls-key', join(work, 'certs', 'tls.key'), '--imagestreams', streamsDir,
  ], { stdio: ['ignore', openSync(join(work, 'server.log'), 'w'), 'inherit'] });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const stop = async (): Promise<void> => {
    child.kill('SIGTERM');
    await exited;
  };
  const server = { pid: child.pid ?? 0, port, ca, stop };
  try {
    await waitReady(port, ca, 120_000);
  } catch (err) {
    await server.stop();
    throw err;
  }
  const loaded = memoryMb(server.pid);
  console.log(`cores ${availableParallelism()}, node ${process.version}; ${count} ImageStreams x 10 tags loaded in ` +
    `${((performance.now() - started) / 1000).toFixed(1)} s, server RSS ${loaded.rss.toFixed(0)} MiB (peak so far ${loaded.peak.toFixed(0)} MiB)`);
  return server;
}

/** Warm-up, the closed-loop throughput phase and the open-loop latency phase; returns the verdicts. */
async function measure(server: Server): Promise<{ failures: string[]; verdicts: [string, boolean][] }> {
  const bodies = Array.from({ length: 1000 }, (_, seed) => deploymentReview(seed));
  const target: Target = { port: server.port, ca: server.ca, bodies, agent: new Agent({ keepAlive: true, maxSockets: CONNECTIONS }) };
  await closedLoop(target, CONNECTIONS, 3);
  const cpuBefore = cpuMs(server.pid);
  const throughput = await closedLoop(target, CONNECTIONS, SECONDS);
  const cpuPerReview = ((cpuMs(server.pid) - cpuBefore) * 1000) / throughput.completed;
  console.log(describe(`throughput, ${CONNECTIONS} keep-alive connections`, throughput));
  console.log(`server CPU ${cpuPerReview.toFixed(0)} µs per review (one core would sustain ~${(1e6 / cpuPerReview).toFixed(0)} reviews/s)`);
  const latency = await openLoop(target, RATE, SECONDS);
  console.log(describe(`latency at ${RATE} reviews/s (open loop)`, latency));
  target.agent.destroy();
  const memory = memoryMb(server.pid);
  console.log(`server memory: RSS ${memory.rss.toFixed(0)} MiB, peak RSS ${memory.peak.toFixed(0)} MiB`);
  return {
    failures: [...throughput.failures, ...latency.failures],
    verdicts: [
      [`>= ${TARGETS.reviewsPerSecond} reviews/s`, throughput.completed / throughput.seconds >= TARGETS.reviewsPerSecond],
      [`p99 <= ${TARGETS.p99Ms} ms at ${RATE}/s`, percentile(latency.latenciesMs, 99) <= TARGETS.p99Ms],
      [`peak RSS <= ${TARGETS.peakRssMb} MiB`, memory.peak <= TARGETS.peakRssMb],
    ],
  };
}

async function main(): Promise<number> {
  const work = mkdtempSync(join(tmpdir(), 'isw-bench-'));
  try {
    const server = await startServer(work);
    try {
      const { failures, verdicts } = await measure(server);
      console.log(`targets: ${verdicts.map(([name, met]) => `${name} ${met ? 'met' : 'MISSED'}`).join('; ')}`);
      if (failures.length > 0) console.log(`first failure: ${failures[0]} (${failures.length} failed)`);
      return failures.length > 0 ? 1 : 0;
    } finally {
      await server.stop();
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(`bench: ${err instanceof Error ? err.stack : String(err)}`);
    process.exitCode = 1;
  },
);

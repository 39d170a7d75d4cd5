/**
 * `npm run bench`: the admission server against the bare ceiling (bare-server.ts) and the in-process
 * split of a review (cpu.ts), memory in static and informer mode, the cold path and how loading
 * scales. Every server is a separate process from the load generator; CPU per review comes from
 * /proc, so it holds on a busy machine where wall throughput does not. The cores phase needs
 * ApacheBench (apt-get install -y apache2-utils) and the informer phase the e2e tools (npm run
 * tools); each is skipped with a message when absent. Tunable with BENCH_SECONDS (per run),
 * BENCH_REPEATS (interleaved bare/serve runs), BENCH_RATE, BENCH_SCALING (stream counts, e.g.
 * "1000,10000,100000"); BENCH_ONLY=cpu stops after the CPU and latency phases (for quick
 * comparisons on a shared machine). Exits 1 if any review failed; a missed target is only reported.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { cores } from './cores.js';
import { failures, load, mib, note, target, verdicts } from './report.js';
import { cpuRatio, latencies, split } from './cpu.js';
import { scaling } from './scaling.js';
import { apiServerGets, cachedTools, startCluster } from './informer.js';
import { cost, describeLatency, settledMemory } from './phases.js';
import { makeCertificates, SERVE_NODE_FLAGS, startBare, startFloor, startServe, type Certificates, type Server } from './processes.js';
import { Agent } from 'node:https';
import { closedLoop, percentile, type LoadResult } from './load.js';
import { deploymentReview, writeImageStreams, writeImageStreamsFile, writeImageStreamsYaml } from './streams.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
const SCALING = (process.env.BENCH_SCALING ?? '1000,10000,100000').split(',').map(Number).filter((n) => n > 0);
const ONLY_CPU = process.env.BENCH_ONLY === 'cpu';
const COUNT = 10_000;

/** Loads COUNT streams from one JSON file, one YAML file and a directory; returns the directory's server, still running. */
async function staticMemory(work: string, certs: Certificates): Promise<Server> {
  const dir = join(work, 'imagestreams');
  mkdirSync(dir);
  writeImageStreams(dir, COUNT);
  writeImageStreamsFile(join(work, 'imagestreams.json'), COUNT);
  writeImageStreamsYaml(join(work, 'imagestreams.yaml'), COUNT);
  const sources = [['one file', join(work, 'imagestreams.json')], ['one YAML file', join(work, 'imagestreams.yaml')], ['100 files', dir]] as const;
  for (const [label, source] of sources) {
    const server = await startServe(`static ${label}`, ['--imagestreams', source], certs, join(work, 'serve.log'));
    const memory = await settledMemory(server);
    console.log(`static, ${COUNT} streams x 10 tags in ${label}: ready in ${(server.readyMs / 1000).toFixed(1)} s, ` +
      `steady RSS ${mib(memory.rss)}, peak ${mib(memory.peak)}  [load ${load()}]`);
    target(`static ${label}: steady RSS <= 120 MiB`, memory.rss <= 120);
    target(`static ${label}: peak RSS <= 150 MiB (while loading)`, memory.peak <= 150);
    if (label === '100 files') return server;
    await server.stop();
  }
  throw new Error('unreachable');
}

/** The informer: 10,000 streams in a real kube-apiserver, then serve --kubeconfig; cold-path latency. */
async function informer(work: string, certs: Certificates, bare: Server, bodies: Buffer[]): Promise<void> {
  const tools = cachedTools();
  if (tools === undefined) {
    console.log('informer: SKIPPED, the e2e tools are not built (run `npm run tools`, which builds etcd and kube-apiserver into ~/.cache)');
    return;
  }
  const runDir = join(work, 'cluster');
  mkdirSync(runDir);
  const cluster = await startCluster(tools, runDir, COUNT);
  try {
    console.log(`informer: ${cluster.created} streams created in ${cluster.createSeconds.toFixed(1)} s`);
    const serve = await startServe('informer', ['--kubeconfig', cluster.kubeconfig], certs, join(work, 'serve-informer.log'));
    try {
      const loaded = await settledMemory(serve);
      console.log(`informer, ${COUNT} streams: ready (listed) in ${(serve.readyMs / 1000).toFixed(1)} s, steady RSS ${mib(loaded.rss)}, peak ${mib(loaded.peak)}  [load ${load()}]`);
      const ours = await cost(serve, bodies, 32, SECONDS, 3);
      const ceiling = await cost(bare, bodies, 32, SECONDS);
      note(ours.result);
      console.log(`informer, 32 connections: serve ${ours.cpuUs.toFixed(0)} µs/review, bare ${ceiling.cpuUs.toFixed(0)}: cost ratio ${(ours.cpuUs / ceiling.cpuUs).toFixed(2)}`);
      const cold = await coldPath(serve);
      note(cold);
      console.log(`cold path, reviews of 3 cache misses (3 live GETs answered 404), one at a time: ${describeLatency(cold)}`);
      const after = await settledMemory(serve);
      console.log(`informer after load: RSS ${mib(after.rss)}, peak ${mib(after.peak)}`);
      await apiServerGets(cluster.kubeconfig, runDir);
      await smallYoungGeneration(cluster.kubeconfig, certs, work);
      target('informer: steady RSS <= 120 MiB', loaded.rss <= 120);
      target('informer: peak RSS <= 150 MiB', after.peak <= 150);
      target('cold path (3 misses): p99 <= 5 ms', percentile(cold.latenciesMs, 99) <= 5);
    } finally {
      await serve.stop();
    }
  } finally {
    await cluster.stop();
  }
}

/** The informer's memory again with V8's default young generation, against the chart's 4 MiB semi-space. */
async function smallYoungGeneration(kubeconfig: string, certs: Certificates, work: string): Promise<void> {
  const flags = SERVE_NODE_FLAGS.filter((flag) => !flag.startsWith('--max-semi-space-size'));
  const serve = await startServe('informer, small young generation', ['--kubeconfig', kubeconfig], certs, join(work, 'serve-semi.log'), 0, flags);
  try {
    const memory = await settledMemory(serve);
    console.log(`informer with ${flags.join(' ')}: steady RSS ${mib(memory.rss)}, peak ${mib(memory.peak)}`);
  } finally {
    await serve.stop();
  }
}

/** Reviews naming three streams that exist nowhere, each sent once (no negative-cache hits). */
async function coldPath(serve: Server): Promise<LoadResult> {
  const misses = Array.from({ length: 1000 }, (_, seed) => deploymentReview(seed, true));
  const load = { port: serve.port, ca: serve.ca, bodies: misses, agent: new Agent({ keepAlive: true, maxSockets: 1 }), expectedOps: 0 };
  try {
    await closedLoop({ ...load, bodies: [deploymentReview(0)], expectedOps: 3 }, 1, 1);
    return await closedLoop(load, 1, 60, misses.length);
  } finally {
    load.agent.destroy();
  }
}

async function main(): Promise<number> {
  const work = mkdtempSync(join(tmpdir(), 'isw-bench-'));
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  console.log(`machine: ${cpu}, ${cpus().length} cores, node ${process.version}; serve runs with ${SERVE_NODE_FLAGS.join(' ') || 'no node flags'}; load average at start ${load()}`);
  try {
    const certs = makeCertificates(work);
    const bodies = Array.from({ length: 1000 }, (_, seed) => deploymentReview(seed));
    const serve = await staticMemory(work, certs);
    const quiet = await startServe('static, --log-level warn', ['--imagestreams', join(work, 'imagestreams'), '--log-level', 'warn'], certs, join(work, 'serve-warn.log'));
    const bare = await startBare(certs, join(work, 'bare.log'));
    const floor = await startFloor(certs, join(work, 'floor.log'));
    try {
      const serveUs = await cpuRatio(serve, quiet, bare, floor, bodies);
      await quiet.stop();
      await floor.stop();
      await split(join(work, 'imagestreams'), bodies, serveUs);
      await latencies(serve, bare, bodies);
      const after = await settledMemory(serve);
      console.log(`static after load: RSS ${mib(after.rss)}, peak ${mib(after.peak)}`);
      target('static after load: peak RSS <= 150 MiB', after.peak <= 150);
      await serve.stop();
      if (!ONLY_CPU) await cores(work, certs, join(work, 'imagestreams'), REPEATS);
      if (!ONLY_CPU) await informer(work, certs, bare, bodies);
    } finally {
      await serve.stop().catch(() => undefined);
      await quiet.stop().catch(() => undefined);
      await floor.stop().catch(() => undefined);
      await bare.stop();
    }
    if (!ONLY_CPU) await scaling(work, certs, SCALING);
    console.log(`targets: ${verdicts.map(([name, met]) => `${name}: ${met ? 'met' : 'MISSED'}`).join('; ')}`);
    console.log(`load average at end ${load()}`);
    if (failures.length > 0) console.log(`first failure: ${failures[0]} (${failures.length} failed)`);
    return failures.length > 0 ? 1 : 0;
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

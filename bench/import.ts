/**
 * `npm run bench:import`: the import controller against the real kube-apiserver of the e2e harness
 * (etcd, kube-apiserver, the chart installed by helm) and Debian's docker-registry on 127.0.0.1 (TLS).
 *  1. latency: BENCH_CHANGES (default 1000) spec tag changes, each to a freshly pushed tag; time
 *     from the spec write to the registry's digest in status (polled every 5 ms), p50/p99/max;
 *  2. registry requests per unchanged import, counted by the registry client's request hook;
 *  3. scale: BENCH_STREAMS (10,000) streams × 10 scheduled tags with imported status, the controller
 *     at its default 60 scheduled checks/min for BENCH_SCALE_SECONDS (120): list time, checks done,
 *     backlog, steady RSS (VmRSS at the end) and peak RSS (VmHWM) against their targets.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { CustomObjectsApi, type KubeConfig } from '@kubernetes/client-node';
import { controllerName, LocalController, writeControllerFiles } from '../e2e/harness/controller.js';
import { E2eEnvironment, RELEASE } from '../e2e/harness/environment.js';
import { get } from '../e2e/harness/http.js';
import { freePort } from '../e2e/harness/ports.js';
import { createNamespace } from '../e2e/support/api.js';
import { createRegistryClient } from '../src/registry/index.js';
import { pushImage, startRegistry, type PushedImage, type TestRegistry } from '../test/support/registry/index.js';

const CHANGES = Number(process.env.BENCH_CHANGES ?? 1000);
const STREAMS = Number(process.env.BENCH_STREAMS ?? 10_000);
const SCALE_SECONDS = Number(process.env.BENCH_SCALE_SECONDS ?? 120);
const GROUP = { group: 'image.openshift.io', version: 'v1', plural: 'imagestreams' };
const TARGETS = { p99Ms: 1000, steadyRssMb: 100, peakRssMb: 120, listSeconds: 15, requestsPerUnchangedImport: 1 };

type Stream = { metadata: { name: string; resourceVersion?: string }; spec: { tags: { name: string; from: { kind: string; name: string } }[] }; status?: { tags?: { tag: string; items?: { image: string }[] }[] } };

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
const procStatusMb = (pid: number, field: 'VmHWM' | 'VmRSS'): number => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? Number.NaN) / 1024;
const peakRssMb = (pid: number): number => procStatusMb(pid, 'VmHWM');
const met = (ok: boolean): string => (ok ? 'met' : 'MISSED');
const log = (line: string): void => void process.stdout.write(`${line}\n`);

async function latency(admin: KubeConfig, registry: TestRegistry, controller: LocalController): Promise<void> {
  const api = admin.makeApiClient(CustomObjectsApi);
  const namespace = await createNamespace(admin, 'bench');
  const first = await pushImage({ registry, repository: 'bench/app', tags: ['c0'], kind: 'oci', content: 'c0' });
  await api.createNamespacedCustomObject({ ...GROUP, namespace, body: { apiVersion: 'image.openshift.io/v1', kind: 'ImageStream', metadata: { name: 'app' }, spec: { tags: [{ name: 'live', from: { kind: 'DockerImage', name: `${registry.host}/bench/app:c0` } }] } } });
  const read = async (): Promise<Stream> => (await api.getNamespacedCustomObject({ ...GROUP, namespace, name: 'app' })) as Stream;
  const until = async (digest: string): Promise<void> => {
    for (;;) {
      if ((await read()).status?.tags?.[0]?.items?.[0]?.image === digest) return;
      if (controller.exitStatus() !== undefined) throw new Error(`controller ${controller.exitStatus() ?? ''}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };
  await until(first.digest);
  const times: number[] = [];
  for (let i = 1; i <= CHANGES; i += 1) {
    const pushed = await pushImage({ registry, repository: 'bench/app', tags: [`c${i}`], kind: 'oci', content: `c${i}` });
    const stream = await read();
    stream.spec.tags = [{ name: 'live', from: { kind: 'DockerImage', name: `${registry.host}/bench/app:c${i}` } }];
    const started = performance.now();
    await api.replaceNamespacedCustomObject({ ...GROUP, namespace, name: 'app', body: stream });
    await until(pushed.digest);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const p99 = percentile(times, 99);
  log(`latency: ${CHANGES} spec tag changes → digest in status: p50 ${percentile(times, 50).toFixed(0)} ms, p99 ${p99.toFixed(0)} ms, max ${(times.at(-1) ?? 0).toFixed(0)} ms (target p99 < ${TARGETS.p99Ms} ms: ${met(p99 < TARGETS.p99Ms)})`);
}

async function requestsPerImport(registry: TestRegistry): Promise<void> {
  const counts = new Map<string, number>();
  const client = createRegistryClient({ caBundle: registry.caPem, shareTtlMs: 0, onRequest: (event) => counts.set(`${event.method} ${event.kind}`, (counts.get(`${event.method} ${event.kind}`) ?? 0) + 1) });
  const request = { reference: `${registry.host}/bench/app:c0`, insecure: false, importMode: 'PreserveOriginal' as const, platform: { os: 'linux', architecture: 'amd64' }, pullSecrets: [] };
  await client.importImage(request);
  const cold = [...counts].map(([kind, n]) => `${n} ${kind}`).join(', ');
  counts.clear();
  const repeats = 100;
  for (let i = 0; i < repeats; i += 1) await client.importImage(request);
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  client.close();
  log(`registry requests: first import ${cold}; unchanged import ${(total / repeats).toFixed(2)} per import (${[...counts].map(([kind, n]) => `${n} ${kind}`).join(', ')} over ${repeats}) (target ${TARGETS.requestsPerUnchangedImport} HEAD)`);
}

async function pool<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < items.length) await work(items[next++] as T);
  }));
}

/** STREAMS streams of 10 scheduled tags, created with an imported status so only schedules cause work. */
async function createScaleStreams(admin: KubeConfig, registry: TestRegistry): Promise<void> {
  const api = admin.makeApiClient(CustomObjectsApi);
  const namespace = await createNamespace(admin, 'scale');
  const images: PushedImage[] = [];
  for (let t = 0; t < 10; t += 1) images.push(await pushImage({ registry, repository: 'bench/scale', tags: [`t${t}`], kind: 'oci', content: `t${t}` }));
  const started = performance.now();
  await pool(Array.from({ length: STREAMS }, (_, i) => i), 16, async (i) => {
    const tags = images.map((image, t) => ({ name: `t${t}`, from: { kind: 'DockerImage', name: `${registry.host}/bench/scale:t${t}` }, importPolicy: { scheduled: true } }));
    const created = (await api.createNamespacedCustomObject({ ...GROUP, namespace, body: { apiVersion: 'image.openshift.io/v1', kind: 'ImageStream', metadata: { name: `s${i}` }, spec: { tags } } })) as Stream;
    const status = { tags: images.map((image, t) => ({ tag: `t${t}`, items: [{ created: '2026-01-01T00:00:00Z', dockerImageReference: `${registry.host}/bench/scale@${image.digest}`, image: image.digest, generation: 1 }] })) };
    await api.replaceNamespacedCustomObjectStatus({ ...GROUP, namespace, name: `s${i}`, body: { ...created, status } });
  });
  log(`scale: created ${STREAMS} streams × 10 scheduled tags with status in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

/** Samples a process's VmRSS, so the report says in which phase the peak fell (list, or the work after it). */
function sampleRss(pid: () => number | undefined): { mark(phase: string): void; stop(): string } {
  const phases: { phase: string; maxMb: number; atSeconds: number }[] = [{ phase: 'during start-up and the list', maxMb: 0, atSeconds: 0 }];
  const started = performance.now();
  const timer = setInterval(() => {
    const id = pid();
    if (id === undefined) return;
    const current = phases.at(-1);
    const mb = procStatusMb(id, 'VmRSS');
    if (current !== undefined && mb > current.maxMb) Object.assign(current, { maxMb: mb, atSeconds: (performance.now() - started) / 1000 });
  }, 250);
  return {
    mark: (phase) => void phases.push({ phase, maxMb: 0, atSeconds: 0 }),
    stop: () => {
      clearInterval(timer);
      return phases.map((p) => `highest ${p.phase} ${p.maxMb.toFixed(0)} MiB (at ${p.atSeconds.toFixed(0)} s)`).join(', ');
    },
  };
}

function metric(text: string, name: string): number {
  return text.split('\n').filter((line) => line.startsWith(name)).reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
}

async function scale(env: E2eEnvironment, registry: TestRegistry, metricsPort: number): Promise<void> {
  const run = env.run;
  await createScaleStreams(run.admin, registry);
  const files = await writeControllerFiles(run.admin, RELEASE, run.runDir, run.controlPlane.credentials, { registries: { caBundleFile: registry.caFile, allowed: ['127.0.0.1'] } });
  const controller = new LocalController(files, metricsPort, run.runDir, env.processes);
  const started = performance.now();
  const sampler = sampleRss(() => controller.pid());
  await controller.start();
  const pid = controller.pid() ?? 0;
  const scrape = async (): Promise<string> => (await get(`http://127.0.0.1:${metricsPort}/metrics`)).body;
  for (let waited = 0; metric(await scrape(), 'imagestream_controller_imagestreams') < STREAMS && waited < 600; waited += 1) await new Promise((r) => setTimeout(r, 1000));
  const listSeconds = (performance.now() - started) / 1000;
  log(`scale: controller synced ${STREAMS} streams in ${listSeconds.toFixed(1)} s (target ≤ ${TARGETS.listSeconds} s: ${met(listSeconds <= TARGETS.listSeconds)}), peak RSS so far ${peakRssMb(pid).toFixed(0)} MiB`);
  sampler.mark('after the list');
  const before = metric(await scrape(), 'imagestream_controller_imports_total');
  await new Promise((r) => setTimeout(r, SCALE_SECONDS * 1000));
  const text = await scrape();
  const checks = metric(text, 'imagestream_controller_imports_total') - before;
  const peak = peakRssMb(pid);
  const steady = procStatusMb(pid, 'VmRSS');
  log(`scale: RSS sampled every 250 ms: ${sampler.stop()}`);
  log(`scale: heap in use at the end ${(metric(text, 'nodejs_heap_size_used_bytes') / 2 ** 20).toFixed(0)} MiB of ${(metric(text, 'nodejs_heap_size_total_bytes') / 2 ** 20).toFixed(0)} MiB`);
  log(`scale: ${checks} scheduled checks in ${SCALE_SECONDS} s (${((checks * 60) / SCALE_SECONDS).toFixed(0)}/min, configured 60/min), backlog ${metric(text, 'imagestream_controller_scheduled_backlog')}, scheduled tags ${metric(text, 'imagestream_controller_scheduled_tags')}, status writes ${metric(text, 'imagestream_controller_status_writes_total')}`);
  log(`scale: controller (NODE_OPTIONS=--max-old-space-size=128 --max-semi-space-size=4, the chart default) steady RSS ${steady.toFixed(0)} MiB (target ≤ ${TARGETS.steadyRssMb} MiB: ${met(steady <= TARGETS.steadyRssMb)}), peak RSS ${peak.toFixed(0)} MiB (target ≤ ${TARGETS.peakRssMb} MiB: ${met(peak <= TARGETS.peakRssMb)})`);
  await controller.stop();
}

async function main(): Promise<void> {
  const env = new E2eEnvironment();
  let registry: TestRegistry | undefined;
  try {
    log('starting etcd, kube-apiserver, helm install and the test registry…');
    const run = await env.start({ policy: { resolveImages: 'Attempt', resolutionRules: null }, internalRegistryHostname: '', alwaysPullImages: false, webhook: { failurePolicy: '' } });
    registry = await startRegistry({ mode: 'tls' });
    log(`kube-apiserver and registry up; controller lease ${RELEASE.namespace}/${controllerName(RELEASE)}`);
    const files = await writeControllerFiles(run.admin, RELEASE, run.runDir, run.controlPlane.credentials, { registries: { caBundleFile: registry.caFile, allowed: ['127.0.0.1'] } });
    const controller = new LocalController(files, await freePort(), run.runDir, env.processes);
    await controller.start();
    await latency(run.admin, registry, controller);
    await controller.stop();
    await requestsPerImport(registry);
    if (STREAMS > 0) await scale(env, registry, await freePort());
  } finally {
    await registry?.stop();
    await env.stop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:import failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exitCode = 1;
});

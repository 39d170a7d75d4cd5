/**
 * `npm run bench:triggers`: the trigger controller against the real kube-apiserver of the e2e
 * harness (etcd, kube-apiserver, the chart installed by helm, the webhook in front of every write).
 *  - BENCH_WORKLOADS (default 10,000) Deployments with a trigger each, spread over BENCH_STREAMS
 *    (default 1,000) streams' tag `live`, and BENCH_EXTRA_STREAMS (default 9,000) streams nobody
 *    follows, so the controller holds as many streams as the issue's target;
 *  - BENCH_MOVES (default 100) tag moves, each a status write of one followed stream; latency from
 *    the status write to the watch event of the last dependent workload's write, p50/p99/max;
 *  - workload writes counted twice (the controller's Updated counter and the MODIFIED events of
 *    the watch) against the number of workloads whose image changed;
 *  - the controller's peak RSS (VmHWM) and how long it took to sync.
 * Run with smaller numbers on a busy machine: BENCH_WORKLOADS=2000 BENCH_STREAMS=200 …
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { AppsV1Api, CustomObjectsApi, Watch, type KubeConfig } from '@kubernetes/client-node';
import { LocalController, writeControllerFiles } from '../e2e/harness/controller.js';
import { E2eEnvironment, RELEASE } from '../e2e/harness/environment.js';
import { get } from '../e2e/harness/http.js';
import { freePort } from '../e2e/harness/ports.js';
import { createNamespace } from '../e2e/support/api.js';
import { workload } from '../e2e/support/workloads.js';
import { containerTrigger, formatTriggerAnnotation } from '../src/triggers/canonical.js';

const WORKLOADS = Number(process.env.BENCH_WORKLOADS ?? 10_000);
const STREAMS = Number(process.env.BENCH_STREAMS ?? 1000);
const EXTRA_STREAMS = Number(process.env.BENCH_EXTRA_STREAMS ?? 9000);
const MOVES = Number(process.env.BENCH_MOVES ?? 100);
const GROUP = { group: 'image.openshift.io', version: 'v1', plural: 'imagestreams' };
const TARGETS = { p99Ms: 2000, peakRssMb: 150 };
const REPOSITORY = 'registry.example.com/bench/app';

const digest = (n: number): string => `sha256:${createHash('sha256').update(`image ${n}`).digest('hex')}`;
const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
const peakRssMb = (pid: number): number => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? Number.NaN) / 1024;
const log = (line: string): void => void process.stdout.write(`${line}\n`);
const metric = (text: string, name: string): number =>
  text.split('\n').filter((line) => line.startsWith(name)).reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);

async function pool<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < items.length) await work(items[next++] as T);
  }));
}

function statusOf(image: string): object {
  return { tags: [{ tag: 'live', items: [{ created: '2026-01-01T00:00:00Z', dockerImageReference: `${REPOSITORY}@${image}`, image, generation: 1 }] }] };
}

/** Streams `s0…` with status only (no spec tags, so the import controller has nothing to import). */
async function createStreams(admin: KubeConfig, namespace: string, count: number): Promise<void> {
  const api = admin.makeApiClient(CustomObjectsApi);
  await pool(Array.from({ length: count }, (_, i) => i), 16, async (i) => {
    const created = (await api.createNamespacedCustomObject({ ...GROUP, namespace, body: { apiVersion: 'image.openshift.io/v1', kind: 'ImageStream', metadata: { name: `s${i}` }, spec: {} } })) as object;
    await api.replaceNamespacedCustomObjectStatus({ ...GROUP, namespace, name: `s${i}`, body: { ...created, status: statusOf(digest(0)) } });
  });
}

async function createWorkloads(admin: KubeConfig, namespace: string): Promise<void> {
  const apps = admin.makeApiClient(AppsV1Api);
  await pool(Array.from({ length: WORKLOADS }, (_, i) => i), 16, async (i) => {
    const from = { namespace, stream: `s${i % STREAMS}`, tag: 'live' };
    const annotation = formatTriggerAnnotation([containerTrigger({ owner: { kind: 'Deployment', namespace }, list: 'containers', container: 'app', from, paused: false })]);
    const body = workload('Deployment', namespace, `w${i}`, [{ name: 'app', image: `${REPOSITORY}@${digest(0)}` }], { annotations: { 'image.openshift.io/triggers': annotation } });
    await apps.createNamespacedDeployment({ namespace, body: body as never });
  });
}

async function main(): Promise<void> {
  const env = new E2eEnvironment();
  try {
    log('starting etcd, kube-apiserver and helm install…');
    const run = await env.start({ policy: { resolveImages: 'Attempt', resolutionRules: null }, internalRegistryHostname: '', alwaysPullImages: false, webhook: { failurePolicy: '' } });
    const namespace = await createNamespace(run.admin, 'bench-triggers');
    const others = await createNamespace(run.admin, 'bench-streams');
    let started = performance.now();
    await createStreams(run.admin, namespace, STREAMS);
    await createStreams(run.admin, others, EXTRA_STREAMS);
    await createWorkloads(run.admin, namespace);
    log(`setup: ${STREAMS} followed + ${EXTRA_STREAMS} other streams, ${WORKLOADS} Deployments with a trigger each, in ${((performance.now() - started) / 1000).toFixed(0)} s`);

    const metricsPort = await freePort();
    const files = await writeControllerFiles(run.admin, RELEASE, run.runDir, run.controlPlane.credentials, {});
    const controller = new LocalController(files, metricsPort, run.runDir, env.processes);
    started = performance.now();
    await controller.start();
    const scrape = async (): Promise<string> => (await get(`http://127.0.0.1:${metricsPort}/metrics`)).body;
    for (let waited = 0; metric(await scrape(), 'imagestream_controller_trigger_workloads') < WORKLOADS && waited < 6000; waited += 1) await new Promise((r) => setTimeout(r, 100));
    const pid = controller.pid() ?? 0;
    log(`sync: ${WORKLOADS} workloads indexed over ${metric(await scrape(), 'imagestream_controller_trigger_stream_tags')} stream tags in ${((performance.now() - started) / 1000).toFixed(1)} s; peak RSS so far ${peakRssMb(pid).toFixed(0)} MiB`);
    const updatedBefore = metric(await scrape(), 'imagestream_controller_triggers_total{kind="Deployment",result="Updated"}');

    // Watch the Deployments: the time each write reaches a watcher is when the workload was written.
    const written = new Map<string, number>();
    let modified = 0;
    const watch = await new Watch(run.admin).watch(`/apis/apps/v1/namespaces/${namespace}/deployments`, {}, (type, object: { metadata?: { name?: string }; spec?: { template?: { spec?: { containers?: { image?: string }[] } } } }) => {
      if (type !== 'MODIFIED') return;
      modified += 1;
      written.set(`${object.metadata?.name ?? ''} ${object.spec?.template?.spec?.containers?.[0]?.image ?? ''}`, performance.now());
    }, () => undefined);
    const api = run.admin.makeApiClient(CustomObjectsApi);
    const times: number[] = [];
    let expectedWrites = 0;
    for (let move = 1; move <= MOVES; move += 1) {
      const stream = (move * 7919) % STREAMS;
      const image = digest(move);
      const followers = Array.from({ length: WORKLOADS }, (_, i) => i).filter((i) => i % STREAMS === stream).map((i) => `w${i} ${REPOSITORY}@${image}`);
      expectedWrites += followers.length;
      const current = (await api.getNamespacedCustomObject({ ...GROUP, namespace, name: `s${stream}` })) as object;
      const sent = performance.now();
      await api.replaceNamespacedCustomObjectStatus({ ...GROUP, namespace, name: `s${stream}`, body: { ...current, status: statusOf(image) } });
      for (let waited = 0; !followers.every((key) => written.has(key)); waited += 1) {
        if (waited > 6000 || controller.exitStatus() !== undefined) throw new Error(`move ${move}: the workloads of s${stream} were not all written`);
        await new Promise((r) => setTimeout(r, 2));
      }
      times.push(Math.max(...followers.map((key) => written.get(key) ?? 0)) - sent);
    }
    await new Promise((r) => setTimeout(r, 1000));
    watch.abort();
    times.sort((a, b) => a - b);
    const p99 = percentile(times, 99);
    const text = await scrape();
    const updated = metric(text, 'imagestream_controller_triggers_total{kind="Deployment",result="Updated"}') - updatedBefore;
    const peak = peakRssMb(pid);
    log(`latency: ${MOVES} tag moves (${WORKLOADS / STREAMS} workloads each) → last dependent workload written: p50 ${percentile(times, 50).toFixed(0)} ms, p99 ${p99.toFixed(0)} ms, max ${(times.at(-1) ?? 0).toFixed(0)} ms (target p99 < ${TARGETS.p99Ms} ms: ${p99 < TARGETS.p99Ms ? 'met' : 'MISSED'})`);
    log(`writes: ${updated} trigger updates and ${modified} MODIFIED events for ${expectedWrites} workloads whose image changed (${updated === expectedWrites && modified === expectedWrites ? 'equal' : 'NOT EQUAL'}); conflicts ${metric(text, 'imagestream_controller_triggers_total{kind="Deployment",result="Conflict"}')}`);
    log(`memory: controller (NODE_OPTIONS=--max-old-space-size=128) with ${WORKLOADS} workloads and ${STREAMS + EXTRA_STREAMS} streams: peak RSS ${peak.toFixed(0)} MiB (target < ${TARGETS.peakRssMb} MiB: ${peak < TARGETS.peakRssMb ? 'met' : 'MISSED'}), heap in use ${(metric(text, 'nodejs_heap_size_used_bytes') / 2 ** 20).toFixed(0)} MiB`);
    await controller.stop();
  } finally {
    await env.stop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:triggers failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exitCode = 1;
});

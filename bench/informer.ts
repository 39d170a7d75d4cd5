/**
 * The informer half of `npm run bench`: etcd and kube-apiserver from the e2e tools (started by the
 * e2e harness), the ImageStream CRD, COUNT streams created over kept-alive connections, then
 * `serve --kubeconfig` against them: time to ready, memory, and reviews whose three images all
 * miss the cache (live GETs, answered 404 by the real API server).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { startControlPlane, type ControlPlane } from '../e2e/harness/control-plane.js';
import { ProcessSupervisor } from '../e2e/harness/processes.js';
import type { ToolPaths } from '../e2e/harness/tools.js';
import { kubeconfigConnection } from '../src/kube/kubeconfig.js';
import { createRestClient, type RestClient } from '../src/kube/rest-client.js';
import { createImageStreamGetter } from '../src/kube/image-stream-api.js';
import { percentile } from './load.js';
import { NAMESPACES, namespaceName, perNamespace, stream, streamName } from './streams.js';
import { ROOT } from './processes.js';

/** The cached e2e binaries, or undefined when `npm run tools` has not built them. */
export function cachedTools(): ToolPaths | undefined {
  const cache = process.env.IMAGESTREAM_WEBHOOK_TOOLS ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'imagestream-webhook', 'tools');
  const find = (tool: string): string | undefined => {
    const dirs = existsSync(cache) ? readdirSync(cache).filter((dir) => dir.startsWith(`${tool}-v`)).sort() : [];
    return dirs.map((dir) => join(cache, dir, tool)).find((file) => existsSync(file));
  };
  const [etcd, kubeApiServer, kubeControllerManager] = [find('etcd'), find('kube-apiserver'), find('kube-controller-manager')];
  if (etcd === undefined || kubeApiServer === undefined || kubeControllerManager === undefined) return undefined;
  return { etcd, kubeApiServer, kubeControllerManager, helm: '' };
}

export interface Cluster {
  kubeconfig: string;
  created: number;
  createSeconds: number;
  stop(): Promise<void>;
}

async function create(client: RestClient, path: string, body: object): Promise<object> {
  const method = 'POST';
  const answer = await client.request({ method, path, body, operation: `${method} ${path}`, timeoutMs: 60_000 });
  if (answer.status >= 300 && answer.status !== 409) throw new Error(`${method} ${path}: HTTP ${answer.status} ${answer.body.toString('utf8').slice(0, 200)}`);
  return JSON.parse(answer.body.toString('utf8')) as object;
}

/**
 * The chart's CRD without the status subresource, so one create per stream carries its status
 * (with the subresource, a create drops status and each stream needs a second write: twice the
 * setup time for the same objects in the cache).
 */
function benchCrd(): object {
  const crd = parse(readFileSync(join(ROOT, 'manifests', 'imagestreams-crd.yaml'), 'utf8')) as { spec: { versions: { subresources?: unknown }[] } };
  for (const version of crd.spec.versions) delete version.subresources;
  return crd;
}

/** Runs `work` over `items` with `concurrency` requests in flight. */
async function inParallel<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < items.length) await work(items[next++] as T);
  }));
}

/** Starts the control plane in `runDir` and fills it with `count` streams. */
export async function startCluster(tools: ToolPaths, runDir: string, count: number): Promise<Cluster> {
  const supervisor = new ProcessSupervisor();
  let plane: ControlPlane;
  try {
    plane = await startControlPlane(tools, runDir, supervisor);
  } catch (err) {
    await supervisor.stopAll();
    throw err;
  }
  const client = createRestClient(kubeconfigConnection(readFileSync(plane.adminKubeconfig, 'utf8'), { file: plane.adminKubeconfig }), 32);
  try {
    await create(client, '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', benchCrd());
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const namespaces = Array.from({ length: NAMESPACES }, (_, n) => namespaceName(n));
    await inParallel(namespaces, 8, async (name) => {
      await create(client, '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
    });
    const started = performance.now();
    const streams = namespaces.flatMap((namespace) => Array.from({ length: perNamespace(count) }, (_, s) => [namespace, streamName(s)] as const));
    await inParallel(streams, 32, async ([namespace, name]) => {
      await create(client, `/apis/image.openshift.io/v1/namespaces/${namespace}/imagestreams`, stream(namespace, name));
    });
    return {
      kubeconfig: plane.adminKubeconfig, created: streams.length, createSeconds: (performance.now() - started) / 1000,
      stop: async () => {
        client.close();
        await supervisor.stopAll();
      },
    };
  } catch (err) {
    client.close();
    await supervisor.stopAll();
    throw err;
  }
}

/** The API server's own answer time for the GETs a cache miss makes, through the webhook's client. */
export async function apiServerGets(kubeconfig: string, runDir: string): Promise<void> {
  const client = createRestClient(kubeconfigConnection(readFileSync(kubeconfig, 'utf8'), { file: kubeconfig }));
  const get = createImageStreamGetter(client);
  try {
    for (const parallel of [1, 3]) {
      const times: number[] = [];
      for (let n = 0; n < 300; n += 1) {
        const started = performance.now();
        await Promise.all(Array.from({ length: parallel }, (_, c) => get(namespaceName(n % 100), `unknown-${parallel}-${n}-${c}`)));
        times.push(performance.now() - started);
      }
      console.log(`  kube-apiserver itself, ${parallel} GET(s) of a missing stream at once over kept-alive connections: p50 ${percentile(times, 50).toFixed(2)} ms, p99 ${percentile(times, 99).toFixed(2)} ms`);
    }
  } finally {
    client.close();
  }
}

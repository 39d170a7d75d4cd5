/**
 * The review's CPU without the network, for `npm run bench`: the admission edge called in a loop
 * over the benchmark's review bodies in this process, with the 10,000 streams of the static phase.
 * It splits what the server-side difference cannot resolve on a shared machine: JSON.parse of the
 * body, the rest of the edge and its handlers, and within it the per-review log line (a real logger writing batches to
 * /dev/null against one at `warn`). Best of 7 rounds, so a neighbour's burst does not count.
 */
import { pino } from 'pino';
import { createAdmissionEdge } from '../src/admission/edge.js';
import { createImageStreamHandler } from '../src/admission/imagestream-handler.js';
import { createAdmissionMetrics } from '../src/admission/metrics.js';
import { createPodTemplateHandler } from '../src/admission/pod-template-handler.js';
import { loadImageStreams } from '../src/config/image-stream-source.js';
import { DEFAULT_POLICY_CONFIG } from '../src/config/policy-config.js';
import { createLogger, type LogLevel } from '../src/log.js';
import { createMetricsRegistry } from '../src/http/metrics-server.js';
import { ImageStreamStore } from '../src/store/image-stream-store.js';
import { createStoreLookups } from '../src/store/store-lookups.js';

const ROUNDS = 7;
const PER_ROUND = 40_000;

export interface InProcessCost {
  /** µs per review, best round: JSON.parse only, then the whole edge (parse included) at info and at warn. */
  parseUs: number;
  infoUs: number;
  warnUs: number;
}

async function best(run: (count: number) => Promise<void>): Promise<number> {
  await run(PER_ROUND / 2);
  let fastest = Number.POSITIVE_INFINITY;
  for (let round = 0; round < ROUNDS; round += 1) {
    const before = process.cpuUsage();
    await run(PER_ROUND);
    const used = process.cpuUsage(before);
    fastest = Math.min(fastest, (used.user + used.system) / PER_ROUND);
  }
  return fastest;
}

export async function inProcessCost(streamsDir: string, bodies: readonly Buffer[]): Promise<InProcessCost> {
  const store = new ImageStreamStore();
  for (const stream of await loadImageStreams(streamsDir, (full) => store.compact(full))) store.put(stream);
  const lookups = createStoreLookups(store);
  const edgeAt = (level: LogLevel) => createAdmissionEdge({
    handlers: [createPodTemplateHandler({ config: DEFAULT_POLICY_CONFIG, lookups }), createImageStreamHandler()],
    metrics: createAdmissionMetrics(createMetricsRegistry({ processMetrics: false })),
    logger: createLogger({ level, destination: pino.destination({ dest: '/dev/null', sync: true, minLength: 4096 }) }),
  });
  const loop = (edge?: ReturnType<typeof edgeAt>) => async (count: number): Promise<void> => {
    for (let i = 0; i < count; i += 1) {
      const body = bodies[i % bodies.length] ?? Buffer.alloc(0);
      if (edge === undefined) {
        JSON.parse(body.toString('utf8'));
        continue;
      }
      const pending = edge(body, 'mutate');
      const answer = pending instanceof Promise ? await pending : pending;
      if (answer.status !== 200) throw new Error(`in-process review answered ${answer.status}`);
    }
  };
  const info = edgeAt('info');
  const warn = edgeAt('warn');
  return { parseUs: await best(loop()), infoUs: await best(loop(info)), warnUs: await best(loop(warn)) };
}

/**
 * HTTPS load generators for the admission benchmark: a closed loop (fixed number of keep-alive
 * connections, each sending its next review as soon as the previous answer arrives) for throughput,
 * and an open loop (reviews sent on a fixed schedule whether or not earlier ones have returned)
 * for latency, measured from the scheduled send time so a stall is not hidden.
 */
import { performance } from 'node:perf_hooks';
import { request, type Agent } from 'node:https';

export interface Target {
  port: number;
  ca: string;
  bodies: Buffer[];
  /**
   * Keep-alive connections shared by every phase, like the API server's webhook client pool; a
   * warm-up phase opens them, so a measurement never pays for TLS handshakes it did not cause.
   */
  agent: Agent;
  /** Patch operations every checked answer must carry (3 digests, or 0); undefined checks nothing. */
  expectedOps?: number;
}

export interface LoadResult {
  completed: number;
  failures: string[];
  seconds: number;
  latenciesMs: number[];
}

function post(target: Target, body: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1', port: target.port, path: '/mutate', method: 'POST', ca: target.ca, servername: 'localhost', agent: target.agent,
        headers: { 'content-type': 'application/json', 'content-length': body.length },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => (res.statusCode === 200 ? resolve(Buffer.concat(chunks)) : reject(new Error(`HTTP ${res.statusCode}`))));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Every 97th answer is decoded: it must patch `expected` containers to digests. */
function check(answer: Buffer, n: number, expected: number | undefined): void {
  if (n % 97 !== 0 || expected === undefined) return;
  const review = JSON.parse(answer.toString('utf8')) as { response: { allowed: boolean; patch?: string } };
  const patch = (review.response.patch === undefined ? [] : JSON.parse(Buffer.from(review.response.patch, 'base64').toString('utf8'))) as { value: string }[];
  if (!review.response.allowed || patch.length !== expected || !patch.every((op) => op.value.includes('@sha256:'))) {
    throw new Error(`unexpected answer: ${answer.toString('utf8').slice(0, 300)}`);
  }
}

/** Keeps `connections` reviews outstanding for `seconds`, or until `limit` reviews have been sent. */
export async function closedLoop(target: Target, connections: number, seconds: number, limit = Infinity): Promise<LoadResult> {
  const result: LoadResult = { completed: 0, failures: [], seconds, latenciesMs: [] };
  const start = performance.now();
  const end = start + seconds * 1000;
  const worker = async (w: number): Promise<void> => {
    for (let n = w; performance.now() < end && n < limit; n += connections) {
      const sent = performance.now();
      try {
        check(await post(target, target.bodies[n % target.bodies.length] ?? Buffer.alloc(0)), n, target.expectedOps);
        result.latenciesMs.push(performance.now() - sent);
        result.completed += 1;
      } catch (err) {
        result.failures.push(String(err));
      }
    }
  };
  await Promise.all(Array.from({ length: connections }, (_, w) => worker(w)));
  result.seconds = (performance.now() - start) / 1000;
  return result;
}

/** Sends `rate` reviews per second on schedule for `seconds`. */
export async function openLoop(target: Target, rate: number, seconds: number): Promise<LoadResult> {
  const result: LoadResult = { completed: 0, failures: [], seconds, latenciesMs: [] };
  const total = rate * seconds;
  const pending: Promise<void>[] = [];
  const start = performance.now();
  let sent = 0;
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - start) * rate) / 1000) + 1);
    for (; sent < due; sent += 1) {
      const n = sent;
      const scheduled = start + (n * 1000) / rate;
      pending.push(
        post(target, target.bodies[n % target.bodies.length] ?? Buffer.alloc(0)).then(
          (answer) => {
            check(answer, n, target.expectedOps);
            result.latenciesMs.push(performance.now() - scheduled);
            result.completed += 1;
          },
          (err: unknown) => {
            result.failures.push(String(err));
          },
        ),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  await Promise.all(pending);
  return result;
}

/** The p-th percentile (0–100) of `values`, nearest-rank. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

/**
 * The cores measurement of `npm run bench`: one `serve` process against node:cluster workers in one
 * pod, driven by ApacheBench (`ab`, C, so the load generator takes little of the 2 shared cores
 * from the servers). ab is in Debian's apache2-utils: `apt-get install -y apache2-utils`.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { memoryMb, startServe, type Certificates, type Server } from './processes.js';
import { deploymentReview } from './streams.js';

/** The pids of a process and all its descendants, from /proc/<pid>/task/<tid>/children. */
function tree(pid: number): number[] {
  const children = readdirSync(`/proc/${pid}/task`).flatMap((task) =>
    readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').split(' ').filter(Boolean).map(Number));
  return [pid, ...children.flatMap(tree)];
}

function hasAb(): boolean {
  try {
    execFileSync('ab', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Reviews per second ab reaches with `connections` keep-alive connections for `requests` reviews. */
function abRate(server: Server, body: string, connections: number, requests: number): number {
  const output = execFileSync('ab', ['-q', '-k', '-n', String(requests), '-c', String(connections), '-p', body, '-T', 'application/json',
    `https://127.0.0.1:${server.port}/mutate`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const failed = Number(/Failed requests:\s+(\d+)/.exec(output)?.[1] ?? 'NaN');
  const non2xx = Number(/Non-2xx responses:\s+(\d+)/.exec(output)?.[1] ?? '0');
  if (failed !== 0 || non2xx !== 0) throw new Error(`ab: ${failed} failed, ${non2xx} non-2xx`);
  return Number(/Requests per second:\s+([\d.]+)/.exec(output)?.[1] ?? 'NaN');
}

/** One process against 2 workers, `repeats` times interleaved; prints reviews/s and memory. */
export async function cores(work: string, certs: Certificates, streams: string, repeats: number): Promise<void> {
  if (!hasAb()) {
    console.log('cores: SKIPPED, ab is not installed (apt-get install -y apache2-utils)');
    return;
  }
  const body = join(work, 'review.json');
  writeFileSync(body, deploymentReview(7));
  const single = await startServe('1 process', ['--imagestreams', streams], certs, join(work, 'serve-1.log'));
  const workers = await startServe('2 workers', ['--imagestreams', streams], certs, join(work, 'serve-2.log'), 2);
  try {
    const ratios: number[] = [];
    for (let r = 1; r <= repeats; r += 1) {
      abRate(single, body, 32, 2000);
      abRate(workers, body, 32, 2000);
      const one = abRate(single, body, 32, 20_000);
      const two = abRate(workers, body, 32, 20_000);
      ratios.push(two / one);
      console.log(`  cores run ${r}: 1 process ${one.toFixed(0)} reviews/s, 2 workers ${two.toFixed(0)} reviews/s (${(two / one).toFixed(2)}x)`);
    }
    const rss = (server: Server): number => tree(server.pid).reduce((sum, pid) => sum + memoryMb(pid).rss, 0);
    console.log(`cores (ab, 32 connections): 2 workers give ${Math.min(...ratios).toFixed(2)}-${Math.max(...ratios).toFixed(2)}x one process; ` +
      `RSS ${rss(single).toFixed(0)} MiB (1 process) vs ${rss(workers).toFixed(0)} MiB (primary + 2 workers, a cache each)`);
  } finally {
    await single.stop();
    await workers.stop();
  }
}

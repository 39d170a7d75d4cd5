/**
 * The CPU and latency phases of `npm run bench`: serve against the bare ceiling at 32 connections,
 * the in-process split of a review (in-process.ts), and latency at light load and at a fixed rate.
 */
import { inProcessCost } from './in-process.js';
import { cost, describeLatency, latency, median, type Cost } from './phases.js';
import type { Server } from './processes.js';
import { percentile } from './load.js';
import { load, note, target } from './report.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
const RATE = Number(process.env.BENCH_RATE ?? 1000);

/**
 * Interleaved closed-loop runs at 32 connections: serve's CPU per review over the bare server's,
 * the project's HTTP layer alone over the bare server's (floor-server.ts: what is left for the
 * review), and the per-review log line's cost by difference with a serve at `--log-level warn`.
 */
export async function cpuRatio(serve: Server, quiet: Server, bare: Server, floor: Server, bodies: Buffer[]): Promise<number> {
  const ratios: number[] = [];
  const floors: number[] = [];
  const rates: number[] = [];
  const costs: number[] = [];
  const lines: number[] = [];
  for (let r = 1; r <= REPEATS; r += 1) {
    const ceiling = await cost(bare, bodies, 32, SECONDS);
    const layer = await cost(floor, bodies, 32, SECONDS);
    // Alternate which of the two serves goes first: on a shared machine the order alone moved the difference.
    const first = await cost(r % 2 === 1 ? serve : quiet, bodies, 32, SECONDS, 3);
    const second = await cost(r % 2 === 1 ? quiet : serve, bodies, 32, SECONDS, 3);
    const [ours, unlogged] = r % 2 === 1 ? [first, second] : [second, first];
    for (const run of [ceiling, layer, ours, unlogged]) note(run.result);
    ratios.push(ours.cpuUs / ceiling.cpuUs);
    floors.push(layer.cpuUs / ceiling.cpuUs);
    rates.push(ours.reviewsPerSecond / ceiling.reviewsPerSecond);
    costs.push(ours.cpuUs);
    lines.push(ours.cpuUs - unlogged.cpuUs);
    console.log(`  run ${r}: bare ${ceiling.cpuUs.toFixed(0)} µs/review (${ceiling.reviewsPerSecond.toFixed(0)}/s), ` +
      `serve ${ours.cpuUs.toFixed(0)} µs/review (${ours.reviewsPerSecond.toFixed(0)}/s): ` +
      `cost ratio ${(ours.cpuUs / ceiling.cpuUs).toFixed(2)}, throughput ratio ${(ours.reviewsPerSecond / ceiling.reviewsPerSecond).toFixed(2)}; ` +
      `serve --log-level warn ${unlogged.cpuUs.toFixed(0)} µs/review; HTTP layer alone ${layer.cpuUs.toFixed(0)} µs/review  [load ${load()}]`);
  }
  console.log(`32 connections: median cost ratio ${median(ratios).toFixed(2)} x bare (the HTTP layer alone ${median(floors).toFixed(2)} x), ` +
    `median throughput ${(median(rates) * 100).toFixed(0)}% of bare; ` +
    `log line (info - warn) median ${median(lines).toFixed(1)} µs, ${((100 * median(lines)) / median(costs)).toFixed(1)}% of a review`);
  target('cost per review <= 1.25 x bare (median)', median(ratios) <= 1.25);
  return median(costs);
}

/** The in-process split (in-process.ts), and the log line's share of serve's CPU per review. */
export async function split(streamsDir: string, bodies: Buffer[], serveUs: number): Promise<void> {
  const { parseUs, infoUs, warnUs } = await inProcessCost(streamsDir, bodies);
  const lineUs = infoUs - warnUs;
  console.log(`in process, best of 7 rounds: JSON.parse ${parseUs.toFixed(1)} µs, handler ${(infoUs - parseUs).toFixed(1)} µs ` +
    `(of which the log line ${lineUs.toFixed(1)} µs: ${((100 * lineUs) / serveUs).toFixed(1)}% of serve's ${serveUs.toFixed(0)} µs per review)`);
  target('log line <= 5% of a review (in process, against serve\'s CPU per review)', lineUs <= 0.05 * serveUs);
}

export async function latencies(serve: Server, bare: Server, bodies: Buffer[]): Promise<void> {
  const light: Cost = await cost(serve, bodies, 4, SECONDS, 3);
  const lightBare: Cost = await cost(bare, bodies, 4, SECONDS);
  note(light.result);
  console.log(`4 connections: serve ${describeLatency(light.result)}; bare ${describeLatency(lightBare.result)}  [load ${load()}]`);
  target('4 connections: p99 <= 1.5 ms', percentile(light.result.latenciesMs, 99) <= 1.5);
  const open = await latency(serve, bodies, RATE, SECONDS * 2, 3);
  note(open);
  console.log(`${RATE} reviews/s (open loop): ${describeLatency(open)}  [load ${load()}]`);
}


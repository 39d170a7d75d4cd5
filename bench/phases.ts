/**
 * Measurements the benchmark makes against a running server: CPU per review under a closed loop
 * (from /proc, so the load generator's own CPU is not counted), latency under an open loop, and
 * memory after an idle pause.
 */
import { Agent } from 'node:https';
import { closedLoop, openLoop, percentile, type LoadResult } from './load.js';
import { cpuMs, memoryMb, type Server } from './processes.js';

export interface Cost {
  /** Server CPU per review, µs. */
  cpuUs: number;
  reviewsPerSecond: number;
  result: LoadResult;
}

function target(server: Server, bodies: Buffer[], connections: number, expectedOps: number | undefined) {
  return { port: server.port, ca: server.ca, bodies, agent: new Agent({ keepAlive: true, maxSockets: connections }), expectedOps };
}

/** `connections` kept-alive connections for `seconds`, after a 1 s warm-up that opens them. */
export async function cost(server: Server, bodies: Buffer[], connections: number, seconds: number, expectedOps?: number): Promise<Cost> {
  const load = target(server, bodies, connections, expectedOps);
  try {
    await closedLoop(load, connections, 1);
    const before = cpuMs(server.pid);
    const result = await closedLoop(load, connections, seconds);
    return { cpuUs: ((cpuMs(server.pid) - before) * 1000) / Math.max(1, result.completed), reviewsPerSecond: result.completed / result.seconds, result };
  } finally {
    load.agent.destroy();
  }
}

/** `rate` reviews per second on schedule for `seconds` (after a warm-up), as latency percentiles. */
export async function latency(server: Server, bodies: Buffer[], rate: number, seconds: number, expectedOps?: number): Promise<LoadResult> {
  const load = target(server, bodies, 16, expectedOps);
  try {
    // Open all 16 connections first: a TLS handshake inside the measurement is the client's cost, not the server's.
    await closedLoop(load, 16, 1);
    return await openLoop(load, rate, seconds);
  } finally {
    load.agent.destroy();
  }
}

export const ms = (result: LoadResult, p: number): string => percentile(result.latenciesMs, p).toFixed(2);

export function describeLatency(result: LoadResult): string {
  return `p50 ${ms(result, 50)} ms, p99 ${ms(result, 99)} ms, p99.9 ${ms(result, 99.9)} ms (${result.completed} reviews, ${result.failures.length} failed)`;
}

/** RSS after `pauseMs` of idleness (what the process holds), and the peak so far. */
export async function settledMemory(server: Server, pauseMs = 3000): Promise<{ rss: number; peak: number }> {
  await new Promise((resolve) => setTimeout(resolve, pauseMs));
  return memoryMb(server.pid);
}

export const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

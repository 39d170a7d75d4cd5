/**
 * The plain-HTTP listener both processes expose for Prometheus and, for the controller, its
 * probes: `GET /metrics` from a process's Registry, and `/healthz` and `/readyz` when the caller
 * says what readiness means. Plain HTTP because it is scraped inside the cluster; it carries no
 * admission data.
 */
import { createServer, type ServerResponse } from 'node:http';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { listenPlain, type PlainListener } from './plain-listener.js';

/** A process's metric Registry: its own (never prom-client's global one), with Node's process metrics. */
export function createMetricsRegistry(options: { processMetrics?: boolean } = {}): Registry {
  const registry = new Registry();
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry });
  return registry;
}

/** Probe answers: `/healthz` is 200 while the process serves; `/readyz` asks `isReady`. */
export interface Probes {
  isReady(): boolean;
  /** The 503 text of `/readyz`, saying what is awaited. */
  notReady: string;
}

export interface MetricsServerOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  registry: Registry;
  /** Also serve `/healthz` and `/readyz` (the controller's probes; the webhook's are on its HTTPS port). */
  probes?: Probes;
}

export type MetricsServer = PlainListener;

const text = (res: ServerResponse, code: number, body: string, headers: Record<string, string> = {}): void => {
  res.writeHead(code, { 'content-type': 'text/plain; charset=utf-8', ...headers }).end(body);
};

/**
 * Starts the listener; rejects with the listen error (a port in use), so start-up fails instead
 * of running without metrics. Only GET is answered (405 otherwise), unknown paths get 404 naming
 * the served ones, and a failed collection a 500 that does not quote the error.
 */
export function startMetricsServer(options: MetricsServerOptions): Promise<MetricsServer> {
  const { registry, probes } = options;
  const served = probes === undefined ? '/metrics' : '/healthz, /readyz and /metrics';
  const server = createServer((req, res) => {
    const path = req.url?.split('?', 1)[0];
    if (req.method !== 'GET') {
      text(res, 405, 'method not allowed: use GET\n', { allow: 'GET' });
    } else if (path === '/metrics') {
      registry.metrics().then(
        (metrics) => res.writeHead(200, { 'content-type': registry.contentType }).end(metrics),
        () => text(res, 500, 'collecting metrics failed\n'),
      );
    } else if (probes !== undefined && path === '/healthz') {
      text(res, 200, 'ok\n');
    } else if (probes !== undefined && path === '/readyz') {
      if (probes.isReady()) text(res, 200, 'ok\n');
      else text(res, 503, `${probes.notReady}\n`);
    } else {
      text(res, 404, `not found: ${served} ${probes === undefined ? 'is' : 'are'} served here\n`);
    }
  });
  return listenPlain(server, options.host, options.port);
}

/**
 * The controller's plain-HTTP listener: `/healthz` (the process runs), `/readyz` (the informer has
 * synced; a standby replica is ready too, or rollouts would wait on leadership) and `/metrics`.
 */
import { createServer } from 'node:http';
import { listenPlain, type PlainListener } from '../http/plain-listener.js';
import type { Registry } from 'prom-client';

export type HealthServer = PlainListener;

export function startHealthServer(options: { host: string; port: number; registry: Registry; isReady(): boolean }): Promise<HealthServer> {
  const server = createServer((req, res) => {
    const path = req.url?.split('?')[0];
    if (req.method !== 'GET') {
      res.writeHead(405, { 'content-type': 'text/plain', allow: 'GET' }).end('method not allowed\n');
    } else if (path === '/healthz') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
    } else if (path === '/readyz') {
      const ready = options.isReady();
      res.writeHead(ready ? 200 : 503, { 'content-type': 'text/plain' }).end(ready ? 'ok\n' : 'informer not synced\n');
    } else if (path === '/metrics') {
      options.registry.metrics().then(
        (text) => res.writeHead(200, { 'content-type': options.registry.contentType }).end(text),
        () => res.writeHead(500, { 'content-type': 'text/plain' }).end('collecting metrics failed\n'),
      );
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: /healthz, /readyz and /metrics are served here\n');
    }
  });
  return listenPlain(server, options.host, options.port);
}

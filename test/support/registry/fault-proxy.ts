import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** An answer the proxy gives instead of forwarding (e.g. 429 with Retry-After, or a 503). */
export interface Fault {
  status: number;
  headers?: Record<string, string>;
}

/** A plain-HTTP proxy on 127.0.0.1 in front of a plain-HTTP test registry, injecting faults on demand. */
export interface FaultProxy {
  host: string;
  url: string;
  /** Every request that reached the proxy: method, path and the status answered. */
  requests: { method: string; path: string; status: number }[];
  /** Answers the next `count` requests whose path starts with `pathPrefix` with `fault`. */
  failNext(fault: Fault, count: number, pathPrefix?: string): void;
  /** Removes these response headers (lowercase names) from every forwarded answer, e.g. `docker-content-digest`. */
  dropHeaders(names: readonly string[]): void;
  close(): Promise<void>;
}

/**
 * Starts the proxy. It exists for behaviour the real registry never shows on its own (rate limiting
 * with `Retry-After`); everything it forwards is answered by the real registry behind it.
 */
export async function startFaultProxy(options: { target: string }): Promise<FaultProxy> {
  const target = new URL(options.target);
  const requests: FaultProxy['requests'] = [];
  const faults: { fault: Fault; pathPrefix: string }[] = [];
  const dropped = new Set<string>();
  const server: Server = createServer((req, res) => {
    const path = req.url ?? '/';
    const index = faults.findIndex((f) => path.startsWith(f.pathPrefix));
    const injected = index >= 0 ? faults.splice(index, 1)[0] : undefined;
    if (injected !== undefined) {
      requests.push({ method: req.method ?? '', path, status: injected.fault.status });
      req.resume();
      res.writeHead(injected.fault.status, injected.fault.headers ?? {}).end();
      return;
    }
    const upstream = httpRequest({ host: target.hostname, port: target.port, method: req.method, path,
      headers: { ...req.headers, host: target.host } }, (answer) => {
      requests.push({ method: req.method ?? '', path, status: answer.statusCode ?? 0 });
      const headers = Object.fromEntries(Object.entries(answer.headers).filter(([name]) => !dropped.has(name)));
      res.writeHead(answer.statusCode ?? 502, headers);
      answer.pipe(res);
    });
    upstream.on('error', () => {
      requests.push({ method: req.method ?? '', path, status: 502 });
      res.writeHead(502).end();
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    host: `127.0.0.1:${port}`, url: `http://127.0.0.1:${port}`, requests,
    failNext: (fault, count, pathPrefix = '/v2/') => {
      for (let i = 0; i < count; i += 1) faults.push({ fault, pathPrefix });
    },
    dropHeaders: (names) => {
      dropped.clear();
      for (const name of names) dropped.add(name);
    },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

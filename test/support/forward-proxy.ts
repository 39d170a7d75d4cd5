import { createServer, request, type Server } from 'node:http';
import { connect } from 'node:net';

/**
 * A small HTTP proxy on 127.0.0.1 for kubeconfig `proxy-url`: CONNECT tunnels (for HTTPS servers)
 * and absolute-URL forwarding (for HTTP servers). Records what it was asked, and answers 407 to
 * requests without the expected Proxy-Authorization when one is set.
 */
export class ForwardProxy {
  /** `CONNECT host:port` or `GET http://…`, in order. */
  readonly seen: string[] = [];
  port = 0;
  private server: Server | undefined;
  private readonly sockets = new Set<{ destroy(): void }>();

  constructor(private readonly proxyAuthorization?: string) {}

  async start(): Promise<void> {
    const server = createServer((req, res) => {
      this.seen.push(`${req.method ?? ''} ${req.url ?? ''}`);
      if (!this.authorized(req.headers['proxy-authorization'])) return void res.writeHead(407).end();
      const target = new URL(req.url ?? '');
      const headers = { ...req.headers };
      delete headers['proxy-authorization'];
      const forward = request({ host: target.hostname, port: target.port, method: req.method, path: `${target.pathname}${target.search}`, headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      forward.on('error', () => res.writeHead(502).end());
      req.pipe(forward);
    });
    server.on('connect', (req, client) => {
      this.seen.push(`CONNECT ${req.url ?? ''}`);
      this.sockets.add(client);
      if (!this.authorized(req.headers['proxy-authorization'])) return void client.end('HTTP/1.1 407 Proxy Authentication Required\r\n\r\n');
      const [host, port] = (req.url ?? '').split(':');
      const upstream = connect(Number(port), host ?? '', () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.pipe(client);
        client.pipe(upstream);
      });
      this.sockets.add(upstream);
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
    });
    server.on('connection', (socket) => this.sockets.add(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.port = (server.address() as { port: number }).port;
    this.server = server;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    const server = this.server;
    if (server !== undefined) await new Promise((resolve) => server.close(resolve));
  }

  private authorized(header: string | undefined): boolean {
    return this.proxyAuthorization === undefined || header === this.proxyAuthorization;
  }
}

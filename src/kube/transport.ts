import { Agent as HttpAgent, request as httpRequest, type ClientRequest, type IncomingMessage, type OutgoingHttpHeaders, type RequestOptions } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Duplex } from 'node:stream';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';
import type { KubeConnection } from './kube-connection.js';

export interface OutgoingRequest {
  method: string;
  /** Path and query on the API server, without the server URL's own path prefix. */
  path: string;
  headers: OutgoingHttpHeaders;
  signal?: AbortSignal;
}

/** Opens requests to one API server over one pool of kept-alive connections, whatever the route. */
export interface Transport {
  request(outgoing: OutgoingRequest, onResponse: (res: IncomingMessage) => void): ClientRequest;
  close(): void;
}

const hostOf = (url: URL): string => url.hostname.replace(/^\[|\]$/g, '');
const portOf = (url: URL): number => Number(url.port || (url.protocol === 'https:' ? 443 : 80));

/** `Proxy-Authorization` from the proxy URL's user info, if it has any. */
function proxyHeaders(proxy: URL): OutgoingHttpHeaders {
  if (proxy.username === '') return {};
  const credentials = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`;
  return { 'proxy-authorization': `Basic ${Buffer.from(credentials).toString('base64')}` };
}

/**
 * An HTTPS agent whose connections are CONNECT tunnels through an HTTP proxy (kubeconfig
 * `proxy-url`), TLS running end to end inside; the agent still pools and keeps them alive.
 */
class TunnelAgent extends HttpsAgent {
  constructor(private readonly proxy: URL, options: ConnectionOptions & { keepAlive: boolean; maxSockets: number }) {
    super(options);
  }

  override createConnection(options: RequestOptions, callback?: (err: Error | null, stream: Duplex) => void): Duplex | null | undefined {
    const done = callback ?? (() => undefined);
    // The agent ignores the stream argument when it is handed an error.
    const fail = (err: Error): void => done(err, undefined as unknown as Duplex);
    const host = options.host ?? '';
    const target = `${host.includes(':') ? `[${host}]` : host}:${options.port ?? 443}`;
    const connect = httpRequest({
      host: hostOf(this.proxy), port: portOf(this.proxy), method: 'CONNECT', path: target,
      headers: { host: target, ...proxyHeaders(this.proxy) },
    });
    connect.once('connect', (res, socket) => {
      if (res.statusCode !== 200) {
        socket.destroy();
        fail(new Error(`the proxy ${this.proxy.host} answered CONNECT ${target} with HTTP ${res.statusCode ?? 0}`));
        return;
      }
      done(null, tlsConnect({ ...(options as ConnectionOptions), socket }));
    });
    connect.once('error', (err) => fail(new Error(`the proxy ${this.proxy.host} could not be reached: ${err.message}`)));
    connect.end();
    return undefined;
  }
}

/**
 * The transport for a connection: TLS 1.2+ to `https://` servers (directly, or tunnelled through
 * an HTTP proxy), plain HTTP to `http://` servers such as `kubectl proxy` (directly, or forwarded
 * by the proxy with an absolute URL). One keep-alive agent per transport: a new agent per call
 * (client-node 1.x's way) pays a TLS handshake every time.
 */
export function createTransport(connection: KubeConnection, maxSockets: number): Transport {
  const { server, proxy } = connection;
  const base = server.pathname.replace(/\/$/, '');
  if (server.protocol === 'http:') {
    const agent = new HttpAgent({ keepAlive: true, maxSockets });
    const via = proxy ?? server;
    const absolute = proxy === undefined ? '' : `${server.protocol}//${server.host}`;
    const extra = proxy === undefined ? {} : { host: server.host, ...proxyHeaders(proxy) };
    return {
      request: (outgoing, onResponse) => httpRequest({
        agent, host: hostOf(via), port: portOf(via), method: outgoing.method, path: `${absolute}${base}${outgoing.path}`,
        headers: { ...outgoing.headers, ...extra }, ...(outgoing.signal === undefined ? {} : { signal: outgoing.signal }),
      }, onResponse),
      close: () => agent.destroy(),
    };
  }
  const tls: ConnectionOptions & { keepAlive: boolean; maxSockets: number } = {
    keepAlive: true,
    maxSockets,
    minVersion: 'TLSv1.2',
    rejectUnauthorized: connection.rejectUnauthorized,
    ...(connection.ca === undefined ? {} : { ca: connection.ca }),
    ...(connection.cert === undefined ? {} : { cert: connection.cert }),
    ...(connection.key === undefined ? {} : { key: connection.key }),
    ...(connection.servername === undefined ? {} : { servername: connection.servername }),
  };
  const agent = proxy === undefined ? new HttpsAgent(tls) : new TunnelAgent(proxy, tls);
  return {
    request: (outgoing, onResponse) => httpsRequest({
      agent, host: hostOf(server), port: portOf(server), method: outgoing.method, path: `${base}${outgoing.path}`,
      headers: outgoing.headers, ...(outgoing.signal === undefined ? {} : { signal: outgoing.signal }),
      ...(connection.servername === undefined ? {} : { servername: connection.servername }),
    }, onResponse),
    close: () => agent.destroy(),
  };
}

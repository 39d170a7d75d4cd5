/**
 * A small real API server on 127.0.0.1 port 0 (HTTPS with its own development CA, or plain HTTP)
 * that speaks enough of the Kubernetes REST protocol for the project's clients: paged lists,
 * watches (from a resourceVersion, with bookmarks), GET, POST, PUT (with resourceVersion
 * conflicts), PATCH (JSON and merge), DELETE for any resource, and SubjectAccessReviews. It exists
 * for the faults a real kube-apiserver cannot be made to show on demand: a watch whose connection
 * drops, 410 Gone, an outage and restart on the same port, a storm of conflicting writers.
 */
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Server } from 'node:net';
import type { Duplex } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import { stringify } from 'yaml';
import type { KubeConnection } from '../../../src/kube/kube-connection.js';
import { kubeconfigConnection } from '../../../src/kube/kubeconfig.js';
import { ObjectStore, WriteRefused, type StoredObject } from './object-store.js';
import { handleWrite, parsePath, type ApiPath } from './routes.js';
import { makeCertificates } from '../../http/support.js';

export interface ReceivedRequest {
  method: string;
  /** Path and query. */
  url: string;
  authorization: string | undefined;
  /** CN of the client certificate the client presented, if it was verified. */
  clientCertificate: string | undefined;
  contentType: string | undefined;
}

export interface SubjectAccessReviewSpec {
  user?: string;
  uid?: string;
  groups?: string[];
  extra?: Record<string, string[]>;
  resourceAttributes?: { group?: string; resource?: string; verb?: string; namespace?: string };
}

/** An answer an interceptor gives instead of the server: `body` as JSON, else a Status with `reason`. */
export interface InterceptedAnswer {
  code: number;
  reason?: string;
  body?: unknown;
}

/** Runs before a matching request; returning an answer answers it with that instead. */
export type Interceptor = (request: ReceivedRequest) => InterceptedAnswer | void;

export interface FakeApiServerOptions {
  protocol?: 'https' | 'http';
  /** Serving certificate (PEM); default: a fresh development CA's certificate for 127.0.0.1. */
  tls?: { cert: string | Buffer; key: string | Buffer; ca: string };
  /** Verify client certificates against this CA (and record their CN). */
  clientCa?: string | Buffer;
}

const SAR_PATH = '/apis/authorization.k8s.io/v1/subjectaccessreviews';

export class FakeKubeServer {
  readonly store = new ObjectStore();
  /** Every request as `METHOD path?query`, in order. */
  readonly requests: string[] = [];
  readonly received: ReceivedRequest[] = [];
  readonly accessReviews: SubjectAccessReviewSpec[] = [];
  /** Answers SubjectAccessReviews; default: allowed everywhere. */
  allow: (spec: SubjectAccessReviewSpec) => boolean = () => true;
  /** The next N list requests fail with 500. */
  failLists = 0;
  /** While set, list requests wait for it. */
  holdLists: Promise<void> | undefined;
  /** The next watch request is answered 410 Gone (its resourceVersion is "too old"). */
  goneNextWatch = false;
  port = 0;
  /** Connections accepted so far: a kept-alive client opens few. */
  connections = 0;
  readonly ca: string;
  private readonly interceptors: { method: string; path: RegExp; times: number; action: Interceptor }[] = [];
  private readonly watches = new Set<{ res: ServerResponse; resource: string; namespace: string | undefined; bookmarks: boolean }>();
  private readonly sockets = new Set<Duplex>();
  private readonly tls: { cert: string | Buffer; key: string | Buffer; ca: string } | undefined;
  private server: Server | undefined;

  constructor(private readonly options: FakeApiServerOptions = {}) {
    if ((options.protocol ?? 'https') === 'https') {
      this.tls = options.tls ?? FakeKubeServer.developmentCertificate();
    }
    this.ca = this.tls?.ca ?? '';
    this.store.onEvent = (event) => {
      for (const watch of this.watches) {
        if (watch.resource !== event.resource || (watch.namespace !== undefined && watch.namespace !== event.object.metadata.namespace)) continue;
        watch.res.write(`${JSON.stringify({ type: event.type, object: event.object })}\n`);
      }
    };
  }

  private static developmentCertificate(): { cert: Buffer; key: Buffer; ca: string } {
    const files = makeCertificates();
    return { cert: readFileSync(files.certFile), key: readFileSync(files.keyFile), ca: files.ca };
  }

  async start(): Promise<void> {
    const listener = (req: IncomingMessage, res: ServerResponse): void => void this.route(req, res);
    const server = this.tls === undefined
      ? createHttpServer(listener)
      : createHttpsServer({ cert: this.tls.cert, key: this.tls.key, ...(this.options.clientCa === undefined ? {} : { ca: this.options.clientCa, requestCert: true, rejectUnauthorized: false }) }, listener);
    server.on('connection', (socket: Duplex) => {
      this.connections += 1;
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as { port: number }).port;
    this.server = server;
  }

  /** Stops listening and drops every connection, including open watches (an API server outage). */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    this.watches.clear();
    if (server !== undefined) await new Promise((resolve) => server.close(resolve));
  }

  get url(): string {
    return `${this.tls === undefined ? 'http' : 'https'}://127.0.0.1:${this.port}`;
  }

  /** A kubeconfig (YAML) for this server: its CA inline and the given user (default: a bearer token). */
  kubeconfig(user: Record<string, unknown> = { token: 'test-token' }, cluster: Record<string, unknown> = {}): string {
    const ca = this.tls === undefined ? {} : { 'certificate-authority-data': Buffer.from(this.ca).toString('base64') };
    return stringify({
      apiVersion: 'v1', kind: 'Config', 'current-context': 'fake',
      clusters: [{ name: 'fake', cluster: { server: this.url, ...ca, ...cluster } }],
      users: [{ name: 'user', user }],
      contexts: [{ name: 'fake', context: { cluster: 'fake', user: 'user', namespace: 'imagestream-system' } }],
    });
  }

  /** The project's connection to this server, read from the kubeconfig kubectl would use. */
  connection(): KubeConnection {
    return kubeconfigConnection(this.kubeconfig(), { file: 'fake-kubeconfig' });
  }

  /** Calls `action` before each of the next `times` requests matching `method` and `path`. */
  intercept(method: string, path: RegExp, action: Interceptor, times = Infinity): void {
    this.interceptors.push({ method, path, times, action });
  }

  /** Ends every open watch cleanly, as an API server does when a watch times out. */
  endWatches(): void {
    for (const watch of this.watches) watch.res.end();
    this.watches.clear();
  }

  /** Cuts every open watch's connection without ending its answer (a network drop). */
  dropWatches(): void {
    for (const watch of this.watches) watch.res.socket?.destroy();
    this.watches.clear();
  }

  /** Sends a BOOKMARK with the current resourceVersion to watches that asked for bookmarks. */
  sendBookmarks(): void {
    for (const watch of this.watches) {
      if (watch.bookmarks) watch.res.write(`${JSON.stringify({ type: 'BOOKMARK', object: { metadata: { resourceVersion: String(this.store.rv) } } })}\n`);
    }
  }

  count(prefix: string): number {
    return this.requests.filter((line) => line.startsWith(prefix)).length;
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const received = this.receive(req);
    const answer = this.intercepted(received);
    if (answer?.body !== undefined) return json(res, answer.code, answer.body);
    if (answer !== undefined) return status(res, answer.code, answer.reason ?? 'InternalError', `answered by the test (${answer.reason ?? answer.code})`);
    const body = await readBody(req);
    if (req.method === 'POST' && url.pathname === SAR_PATH) return this.accessReview(body, res);
    const path = parsePath(url.pathname);
    if (path === undefined) return status(res, 404, 'NotFound', `no route for ${req.method ?? ''} ${url.pathname}`);
    if (req.method === 'GET' && path.name === undefined) {
      return url.searchParams.get('watch') === 'true' ? this.watch(path, url, res) : this.list(path, url, res);
    }
    try {
      json(res, ...handleWrite(this.store, req.method ?? '', path, received.contentType ?? '', body));
    } catch (err) {
      if (!(err instanceof WriteRefused)) throw err;
      status(res, err.code, err.reason, err.message);
    }
  }

  private receive(req: IncomingMessage): ReceivedRequest {
    const peer = (req.socket as Partial<TLSSocket>).authorized === true ? (req.socket as TLSSocket).getPeerCertificate() : undefined;
    const received = {
      method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization,
      clientCertificate: typeof peer?.subject?.CN === 'string' ? peer.subject.CN : undefined, contentType: req.headers['content-type'],
    };
    this.requests.push(`${received.method} ${received.url}`);
    this.received.push(received);
    return received;
  }

  private intercepted(received: ReceivedRequest): InterceptedAnswer | undefined {
    for (const interceptor of this.interceptors) {
      if (interceptor.times <= 0 || interceptor.method !== received.method || !interceptor.path.test(received.url)) continue;
      interceptor.times -= 1;
      const answer = interceptor.action(received);
      if (answer !== undefined) return answer;
    }
    return undefined;
  }

  private async list(path: ApiPath, url: URL, res: ServerResponse): Promise<void> {
    await this.holdLists;
    if (this.failLists > 0) {
      this.failLists -= 1;
      return status(res, 500, 'InternalError', 'etcd is having a bad day');
    }
    const all = this.store.list(path.resource, path.namespace);
    const start = Number(url.searchParams.get('continue') ?? '0');
    const limit = Number(url.searchParams.get('limit') ?? all.length) || all.length;
    const next = start + limit < all.length ? String(start + limit) : undefined;
    json(res, 200, { kind: 'List', apiVersion: 'v1', metadata: { resourceVersion: String(this.store.rv), ...(next === undefined ? {} : { continue: next }) }, items: all.slice(start, start + limit) });
  }

  private watch(path: ApiPath, url: URL, res: ServerResponse): void {
    if (this.goneNextWatch) {
      this.goneNextWatch = false;
      return status(res, 410, 'Expired', 'too old resource version');
    }
    const from = Number(url.searchParams.get('resourceVersion') ?? '0');
    res.writeHead(200, { 'content-type': 'application/json' });
    res.flushHeaders();
    if (from < this.store.compactedRv) {
      const gone = { kind: 'Status', apiVersion: 'v1', status: 'Failure', code: 410, reason: 'Expired', message: `too old resource version: ${from} (${this.store.compactedRv})` };
      res.end(`${JSON.stringify({ type: 'ERROR', object: gone })}\n`);
      return;
    }
    for (const event of this.store.events) {
      if (event.rv <= from || event.resource !== path.resource || (path.namespace !== undefined && event.object.metadata.namespace !== path.namespace)) continue;
      res.write(`${JSON.stringify({ type: event.type, object: event.object })}\n`);
    }
    const watch = { res, resource: path.resource, namespace: path.namespace, bookmarks: url.searchParams.get('allowWatchBookmarks') === 'true' };
    this.watches.add(watch);
    res.on('close', () => this.watches.delete(watch));
  }

  private accessReview(body: unknown, res: ServerResponse): void {
    const review = body as { spec: SubjectAccessReviewSpec };
    this.accessReviews.push(review.spec);
    json(res, 201, { apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview', spec: review.spec, status: { allowed: this.allow(review.spec) } });
  }
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return chunks.length === 0 ? undefined : (JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown);
}

function json(res: ServerResponse, code: number, body: unknown): void {
  res.writeHead(code, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

function status(res: ServerResponse, code: number, reason: string, message: string): void {
  json(res, code, { kind: 'Status', apiVersion: 'v1', status: 'Failure', code, reason, message });
}

export type { StoredObject };

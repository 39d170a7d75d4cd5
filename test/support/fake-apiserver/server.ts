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
import { stringify } from 'yaml';
import type { KubeConnection } from '../../../src/kube/kube-connection.js';
import { kubeconfigConnection } from '../../../src/kube/kubeconfig.js';
import { ObjectStore, WriteRefused, type StoredObject } from './object-store.js';
import { json, readBody, RequestLog, status, type Interceptor } from './requests.js';
import { handleWrite, parsePath, type ApiPath } from './routes.js';
import { parseFieldSelector } from './field-selector.js';
import { Watches } from './watches.js';
import { makeCertificates } from '../../http/support.js';

export interface SubjectAccessReviewSpec {
  user?: string;
  uid?: string;
  groups?: string[];
  extra?: Record<string, string[]>;
  resourceAttributes?: { group?: string; resource?: string; subresource?: string; verb?: string; namespace?: string };
}

/** The user a TokenReview answers for a known token. */
export interface ReviewedUser {
  username: string;
  uid?: string;
  groups?: string[];
}

export interface FakeApiServerOptions {
  protocol?: 'https' | 'http';
  /** Serving certificate (PEM); default: a fresh development CA's certificate for 127.0.0.1. */
  tls?: { cert: string | Buffer; key: string | Buffer; ca: string };
  /** Verify client certificates against this CA (and record their CN). */
  clientCa?: string | Buffer;
}

const SAR_PATH = '/apis/authorization.k8s.io/v1/subjectaccessreviews';
const TOKEN_REVIEW_PATH = '/apis/authentication.k8s.io/v1/tokenreviews';

export class FakeKubeServer {
  readonly store = new ObjectStore();
  private readonly log = new RequestLog();
  /** Every request as `METHOD path?query`, in order. */
  readonly requests = this.log.requests;
  readonly received = this.log.received;
  readonly accessReviews: SubjectAccessReviewSpec[] = [];
  /** Answers SubjectAccessReviews; default: allowed everywhere. */
  allow: (spec: SubjectAccessReviewSpec) => boolean = () => true;
  /** Bearer tokens TokenReviews authenticate, and whose they are; any other token is not authenticated. */
  readonly tokens = new Map<string, ReviewedUser>();
  /** TokenReviews answered so far. */
  tokenReviews = 0;
  /** The next N list requests fail with 500. */
  failLists = 0;
  /** While set, list requests wait for it. */
  holdLists: Promise<void> | undefined;
  /** While set, list pages after the first (requests with `continue`) wait for it: a list half done. */
  holdLaterPages: Promise<void> | undefined;
  /** The next watch request is answered 410 Gone (its resourceVersion is "too old"). */
  goneNextWatch = false;
  port = 0;
  /** Connections accepted so far: a kept-alive client opens few. */
  connections = 0;
  readonly ca: string;
  private readonly watches = new Watches(this.store);
  private readonly sockets = new Set<Duplex>();
  private readonly tls: { cert: string | Buffer; key: string | Buffer; ca: string } | undefined;
  private server: Server | undefined;

  constructor(private readonly options: FakeApiServerOptions = {}) {
    if ((options.protocol ?? 'https') === 'https') {
      this.tls = options.tls ?? FakeKubeServer.developmentCertificate();
    }
    this.ca = this.tls?.ca ?? '';
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
    this.watches.forget();
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
    this.log.intercept(method, path, action, times);
  }

  /** Ends every open watch cleanly, as an API server does when a watch times out. */
  endWatches(): void {
    this.watches.endAll();
  }

  /** Cuts every open watch's connection without ending its answer (a network drop). */
  dropWatches(): void {
    this.watches.dropAll();
  }

  /** Sends a BOOKMARK with the current resourceVersion to watches that asked for bookmarks. */
  sendBookmarks(): void {
    this.watches.bookmark();
  }

  count(prefix: string): number {
    return this.requests.filter((line) => line.startsWith(prefix)).length;
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const { received, answer } = this.log.receive(req);
    if (answer?.body !== undefined) return json(res, answer.code, answer.body);
    if (answer !== undefined) return status(res, answer.code, answer.reason ?? 'InternalError', `answered by the test (${answer.reason ?? answer.code})`);
    const body = await readBody(req);
    if (req.method === 'POST' && url.pathname === SAR_PATH) return this.accessReview(body, res);
    if (req.method === 'POST' && url.pathname === TOKEN_REVIEW_PATH) return this.tokenReview(body, res);
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

  private async list(path: ApiPath, url: URL, res: ServerResponse): Promise<void> {
    await this.holdLists;
    if (url.searchParams.has('continue')) await this.holdLaterPages;
    if (this.failLists > 0) {
      this.failLists -= 1;
      return status(res, 500, 'InternalError', 'etcd is having a bad day');
    }
    const selected = parseFieldSelector(url.searchParams.get('fieldSelector'));
    const all = this.store.list(path.resource, path.namespace).filter(selected);
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
    this.watches.start(res, path, url);
  }

  private tokenReview(body: unknown, res: ServerResponse): void {
    this.tokenReviews += 1;
    const review = body as { spec?: { token?: string } };
    const user = this.tokens.get(review.spec?.token ?? '');
    const status = user === undefined ? { authenticated: false, error: 'invalid bearer token' } : { authenticated: true, user };
    json(res, 201, { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenReview', spec: review.spec, status });
  }

  private accessReview(body: unknown, res: ServerResponse): void {
    const review = body as { spec: SubjectAccessReviewSpec };
    this.accessReviews.push(review.spec);
    json(res, 201, { apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview', spec: review.spec, status: { allowed: this.allow(review.spec) } });
  }
}

export type { StoredObject };
export type { InterceptedAnswer, Interceptor, ReceivedRequest } from './requests.js';

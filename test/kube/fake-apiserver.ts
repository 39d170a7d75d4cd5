/**
 * A small real HTTPS API server on 127.0.0.1 port 0 (its own development CA) that speaks just enough of the Kubernetes protocol
 * for the ImageStream informer: paginated list, watch (newline-delimited events from a
 * resourceVersion, 410 Gone when asked to), GET of one stream, and SubjectAccessReview POST.
 * It can go down and come back on the same port, like an API server restart.
 */
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { Duplex } from 'node:stream';
import { KubeConfig } from '@kubernetes/client-node';
import type { ImageStream } from '../../src/core/types.js';
import type { KubeConnection } from '../../src/kube/kube-connection.js';
import { kubeconfigConnection } from '../../src/kube/kubeconfig.js';
import { makeCertificates, type CertificateFiles } from '../http/support.js';

const LIST_PATH = '/apis/image.openshift.io/v1/imagestreams';
const GET_PATH = /^\/apis\/image\.openshift\.io\/v1\/namespaces\/([^/]+)\/imagestreams\/([^/]+)$/;
const SAR_PATH = '/apis/authorization.k8s.io/v1/subjectaccessreviews';

interface WatchEvent {
  rv: number;
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  object: ImageStream;
}

export interface SubjectAccessReviewSpec {
  user?: string;
  uid?: string;
  groups?: string[];
  extra?: Record<string, string[]>;
  resourceAttributes?: { group?: string; resource?: string; verb?: string; namespace?: string };
}

export class FakeApiServer {
  /** Every request as `METHOD path?query`, in order. */
  readonly requests: string[] = [];
  readonly accessReviews: SubjectAccessReviewSpec[] = [];
  /** Answers SubjectAccessReviews; default: allowed everywhere. */
  allow: (spec: SubjectAccessReviewSpec) => boolean = () => true;
  /** The next N list requests fail with 500. */
  failLists = 0;
  /** While set, list requests wait for it. */
  holdLists: Promise<void> | undefined;
  /** The next watch request gets 410 Gone (its resourceVersion is "too old"). */
  goneNextWatch = false;
  private rv = 100;
  private readonly streams = new Map<string, ImageStream>();
  /** Streams a GET finds but list and watch do not show yet (informer lag). */
  private readonly unlisted = new Map<string, ImageStream>();
  private readonly events: WatchEvent[] = [];
  private readonly watches = new Set<ServerResponse>();
  private readonly sockets = new Set<Duplex>();
  private server: Server | undefined;
  private readonly certificates: CertificateFiles = makeCertificates();
  port = 0;
  /** TLS connections accepted so far: a kept-alive client opens few. */
  connections = 0;

  async start(): Promise<void> {
    const tls = { cert: readFileSync(this.certificates.certFile), key: readFileSync(this.certificates.keyFile) };
    const server = createServer(tls, (req, res) => void this.route(req, res));
    server.on('secureConnection', () => (this.connections += 1));
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as { port: number }).port;
    this.server = server;
  }

  /** Stops listening and drops every connection, including open watches. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    this.watches.clear();
    if (server !== undefined) await new Promise((resolve) => server.close(resolve));
  }

  kubeConfig(): KubeConfig {
    const config = new KubeConfig();
    config.loadFromOptions({
      clusters: [{ name: 'fake', server: `https://127.0.0.1:${this.port}`, caData: Buffer.from(this.certificates.ca).toString('base64'), skipTLSVerify: false }],
      users: [{ name: 'webhook', token: 'test-token' }],
      contexts: [{ name: 'fake', cluster: 'fake', user: 'webhook' }],
      currentContext: 'fake',
    });
    return config;
  }

  /** The webhook's own connection to this server, read from the kubeconfig kubectl would use. */
  connection(): KubeConnection {
    return kubeconfigConnection(this.kubeConfig().exportConfig(), { file: 'fake-kubeconfig' });
  }

  put(stream: ImageStream): void {
    const key = keyOf(stream);
    const type = this.streams.has(key) ? 'MODIFIED' : 'ADDED';
    this.record(type, stream);
    this.streams.set(key, this.last());
    this.unlisted.delete(key);
  }

  remove(namespace: string, name: string): void {
    const stream = this.streams.get(`${namespace}/${name}`);
    if (stream === undefined) return;
    this.streams.delete(keyOf(stream));
    this.record('DELETED', stream);
  }

  putUnlisted(stream: ImageStream): void {
    this.unlisted.set(keyOf(stream), stream);
  }

  /** Ends every open watch cleanly, as an API server does when a watch times out. */
  endWatches(): void {
    for (const res of this.watches) res.end();
    this.watches.clear();
  }

  count(prefix: string): number {
    return this.requests.filter((line) => line.startsWith(prefix)).length;
  }

  private record(type: WatchEvent['type'], stream: ImageStream): void {
    this.rv += 1;
    const object = structuredClone({ ...stream, metadata: { ...stream.metadata, resourceVersion: String(this.rv) } });
    this.events.push({ rv: this.rv, type, object });
    for (const res of this.watches) res.write(`${JSON.stringify({ type, object })}\n`);
  }

  private last(): ImageStream {
    const event = this.events.at(-1);
    if (event === undefined) throw new Error('no event recorded');
    return event.object;
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    this.requests.push(`${req.method} ${url.pathname}${url.search}`);
    const get = GET_PATH.exec(url.pathname);
    if (req.method === 'GET' && url.pathname === LIST_PATH && url.searchParams.get('watch') === 'true') this.watch(url, res);
    else if (req.method === 'GET' && url.pathname === LIST_PATH) await this.list(url, res);
    else if (req.method === 'GET' && get !== null) this.getOne(`${get[1]}/${get[2]}`, res);
    else if (req.method === 'POST' && url.pathname === SAR_PATH) await this.accessReview(req, res);
    else status(res, 404, 'NotFound', `no route for ${req.method} ${url.pathname}`);
  }

  private async list(url: URL, res: ServerResponse): Promise<void> {
    await this.holdLists;
    if (this.failLists > 0) {
      this.failLists -= 1;
      status(res, 500, 'InternalError', 'etcd is having a bad day');
      return;
    }
    const all = [...this.streams.values()];
    const start = Number(url.searchParams.get('continue') ?? '0');
    const limit = Number(url.searchParams.get('limit') ?? all.length) || all.length;
    const next = start + limit < all.length ? String(start + limit) : undefined;
    json(res, 200, {
      apiVersion: 'image.openshift.io/v1',
      kind: 'ImageStreamList',
      metadata: { resourceVersion: String(this.rv), ...(next === undefined ? {} : { continue: next }) },
      items: all.slice(start, start + limit),
    });
  }

  private watch(url: URL, res: ServerResponse): void {
    if (this.goneNextWatch) {
      this.goneNextWatch = false;
      status(res, 410, 'Expired', 'too old resource version');
      return;
    }
    const from = Number(url.searchParams.get('resourceVersion') ?? '0');
    res.writeHead(200, { 'content-type': 'application/json' });
    for (const event of this.events) {
      if (event.rv > from) res.write(`${JSON.stringify({ type: event.type, object: event.object })}\n`);
    }
    this.watches.add(res);
    res.on('close', () => this.watches.delete(res));
  }

  private getOne(key: string, res: ServerResponse): void {
    const stream = this.streams.get(key) ?? this.unlisted.get(key);
    if (stream === undefined) status(res, 404, 'NotFound', `imagestreams.image.openshift.io "${key.split('/')[1]}" not found`);
    else json(res, 200, stream);
  }

  private async accessReview(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const review = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { spec: SubjectAccessReviewSpec };
    this.accessReviews.push(review.spec);
    json(res, 201, { apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview', spec: review.spec, status: { allowed: this.allow(review.spec) } });
  }
}

function keyOf(stream: ImageStream): string {
  return `${stream.metadata.namespace ?? ''}/${stream.metadata.name}`;
}

function json(res: ServerResponse, code: number, body: unknown): void {
  res.writeHead(code, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

function status(res: ServerResponse, code: number, reason: string, message: string): void {
  json(res, code, { kind: 'Status', apiVersion: 'v1', status: 'Failure', code, reason, message });
}

/**
 * Real HTTPS plumbing for the HTTP tests: development certificates from certs/generate.sh, an
 * in-process webhook on 127.0.0.1 port 0 built from the same parts as `serve`, and a small client
 * that reports status, body and the certificate the server presented.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { fileURLToPath } from 'node:url';
import type { Registry } from 'prom-client';
import { createAdmissionEdge } from '../../src/admission/edge.js';
import { createImageStreamHandler } from '../../src/admission/imagestream-handler.js';
import { createAdmissionMetrics } from '../../src/admission/metrics.js';
import { createPodTemplateHandler } from '../../src/admission/pod-template-handler.js';
import { createStaticLookups } from '../../src/core/static-lookups.js';
import type { ImageStream, Lookups, PolicyConfig } from '../../src/core/types.js';
import { createApp, DEFAULT_MAX_IN_FLIGHT_BYTES } from '../../src/http/app.js';
import { startHttpsServer, type ConnectionTimeouts, type RunningServer } from '../../src/http/server.js';
import { createMetricsRegistry } from '../../src/http/metrics-server.js';
import { createHttpMetrics } from '../../src/http/metrics.js';
import { createLogger } from '../../src/log.js';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface CertificateFiles {
  dir: string;
  caFile: string;
  certFile: string;
  keyFile: string;
  ca: string;
}

/** A fresh CA and serving certificate (SANs localhost, 127.0.0.1) in `dir`, or a new temp dir. */
export function makeCertificates(dir = mkdtempSync(join(tmpdir(), 'isw-certs-'))): CertificateFiles {
  execFileSync('bash', [join(REPO_ROOT, 'certs', 'generate.sh'), dir, 'imagestream-webhook', 'test'], {
    env: { ...process.env, FORCE: '1', DAYS: '1' },
    stdio: 'ignore',
  });
  const caFile = join(dir, 'ca.crt');
  return { dir, caFile, certFile: join(dir, 'tls.crt'), keyFile: join(dir, 'tls.key'), ca: readFileSync(caFile, 'utf8') };
}

/** Log lines captured from a logger, parsed. */
export class LogLines {
  readonly lines: Record<string, unknown>[] = [];
  write(line: string): void {
    this.lines.push(JSON.parse(line) as Record<string, unknown>);
  }
  withMessage(msg: string): Record<string, unknown>[] {
    return this.lines.filter((line) => line.msg === msg);
  }
}

export interface TestServer {
  port: number;
  server: RunningServer;
  /** The server's metrics, as `/metrics` would serve them. */
  registry: Registry;
  logs: LogLines;
  close(): Promise<void>;
}

export interface TestServerOptions {
  certificates: CertificateFiles;
  config: PolicyConfig;
  streams?: ImageStream[];
  lookups?: Lookups;
  isReady?: () => boolean;
  maxInFlightBytes?: number;
  timeouts?: Partial<ConnectionTimeouts>;
}

/** The admission app over static lookups, on 127.0.0.1 port 0. */
export async function startTestServer(options: TestServerOptions): Promise<TestServer> {
  const logs = new LogLines();
  const logger = createLogger({ level: 'debug', destination: logs });
  const registry = createMetricsRegistry({ processMetrics: false });
  const lookups = options.lookups ?? createStaticLookups(options.streams ?? [], 'myproject');
  const handlers = [createPodTemplateHandler({ config: options.config, lookups }), createImageStreamHandler()];
  const edge = createAdmissionEdge({ handlers, logger, metrics: createAdmissionMetrics(registry) });
  const app = createApp({ edge, metrics: createHttpMetrics(registry), isReady: options.isReady ?? (() => true), maxInFlightBytes: options.maxInFlightBytes ?? DEFAULT_MAX_IN_FLIGHT_BYTES });
  const certificate = { cert: readFileSync(options.certificates.certFile), key: readFileSync(options.certificates.keyFile) };
  const server = await startHttpsServer({ app, certificate, host: '127.0.0.1', port: 0, ...(options.timeouts === undefined ? {} : { timeouts: options.timeouts }) });
  return { port: server.address.port, server, registry, logs, close: () => server.close(1000) };
}

export interface Reply {
  status: number;
  body: string;
  /** SHA-256 fingerprint of the certificate the server presented. */
  fingerprint: string;
}

export interface CallOptions {
  port: number;
  ca: string | string[];
  path: string;
  method?: string;
  body?: string | Buffer | object;
  headers?: Record<string, string>;
  agent?: Agent;
}

/** One HTTPS request to 127.0.0.1, verifying the server certificate against `ca` for `localhost`. */
export function call(options: CallOptions): Promise<Reply> {
  const payload =
    options.body === undefined || typeof options.body === 'string' || Buffer.isBuffer(options.body)
      ? options.body
      : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1', port: options.port, path: options.path, servername: 'localhost', ca: options.ca,
        method: options.method ?? (payload === undefined ? 'GET' : 'POST'),
        headers: { 'content-type': 'application/json', ...options.headers },
        ...(options.agent === undefined ? { agent: false } : { agent: options.agent }),
      },
      (res) => {
        const fingerprint = (res.socket as TLSSocket).getPeerCertificate().fingerprint256;
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), fingerprint }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** The AdmissionReview envelope the API server sends, around `request`. */
/** A CREATE Pod request for one container `app` running `image`, as the API server sends it. */
export function podRequest(image: string, uid = 'c1d2e3f4-0000-4000-8000-000000000001', namespace = 'myproject'): object {
  return {
    uid,
    kind: { group: '', version: 'v1', kind: 'Pod' },
    resource: { group: '', version: 'v1', resource: 'pods' },
    namespace,
    name: 'web',
    operation: 'CREATE',
    userInfo: { username: 'developer' },
    object: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web' }, spec: { containers: [{ name: 'app', image, imagePullPolicy: 'IfNotPresent' }] } },
  };
}

export function admissionReview(request: object, apiVersion = 'admission.k8s.io/v1'): object {
  return { apiVersion, kind: 'AdmissionReview', request };
}

/** Polls `check` every 20 ms until it holds; fails naming `what` after `timeoutMs`. */
export async function eventually(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

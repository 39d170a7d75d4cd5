import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { statusBody, type AdmissionHandler } from '../admission/handler.js';
import type { Phase } from '../core/types.js';
import type { WebhookMetrics } from '../metrics.js';

/** Largest request body accepted: matches the API server's own 3 MiB request limit. */
export const MAX_ADMISSION_BODY_BYTES = 3 * 1024 * 1024;

export interface AppDeps {
  handler: AdmissionHandler;
  /** True once the ImageStream source has its first full list and the server is not shutting down. */
  isReady: () => boolean;
  metrics: WebhookMetrics;
}

const PHASES: Readonly<Record<string, Phase>> = { '/mutate': 'mutate', '/validate': 'validate' };

function send(res: ServerResponse, code: number, body: object): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function sendText(res: ServerResponse, code: number, text: string): void {
  res.writeHead(code, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function sendStatus(res: ServerResponse, metrics: WebhookMetrics, code: number, reason: string, message: string): void {
  metrics.badRequests.inc({ code: String(code) });
  send(res, code, statusBody(code, reason, message));
}

/** The request body, or why it cannot be had: over the size limit, or the client went away. */
type Body = { bytes: Buffer } | { problem: 'TooLarge' | 'Aborted' };

function readBody(req: IncomingMessage): Promise<Body> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_ADMISSION_BODY_BYTES) return Promise.resolve({ problem: 'TooLarge' });
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let length = 0;
    const onData = (chunk: Buffer): void => {
      length += chunk.length;
      if (length <= MAX_ADMISSION_BODY_BYTES) chunks.push(chunk);
      else {
        req.off('data', onData);
        resolve({ problem: 'TooLarge' });
      }
    };
    req.on('data', onData);
    req.once('end', () => resolve({ bytes: Buffer.concat(chunks, length) }));
    req.once('aborted', () => resolve({ problem: 'Aborted' }));
    req.once('error', () => resolve({ problem: 'Aborted' }));
  });
}

/**
 * Answers one `POST /mutate` or `/validate`: reads the body within the 3 MiB limit (413 beyond it,
 * closing the connection rather than reading the rest), parses JSON of any content type (the API
 * server always sends JSON; a hand-made `curl --data` arrives form-encoded) and delegates.
 */
async function admit(req: IncomingMessage, res: ServerResponse, deps: AppDeps, phase: Phase): Promise<void> {
  const encoding = req.headers['content-encoding'];
  if (encoding !== undefined && encoding !== 'identity') {
    sendStatus(res, deps.metrics, 415, 'UnsupportedMediaType', `content-encoding "${encoding}" is not supported; send plain JSON`);
    return;
  }
  const body = await readBody(req);
  if ('problem' in body) {
    if (body.problem === 'Aborted') return;
    res.setHeader('connection', 'close');
    sendStatus(res, deps.metrics, 413, 'RequestEntityTooLarge',
      `request body exceeds ${MAX_ADMISSION_BODY_BYTES} bytes (3 MiB, the API server's own request limit)`);
    req.resume();
    return;
  }
  if (body.bytes.length === 0) {
    sendStatus(res, deps.metrics, 400, 'BadRequest', 'request body is empty: expected an AdmissionReview');
    return;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.bytes.toString('utf8'));
  } catch (err) {
    sendStatus(res, deps.metrics, 400, 'BadRequest', `request body is not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
    return;
  }
  const answer = await deps.handler(parsed, phase);
  send(res, answer.status, answer.body);
}

/**
 * Creates the HTTPS request listener: `POST /mutate`, `POST /validate`, `GET /healthz`,
 * `GET /readyz`; every other path or method gets a Kubernetes Status answer. It only routes,
 * reads bodies and delegates to the admission handler. Plain `node:http` rather than express: on
 * this hot path express's per-request prototype swaps and middleware cost about 140 µs of CPU per
 * review, more than the review itself (see `npm run bench`).
 */
export function createApp(deps: AppDeps): RequestListener {
  return (req, res) => {
    const path = (req.url ?? '/').split('?', 1)[0] ?? '/';
    const phase = PHASES[path];
    if (phase !== undefined && req.method === 'POST') {
      admit(req, res, deps, phase).catch((err: unknown) => {
        if (res.headersSent) res.destroy();
        else sendStatus(res, deps.metrics, 500, 'InternalError', `internal error: ${err instanceof Error ? err.message : String(err)}`);
      });
    } else if (phase !== undefined) {
      sendStatus(res, deps.metrics, 405, 'MethodNotAllowed', `use POST for ${path}`);
    } else if (path === '/healthz' && req.method === 'GET') {
      sendText(res, 200, 'ok\n');
    } else if (path === '/readyz' && req.method === 'GET') {
      if (deps.isReady()) sendText(res, 200, 'ok\n');
      else sendText(res, 503, 'not ready: waiting for the first full ImageStream list, or shutting down\n');
    } else {
      sendStatus(res, deps.metrics, 404, 'NotFound', `no such endpoint: ${req.method ?? ''} ${path}`);
    }
  };
}

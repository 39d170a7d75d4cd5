import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { statusBody, type AdmissionEdge } from '../admission/edge.js';
import type { Phase } from '../core/types.js';
import { excerpt } from '../core/excerpt.js';
import { errorFields } from '../log.js';
import { declaredLength, drain, DRAIN_MAX_BYTES, MAX_ADMISSION_BODY_BYTES, readBody } from './body.js';
import { createByteBudget, type ByteBudget } from './byte-budget.js';
import { MAX_BUDGET_WAIT_MS } from './in-flight.js';
import type { HttpMetrics } from './metrics.js';

export { MAX_ADMISSION_BODY_BYTES } from './body.js';
export { DEFAULT_MAX_IN_FLIGHT_BYTES } from './in-flight.js';

export interface AppDeps {
  /** Answers every admission body; its handlers decide, this layer never looks inside a body. */
  edge: AdmissionEdge;
  /** True once the ImageStream source has its first full list and the server is not shutting down. */
  isReady: () => boolean;
  metrics: HttpMetrics;
  /** Bytes of request bodies and answers held at once (`--max-in-flight-bytes`). */
  maxInFlightBytes: number;
}

/**
 * Admission paths and the phase each is registered for. `/imagestreams` is the chart's mutating
 * entry for ImageStream writes: a path of its own so that entry keeps its own failurePolicy.
 */
const PHASES: ReadonlyMap<string, Phase> = new Map([['/mutate', 'mutate'], ['/validate', 'validate'], ['/imagestreams', 'mutate']]);

const payloadBytes = (payload: string | readonly Buffer[]): number =>
  typeof payload === 'string' ? Buffer.byteLength(payload, 'utf8') : payload.reduce((sum, chunk) => sum + chunk.length, 0);

/**
 * Writes a JSON answer. A string leaves with its headers in one write (node joins them), the
 * cheapest path through TLS; chunks (a huge patch arrives in pieces) are written as they are.
 */
function send(res: ServerResponse, code: number, payload: string | readonly Buffer[], headers: Record<string, string> = {}): void {
  res.writeHead(code, { 'content-type': 'application/json', 'content-length': payloadBytes(payload), ...headers });
  if (typeof payload === 'string') {
    res.end(payload);
    return;
  }
  for (const chunk of payload) res.write(chunk);
  res.end();
}

function sendText(res: ServerResponse, code: number, text: string): void {
  res.writeHead(code, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function sendStatus(res: ServerResponse, metrics: HttpMetrics, code: number, reason: string, message: string, headers: Record<string, string> = {}): void {
  metrics.badRequests.inc({ code: String(code) });
  send(res, code, JSON.stringify(statusBody(code, reason, message)), headers);
}

/**
 * Refuses a request whose body is not (or no longer) wanted: reads and discards the rest of it up
 * to DRAIN_MAX_BYTES first, so the client has finished sending and reads the Status instead of a
 * connection reset; a client that sends more than that gets the Status and a closed connection.
 */
async function refuse(req: IncomingMessage, res: ServerResponse, deps: AppDeps, code: number, reason: string, message: string, headers: Record<string, string> = {}): Promise<void> {
  const finished = await drain(req);
  if (res.destroyed) return;
  sendStatus(res, deps.metrics, code, reason, message, finished ? headers : { ...headers, connection: 'close' });
}

/**
 * Refuses a request by its declared length, before any of its body is read or waited for. The
 * Status goes out at once; Node then reads and discards the declared rest of the body, so the
 * client finishes sending, reads the answer rather than a reset, and the connection stays usable.
 * A declared length over DRAIN_MAX_BYTES is not worth reading: that connection closes.
 */
function refuseUnread(req: IncomingMessage, res: ServerResponse, deps: AppDeps, declared: number, code: number, reason: string, message: string): void {
  sendStatus(res, deps.metrics, code, reason, message, declared <= DRAIN_MAX_BYTES ? {} : { connection: 'close' });
  req.resume();
}

/**
 * A body's reservation: the body plus the largest answer it can produce. A patch rewrites every
 * container's image and pull policy, about 250 bytes of base64 for a 30-byte container entry,
 * and it is held twice (chunks, then TLS records) until the client has read it.
 */
const ANSWER_BYTES_PER_BODY_BYTE = 8;
const withAnswer = (bodyBytes: number): number => bodyBytes * (1 + ANSWER_BYTES_PER_BODY_BYTE);

const TOO_LARGE = `request body exceeds ${MAX_ADMISSION_BODY_BYTES} bytes (3 MiB, the API server's own request limit)`;

/**
 * Answers one `POST /mutate`, `/validate` or `/imagestreams`: a declared length over the 3 MiB
 * limit is refused (413) before any of the body is read; otherwise the body's bytes are reserved
 * in the in-flight budget (429 when it stays full), the body is read within the limit (413 beyond
 * it: a chunked body declares no length) and handed to the admission edge. The reservation grows
 * by the answer and ends with the response.
 */
async function admit(req: IncomingMessage, res: ServerResponse, deps: AppDeps, budget: ByteBudget, phase: Phase): Promise<void> {
  const encoding = req.headers['content-encoding'];
  if (encoding !== undefined && encoding !== 'identity') {
    return refuse(req, res, deps, 415, 'UnsupportedMediaType', `content-encoding "${excerpt(encoding)}" is not supported; send plain JSON`);
  }
  const length = declaredLength(req);
  if (length !== undefined && length > MAX_ADMISSION_BODY_BYTES) return refuseUnread(req, res, deps, length, 413, 'RequestEntityTooLarge', TOO_LARGE);
  const declared = length ?? MAX_ADMISSION_BODY_BYTES;
  const grant = await budget.acquire(withAnswer(declared));
  if (grant === undefined) {
    return refuse(req, res, deps, 429, 'TooManyRequests', 'too many admission bytes in flight; retry shortly', { 'retry-after': '1' });
  }
  res.once('close', grant.release);
  const body = await readBody(req);
  if ('problem' in body) {
    return body.problem === 'Aborted' ? undefined : refuse(req, res, deps, 413, 'RequestEntityTooLarge', TOO_LARGE);
  }
  grant.resize(withAnswer(body.bytes.length));
  const pending = deps.edge(body.bytes, phase);
  const answer = pending instanceof Promise ? await pending : pending;
  grant.resize(body.bytes.length + payloadBytes(answer.payload));
  // The edge's 400 refused the body before any review; its 500 is a failed review, counted as one.
  if (answer.status === 400) deps.metrics.badRequests.inc({ code: '400' });
  send(res, answer.status, answer.payload);
}

/**
 * Creates the HTTPS request listener: `POST /mutate`, `/validate` and `/imagestreams`, `GET /healthz`,
 * `GET /readyz`; every other path or method gets a Kubernetes Status answer. It only routes,
 * reads bodies and delegates to the admission edge. Plain `node:http` rather than express: on
 * this hot path express's per-request prototype swaps and middleware cost about 140 µs of CPU per
 * review, more than the review itself (see `npm run bench`).
 */
export function createApp(deps: AppDeps): RequestListener {
  const budget = createByteBudget({ maxBytes: deps.maxInFlightBytes, maxWaitMs: MAX_BUDGET_WAIT_MS });
  deps.metrics.measureInFlightBytes(budget.inUse);
  return (req, res) => {
    const path = (req.url ?? '/').split('?', 1)[0] ?? '/';
    const phase = PHASES.get(path);
    if (phase !== undefined && req.method === 'POST') {
      admit(req, res, deps, budget, phase).catch((err: unknown) => {
        if (res.headersSent) res.destroy();
        else sendStatus(res, deps.metrics, 500, 'InternalError', `internal error: ${excerpt(errorFields(err).error)}`);
      });
    } else if (phase !== undefined) {
      sendStatus(res, deps.metrics, 405, 'MethodNotAllowed', `use POST for ${path}`);
    } else if (path === '/healthz' && req.method === 'GET') {
      sendText(res, 200, 'ok\n');
    } else if (path === '/readyz' && req.method === 'GET') {
      if (deps.isReady()) sendText(res, 200, 'ok\n');
      else sendText(res, 503, 'not ready: waiting for the first full ImageStream list, or shutting down\n');
    } else {
      sendStatus(res, deps.metrics, 404, 'NotFound', `no such endpoint: ${excerpt(req.method ?? '')} ${excerpt(path)}`);
    }
  };
}

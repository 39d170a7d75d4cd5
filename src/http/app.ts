import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { statusBody, type AdmissionHandler } from '../admission/handler.js';
import type { Phase } from '../core/types.js';
import { excerpt } from '../core/excerpt.js';
import { errorFields } from '../log.js';
import type { WebhookMetrics } from '../metrics.js';
import { declaredLength, drain, MAX_ADMISSION_BODY_BYTES, readBody } from './body.js';
import { createByteBudget, type ByteBudget } from './byte-budget.js';
import { MAX_BUDGET_WAIT_MS } from './in-flight.js';

export { MAX_ADMISSION_BODY_BYTES } from './body.js';
export { DEFAULT_MAX_IN_FLIGHT_BYTES } from './in-flight.js';

export interface AppDeps {
  handler: AdmissionHandler;
  /** True once the ImageStream source has its first full list and the server is not shutting down. */
  isReady: () => boolean;
  metrics: WebhookMetrics;
  /** Bytes of request bodies and answers held at once (`--max-in-flight-bytes`). */
  maxInFlightBytes: number;
  /** `POST /imagestreams`: stamps ImageStream tag generations (src/admission/imagestream-handler.ts). */
  imageStreams?: AdmissionHandler;
}

const PHASES: ReadonlyMap<string, Phase> = new Map([['/mutate', 'mutate'], ['/validate', 'validate']]);

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

function sendStatus(res: ServerResponse, metrics: WebhookMetrics, code: number, reason: string, message: string, headers: Record<string, string> = {}): void {
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
 * A body's reservation: the body plus the largest answer it can produce. A patch rewrites every
 * container's image and pull policy, about 250 bytes of base64 for a 30-byte container entry,
 * and it is held twice (chunks, then TLS records) until the client has read it.
 */
const ANSWER_BYTES_PER_BODY_BYTE = 8;
const withAnswer = (bodyBytes: number): number => bodyBytes * (1 + ANSWER_BYTES_PER_BODY_BYTE);

const TOO_LARGE = `request body exceeds ${MAX_ADMISSION_BODY_BYTES} bytes (3 MiB, the API server's own request limit)`;

/**
 * Answers one `POST /mutate` or `/validate`: reserves the body's bytes in the in-flight budget
 * (429 when it stays full), reads the body within the 3 MiB limit (413 beyond it), parses JSON of
 * any content type (the API server always sends JSON; a hand-made `curl --data` arrives
 * form-encoded) and delegates. The reservation grows by the answer and ends with the response.
 */
async function admit(req: IncomingMessage, res: ServerResponse, deps: AppDeps, budget: ByteBudget, phase: Phase): Promise<void> {
  const encoding = req.headers['content-encoding'];
  if (encoding !== undefined && encoding !== 'identity') {
    return refuse(req, res, deps, 415, 'UnsupportedMediaType', `content-encoding "${excerpt(encoding)}" is not supported; send plain JSON`);
  }
  const declared = Math.min(declaredLength(req) ?? MAX_ADMISSION_BODY_BYTES, MAX_ADMISSION_BODY_BYTES + 1);
  if (declared > MAX_ADMISSION_BODY_BYTES) return refuse(req, res, deps, 413, 'RequestEntityTooLarge', TOO_LARGE);
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
  if (body.bytes.length === 0) return sendStatus(res, deps.metrics, 400, 'BadRequest', 'request body is empty: expected an AdmissionReview');
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.bytes.toString('utf8'));
  } catch (err) {
    return sendStatus(res, deps.metrics, 400, 'BadRequest', `request body is not valid JSON: ${excerpt(errorFields(err).error)}`);
  }
  const pending = deps.handler(parsed, phase);
  const answer = pending instanceof Promise ? await pending : pending;
  grant.resize(body.bytes.length + payloadBytes(answer.payload));
  send(res, answer.status, answer.payload);
}

/**
 * Creates the HTTPS request listener: `POST /mutate`, `POST /validate`, `GET /healthz`,
 * `GET /readyz`; every other path or method gets a Kubernetes Status answer. It only routes,
 * reads bodies and delegates to the admission handler. Plain `node:http` rather than express: on
 * this hot path express's per-request prototype swaps and middleware cost about 140 µs of CPU per
 * review, more than the review itself (see `npm run bench`).
 */
export function createApp(deps: AppDeps): RequestListener {
  const budget = createByteBudget({ maxBytes: deps.maxInFlightBytes, maxWaitMs: MAX_BUDGET_WAIT_MS });
  deps.metrics.measureInFlightBytes(budget.inUse);
  return (req, res) => {
    const path = (req.url ?? '/').split('?', 1)[0] ?? '/';
    const streams = path === '/imagestreams' ? deps.imageStreams : undefined;
    const phase = streams === undefined ? PHASES.get(path) : 'mutate';
    if (phase !== undefined && req.method === 'POST') {
      admit(req, res, streams === undefined ? deps : { ...deps, handler: streams }, budget, phase).catch((err: unknown) => {
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

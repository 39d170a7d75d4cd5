import express, { type ErrorRequestHandler, type Express, type Request, type Response } from 'express';
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

function sendStatus(res: Response, metrics: WebhookMetrics, code: number, reason: string, message: string): void {
  metrics.badRequests.inc({ code: String(code) });
  res.status(code).json(statusBody(code, reason, message));
}

/**
 * Turns body-parser failures into Kubernetes Status answers that say what was wrong: 413 when the
 * body is over the limit, 400 for malformed JSON, and the parser's own 4xx for anything else.
 */
function bodyErrors(metrics: WebhookMetrics): ErrorRequestHandler {
  return (err: { type?: unknown; status?: unknown; message?: unknown }, _req, res, _next) => {
    if (err.type === 'entity.too.large') {
      sendStatus(res, metrics, 413, 'RequestEntityTooLarge',
        `request body exceeds ${MAX_ADMISSION_BODY_BYTES} bytes (3 MiB, the API server's own request limit)`);
    } else if (err.type === 'entity.parse.failed') {
      sendStatus(res, metrics, 400, 'BadRequest', `request body is not valid JSON: ${String(err.message)}`);
    } else if (typeof err.status === 'number' && err.status >= 400 && err.status < 500) {
      sendStatus(res, metrics, err.status, 'BadRequest', `request body could not be read: ${String(err.message)}`);
    } else {
      sendStatus(res, metrics, 500, 'InternalError', `internal error: ${String(err.message)}`);
    }
  };
}

function admissionRoute(deps: AppDeps, phase: Phase) {
  return async (req: Request, res: Response): Promise<void> => {
    const answer = await deps.handler(req.body, phase);
    res.status(answer.status).json(answer.body);
  };
}

/**
 * Creates the HTTPS-facing express app: `POST /mutate`, `POST /validate`, `GET /healthz`,
 * `GET /readyz`. It only parses bodies and delegates to the admission handler; every other path or
 * method gets a Status answer. Any content type is parsed as JSON, because the API server always
 * sends JSON and a hand-made `curl --data` would otherwise arrive form-encoded.
 */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  const json = express.json({ limit: MAX_ADMISSION_BODY_BYTES, type: () => true });
  app.post('/mutate', json, admissionRoute(deps, 'mutate'));
  app.post('/validate', json, admissionRoute(deps, 'validate'));
  app.get('/healthz', (_req, res) => {
    res.type('text/plain').send('ok\n');
  });
  app.get('/readyz', (_req, res) => {
    if (deps.isReady()) res.type('text/plain').send('ok\n');
    else res.status(503).type('text/plain').send('not ready: waiting for the first full ImageStream list, or shutting down\n');
  });
  app.all('/mutate', (_req, res) => sendStatus(res, deps.metrics, 405, 'MethodNotAllowed', 'use POST for /mutate'));
  app.all('/validate', (_req, res) => sendStatus(res, deps.metrics, 405, 'MethodNotAllowed', 'use POST for /validate'));
  app.use((req, res) => sendStatus(res, deps.metrics, 404, 'NotFound', `no such endpoint: ${req.method} ${req.path}`));
  app.use(bodyErrors(deps.metrics));
  return app;
}

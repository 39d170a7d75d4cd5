/**
 * `POST /events`: the registry's notifications. Only a request with `Authorization: Bearer
 * <--events-token-file>` is read (401 otherwise). Each event is handled once per id (event-ids.ts)
 * and in order; tagged manifest pushes are written to their stream (record-push.ts), everything
 * else is acknowledged and ignored. The answer is 2xx once every event is handled or ignored.
 *
 * Why the answers are chosen this way: the registry's queue is serial and redelivers an event
 * until it gets 2xx, so one non-2xx answer holds back every later push. A failure that may pass
 * (API server unreachable, 5xx, 429, conflicts that kept coming) answers 503 so the event comes
 * again; a refusal that will not pass (the API server answered 400, 403, 404 or 422, e.g. the
 * companion lacks RBAC) is logged as an error, counted as `dropped` and acknowledged, so the
 * registry's later pushes still arrive.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { readBody } from '../../http/body.js';
import { ApiServerError } from '../../kube/api-server-error.js';
import { errorFields, type Logger } from '../../log.js';
import type { EventIds } from '../event-ids.js';
import type { IntegratedRegistryMetrics } from './metrics.js';
import { readEnvelope, type PushedTag, type RegistryEvent } from '../push-event.js';
import type { PushOutcome } from './record-push.js';

/** An envelope holds a few events of a few hundred bytes each. */
export const MAX_EVENTS_BODY_BYTES = 1 << 20;
const PERMANENT_CODES: ReadonlySet<number> = new Set([400, 403, 404, 422]);

export interface EventsEndpointDeps {
  /** The shared secret (the events token file's content, trimmed). */
  eventsToken: string;
  recordPush(push: PushedTag): Promise<PushOutcome>;
  ids: EventIds;
  logger: Logger;
  metrics: IntegratedRegistryMetrics;
}

const text = (res: ServerResponse, code: number, body: string, headers: Record<string, string> = {}): void => {
  res.writeHead(code, { 'content-type': 'text/plain; charset=utf-8', ...headers }).end(`${body}\n`);
};

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/** Compares in constant time (both sides hashed first, so their lengths do not show either). */
function authorized(header: string | undefined, token: string): boolean {
  return header !== undefined && timingSafeEqual(digest(header), digest(`Bearer ${token}`));
}

type EventResult = PushOutcome | 'ignored' | 'dropped';

async function handle(event: RegistryEvent, deps: EventsEndpointDeps): Promise<EventResult> {
  if ('ignored' in event) return 'ignored';
  const { namespace, name, tag, digest: image, actor } = event.push;
  try {
    const outcome = await deps.recordPush(event.push);
    if (outcome === 'recorded') deps.logger.info({ namespace, stream: name, tag, image, actor, event: event.id }, 'push recorded');
    return outcome;
  } catch (err) {
    if (!(err instanceof ApiServerError) || err.code === undefined || !PERMANENT_CODES.has(err.code)) throw err;
    deps.logger.error({ namespace, stream: name, tag, image, actor, event: event.id, ...errorFields(err) }, 'push not recorded: the API server refused the write');
    return 'dropped';
  }
}

async function answer(req: IncomingMessage, res: ServerResponse, deps: EventsEndpointDeps): Promise<void> {
  const body = await readBody(req, MAX_EVENTS_BODY_BYTES);
  if ('problem' in body) {
    deps.metrics.eventRequestsRefused.inc({ reason: body.problem === 'TooLarge' ? 'too_large' : 'aborted' });
    if (body.problem === 'TooLarge') text(res, 413, `an envelope is at most ${MAX_EVENTS_BODY_BYTES} bytes`, { connection: 'close' });
    return;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.bytes.toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const events = readEnvelope(parsed);
  if (events === undefined) {
    deps.metrics.eventRequestsRefused.inc({ reason: 'bad_request' });
    return text(res, 400, 'expected a notification envelope: {"events": [...]} with an id on each event');
  }
  for (const event of events) {
    const outcome = await deps.ids.once(event.id, () => handle(event, deps));
    deps.metrics.events.inc({ result: 'first' in outcome ? outcome.first : 'duplicate' });
  }
  text(res, 200, 'ok');
}

/** The request listener of the events server (plain HTTP on the pod's loopback). */
export function createEventsEndpoint(deps: EventsEndpointDeps): RequestListener {
  return (req, res) => {
    const path = (req.url ?? '/').split('?', 1)[0];
    if (path !== '/events') return text(res, 404, 'not found: only /events is served here');
    if (req.method !== 'POST') return text(res, 405, 'method not allowed: use POST', { allow: 'POST' });
    if (!authorized(req.headers.authorization, deps.eventsToken)) {
      deps.metrics.eventRequestsRefused.inc({ reason: 'unauthorized' });
      return text(res, 401, 'unauthorized', { 'www-authenticate': 'Bearer', connection: 'close' });
    }
    answer(req, res, deps).catch((err: unknown) => {
      deps.metrics.events.inc({ result: 'failed' });
      deps.logger.warn(errorFields(err), 'notification not handled; the registry will deliver it again');
      if (!res.headersSent) text(res, 503, 'not handled; deliver again', { 'retry-after': '1' });
    });
  };
}

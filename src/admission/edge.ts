import { performance } from 'node:perf_hooks';
import { excerpt } from '../core/excerpt.js';
import type { AdmissionAttributes, Awaitable, Decision, Phase } from '../core/types.js';
import { BadRequestError } from '../errors.js';
import { errorFields, type LineLogger } from '../log.js';
import type { AdmissionMetrics } from './metrics.js';
import { parseAdmissionReview, serializeAdmissionReview, toAdmissionAttributes } from './review-codec.js';
import type { AdmissionReviewRequest } from './types.js';

/**
 * Longest message (a rejection, a 400 problem list, an error) a log line carries. Messages are
 * built from short excerpts already; this caps how many of them one line can hold.
 */
const LOGGED_MESSAGE_MAX = 512;

/**
 * One admission policy behind the edge, cert-manager style: it never sees HTTP, bodies or
 * AdmissionReview envelopes, only the request's attributes, and its decision is plain data.
 */
export interface AdmissionHandler {
  /** Names the handler in log lines and in the `handler` label of the review metrics. */
  readonly name: string;
  /** True when this handler decides `attrs`; handlers of one edge must not overlap. */
  handles(attrs: AdmissionAttributes, phase: Phase): boolean;
  /**
   * The decision. A promise only when it had to wait for I/O (a live lookup): a decision made
   * from memory is returned as a plain value, and the edge then answers without a promise.
   */
  decide(attrs: AdmissionAttributes, phase: Phase): Awaitable<Decision>;
}

/** What the HTTP layer sends back: a status code and a JSON body, as one string or bytes in chunks. */
export interface AdmissionAnswer {
  status: number;
  payload: string | Buffer[];
}

/** Answers one request body for `/mutate`, `/validate` or `/imagestreams`; never rejects. */
export type AdmissionEdge = (body: Buffer, phase: Phase) => Awaitable<AdmissionAnswer>;

export interface AdmissionEdgeDeps {
  /** Asked in order; the first whose `handles` is true decides. */
  handlers: readonly AdmissionHandler[];
  logger: LineLogger;
  metrics: AdmissionMetrics;
}

/**
 * A Kubernetes `Status` body for answers that are not AdmissionReviews (400, 413, 500). The API
 * server shows `message` to the user and applies the webhook's failurePolicy.
 */
export function statusBody(code: number, reason: string, message: string): object {
  return { kind: 'Status', apiVersion: 'v1', status: 'Failure', code, reason, message };
}

const statusAnswer = (code: number, reason: string, message: string): AdmissionAnswer => ({
  status: code,
  payload: JSON.stringify(statusBody(code, reason, message)),
});

/** `handler` of a request no handler takes: answered allowed and untouched. */
const NO_HANDLER = 'None';
const NOT_HANDLED: Decision = Object.freeze({ allowed: true, outcome: 'Ignored', reason: 'NotHandled', patch: [], warnings: [], imagesChanged: 0 });

/** A request value as a JSON string member value, cut to an excerpt. */
const quoted = (value: string, max?: number): string => JSON.stringify(excerpt(value, max));

/**
 * The per-review log line's fields as JSON members, written as text: pino's walk over a fields
 * object cost several times this (issue 11). The optional fields are left out when they have
 * nothing to say; `handler` is a handler's own name, never request data.
 */
function reviewLine(uid: string, attrs: AdmissionAttributes, phase: Phase, handler: string, decision: Decision, durationMs: number): string {
  let line = `"uid":${quoted(uid)},"phase":"${phase}","handler":"${handler}","operation":${quoted(attrs.operation)}` +
    `,"kind":${quoted(attrs.kind.kind)},"namespace":${quoted(attrs.namespace)},"name":${quoted(attrs.name)},"outcome":"${decision.outcome}"` +
    `,"allowed":${decision.allowed},"imagesChanged":${decision.imagesChanged},"durationMs":${Math.round(durationMs * 1000) / 1000}`;
  if (decision.reason !== undefined) line += `,"reason":${JSON.stringify(decision.reason)}`;
  if (decision.warnings.length > 0) line += `,"warnings":${decision.warnings.length}`;
  if (decision.status !== undefined) line += `,"rejection":${quoted(decision.status.message, LOGGED_MESSAGE_MAX)}`;
  return line;
}

/**
 * The request body as a checked AdmissionReview; throws BadRequestError (answered 400) otherwise.
 * Any content type is read as JSON: the API server always sends JSON, and a hand-made
 * `curl --data` arrives form-encoded.
 */
function parseBody(body: Buffer): AdmissionReviewRequest {
  if (body.length === 0) throw new BadRequestError('request body is empty: expected an AdmissionReview');
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw new BadRequestError(`request body is not valid JSON: ${excerpt(errorFields(err).error)}`);
  }
  return parseAdmissionReview(parsed);
}

function handlerFor(handlers: readonly AdmissionHandler[], attrs: AdmissionAttributes, phase: Phase): AdmissionHandler | undefined {
  for (const handler of handlers) if (handler.handles(attrs, phase)) return handler;
  return undefined;
}

/**
 * Creates the one place where admission bodies become answers, for every handler: parse (400 with
 * a Status naming every problem when the body is not an AdmissionReview), pick the handler, encode
 * its decision in the request's version, log one line and count it. A decision that throws (a
 * lookup could not reach the API server) becomes HTTP 500, so the API server applies the webhook's
 * failurePolicy instead of this process guessing.
 */
export function createAdmissionEdge(deps: AdmissionEdgeDeps): AdmissionEdge {
  const { handlers, logger, metrics } = deps;
  const count = (phase: Phase, handler: string, outcome: string, started: number): number => {
    const seconds = (performance.now() - started) / 1000;
    metrics.observe(phase, handler, outcome, seconds);
    return seconds * 1000;
  };
  const answer = (review: AdmissionReviewRequest, attrs: AdmissionAttributes, phase: Phase, handler: string, started: number, decision: Decision): AdmissionAnswer => {
    const durationMs = count(phase, handler, decision.outcome, started);
    const { uid } = review.request;
    logger.infoJson(reviewLine(uid, attrs, phase, handler, decision, durationMs), 'review');
    return { status: 200, payload: serializeAdmissionReview(review.apiVersion, uid, decision) };
  };
  const failure = (uid: string, attrs: AdmissionAttributes, phase: Phase, handler: string, started: number, err: unknown): AdmissionAnswer => {
    count(phase, handler, 'Error', started);
    const { error, code } = errorFields(err);
    const fields = { uid: excerpt(uid), phase, handler, operation: excerpt(attrs.operation), kind: excerpt(attrs.kind.kind), namespace: excerpt(attrs.namespace), name: excerpt(attrs.name) };
    logger.error({ ...fields, error: excerpt(error, LOGGED_MESSAGE_MAX), ...(code === undefined ? {} : { code }) }, 'review failed');
    const what = `${excerpt(attrs.kind.kind)} "${excerpt(attrs.name)}" (uid ${excerpt(uid)})`;
    return statusAnswer(500, 'InternalError', `reviewing ${what} failed: ${excerpt(error, LOGGED_MESSAGE_MAX)}`);
  };
  return (body, phase) => {
    const started = performance.now();
    let review: AdmissionReviewRequest;
    try {
      review = parseBody(body);
    } catch (err) {
      const message = errorFields(err).error;
      logger.warn({ phase, error: excerpt(message, LOGGED_MESSAGE_MAX) }, 'bad admission request');
      return statusAnswer(400, 'BadRequest', message);
    }
    const attrs = toAdmissionAttributes(review.request);
    const handler = handlerFor(handlers, attrs, phase);
    if (handler === undefined) return answer(review, attrs, phase, NO_HANDLER, started, NOT_HANDLED);
    const { name } = handler;
    try {
      const decision = handler.decide(attrs, phase);
      // A review answered from memory is answered here and now, without a promise.
      if (!(decision instanceof Promise)) return answer(review, attrs, phase, name, started, decision);
      return decision.then((decided) => answer(review, attrs, phase, name, started, decided)).catch((err: unknown) => failure(review.request.uid, attrs, phase, name, started, err));
    } catch (err) {
      return failure(review.request.uid, attrs, phase, name, started, err);
    }
  };
}

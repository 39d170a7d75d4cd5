import { performance } from 'node:perf_hooks';
import { review } from '../core/review.js';
import { excerpt } from '../core/excerpt.js';
import type { Awaitable, Decision, Lookups, Phase, PolicyConfig } from '../core/types.js';
import { errorFields, type LineLogger } from '../log.js';
import type { WebhookMetrics } from '../metrics.js';
import { parseAdmissionReview, serializeAdmissionReview, toAdmissionAttributes } from './review-codec.js';
import type { AdmissionRequest, AdmissionReviewRequest } from './types.js';

/**
 * Longest message (a rejection, a 400 problem list, an error) a log line carries. Messages are
 * built from short excerpts already; this caps how many of them one line can hold.
 */
const LOGGED_MESSAGE_MAX = 512;

/** What the HTTP layer sends back: a status code and a JSON body, as one string or bytes in chunks. */
export interface HandlerAnswer {
  status: number;
  payload: string | Buffer[];
}

const statusAnswer = (code: number, reason: string, message: string): HandlerAnswer => ({
  status: code,
  payload: JSON.stringify(statusBody(code, reason, message)),
});

/** Answers one parsed request body for `/mutate` or `/validate`; never rejects. */
export type AdmissionHandler = (body: unknown, phase: Phase) => Awaitable<HandlerAnswer>;

export interface AdmissionHandlerDeps {
  config: PolicyConfig;
  /** When set, read for every review instead of `config`: the policy file reloader's current policy. */
  currentConfig?: () => PolicyConfig;
  lookups: Lookups;
  logger: LineLogger;
  metrics: WebhookMetrics;
}

/**
 * A Kubernetes `Status` body for answers that are not AdmissionReviews (400, 413, 500). The API
 * server shows `message` to the user and applies the webhook's failurePolicy.
 */
export function statusBody(code: number, reason: string, message: string): object {
  return { kind: 'Status', apiVersion: 'v1', status: 'Failure', code, reason, message };
}

function reviewFields(request: AdmissionRequest, phase: Phase): Record<string, unknown> {
  return {
    uid: excerpt(request.uid),
    phase,
    operation: excerpt(request.operation),
    kind: excerpt(request.kind.kind),
    namespace: excerpt(request.namespace ?? ''),
    name: excerpt(request.name ?? ''),
  };
}

/** A request value as a JSON string member value, cut to an excerpt. */
const quoted = (value: string, max?: number): string => JSON.stringify(excerpt(value, max));

/**
 * The per-review log line's fields as JSON members, written as text: pino's walk over a fields
 * object cost several times this (issue 11). Same fields as before (test/http checks them); the
 * optional ones are left out when they have nothing to say.
 */
function reviewLine(request: AdmissionRequest, phase: Phase, decision: Decision, durationMs: number): string {
  let line = `"uid":${quoted(request.uid)},"phase":"${phase}","operation":${quoted(request.operation)},"kind":${quoted(request.kind.kind)}` +
    `,"namespace":${quoted(request.namespace ?? '')},"name":${quoted(request.name ?? '')},"outcome":"${decision.outcome}"` +
    `,"allowed":${decision.allowed},"imagesChanged":${decision.imagesChanged},"durationMs":${Math.round(durationMs * 1000) / 1000}`;
  if (decision.reason !== undefined) line += `,"reason":${JSON.stringify(decision.reason)}`;
  if (decision.warnings.length > 0) line += `,"warnings":${decision.warnings.length}`;
  if (decision.status !== undefined) line += `,"rejection":${quoted(decision.status.message, LOGGED_MESSAGE_MAX)}`;
  return line;
}

interface BoundMetrics {
  reviews: { inc(): void };
  duration: { observe(value: number): void };
}

/**
 * Counter and histogram children per (phase, outcome), bound once: `labels()` hashes its arguments
 * on every call. Both labels come from fixed sets, so the maps stay small.
 */
function boundMetrics(metrics: WebhookMetrics): (phase: Phase, outcome: string) => BoundMetrics {
  const bound = new Map<Phase, Map<string, BoundMetrics>>();
  return (phase, outcome) => {
    let byOutcome = bound.get(phase);
    if (byOutcome === undefined) bound.set(phase, (byOutcome = new Map()));
    let children = byOutcome.get(outcome);
    if (children === undefined) {
      children = { reviews: metrics.reviews.labels(phase, outcome), duration: metrics.reviewDuration.labels(phase, outcome) };
      byOutcome.set(outcome, children);
    }
    return children;
  };
}

/**
 * Creates the one place where admission bodies become answers: parse (400 on a body that is not an
 * AdmissionReview), decide with the pure core, encode in the request's version, log one line and
 * count it. A review that throws (a lookup could not reach the API server) becomes HTTP 500, so the
 * API server applies the webhook's failurePolicy instead of this process guessing.
 */
export function createAdmissionHandler(deps: AdmissionHandlerDeps): AdmissionHandler {
  const { lookups, logger, metrics } = deps;
  const currentConfig = deps.currentConfig ?? (() => deps.config);
  const children = boundMetrics(metrics);
  const count = (phase: Phase, outcome: string, started: number): number => {
    const seconds = (performance.now() - started) / 1000;
    const bound = children(phase, outcome);
    bound.reviews.inc();
    bound.duration.observe(seconds);
    return seconds * 1000;
  };
  const answer = (parsed: AdmissionReviewRequest, phase: Phase, started: number, decision: Decision): HandlerAnswer => {
    const { request } = parsed;
    const durationMs = count(phase, decision.outcome, started);
    logger.infoJson(reviewLine(request, phase, decision, durationMs), 'review');
    return { status: 200, payload: serializeAdmissionReview(parsed.apiVersion, request.uid, decision) };
  };
  const failure = (request: AdmissionRequest, phase: Phase, started: number, err: unknown): HandlerAnswer => {
    count(phase, 'Error', started);
    const { error, code } = errorFields(err);
    logger.error({ ...reviewFields(request, phase), error: excerpt(error, LOGGED_MESSAGE_MAX), ...(code === undefined ? {} : { code }) }, 'review failed');
    const what = `${excerpt(request.kind.kind)} "${excerpt(request.name ?? '')}" (uid ${excerpt(request.uid)})`;
    const message = `reviewing ${what} failed: ${excerpt(error, LOGGED_MESSAGE_MAX)}`;
    return statusAnswer(500, 'InternalError', message);
  };
  return (body, phase) => {
    const started = performance.now();
    let parsed: AdmissionReviewRequest;
    try {
      parsed = parseAdmissionReview(body);
    } catch (err) {
      const message = errorFields(err).error;
      metrics.badRequests.inc({ code: '400' });
      logger.warn({ phase, error: excerpt(message, LOGGED_MESSAGE_MAX) }, 'bad admission request');
      return statusAnswer(400, 'BadRequest', message);
    }
    const { request } = parsed;
    try {
      const decision = review(toAdmissionAttributes(request), currentConfig(), lookups, phase);
      // A review answered from memory is answered here and now, without a promise.
      if (!(decision instanceof Promise)) return answer(parsed, phase, started, decision);
      return decision.then((decided) => answer(parsed, phase, started, decided)).catch((err: unknown) => failure(request, phase, started, err));
    } catch (err) {
      return failure(request, phase, started, err);
    }
  };
}

import { WebhookError } from '../errors.js';
import { parseStatus } from './status-message.js';

/**
 * Thrown when a request to the API server fails: unreachable, timed out, or answered with an error
 * status. `operation` says what was asked (`get imagestreams myproject/ruby`); `code` is the HTTP
 * status when there was one and `reason` the Status body's reason (`Conflict`, `Expired`,
 * `Forbidden`). The message carries the Status message, never the request or a non-Status body,
 * so it cannot echo credentials or an object's content. The admission handler answers it with
 * HTTP 500, so the webhook's failurePolicy decides; the controllers retry.
 */
export class ApiServerError extends WebhookError {
  override name = 'ApiServerError';
  readonly reason: string | undefined;
  constructor(
    readonly operation: string,
    readonly code: number | undefined,
    options: { cause: unknown; reason?: string },
  ) {
    const cause = options.cause instanceof Error ? options.cause.message : String(options.cause);
    const status = code === undefined ? '' : ` with HTTP ${code}${options.reason === undefined ? '' : ` (${options.reason})`}`;
    super(`${operation} failed${status}: ${cause}`, options);
    this.reason = options.reason;
  }
}

/** Thrown when a write lost to a concurrent one (HTTP 409): read the object again and redo the change. */
export class ConflictError extends ApiServerError {
  override name = 'ConflictError';
}

/** The error for an answer with status `code` and `body` (a Status, usually): a ConflictError for 409. */
export function errorFromAnswer(operation: string, code: number, body: Buffer): ApiServerError {
  const status = parseStatus(body);
  const options = { cause: new Error(status.message), ...(status.reason === undefined ? {} : { reason: status.reason }) };
  return code === 409 ? new ConflictError(operation, code, options) : new ApiServerError(operation, code, options);
}

/** 410 Gone: a watch's resourceVersion is older than the API server keeps; list again. */
export function isGone(err: unknown): boolean {
  return err instanceof ApiServerError && err.code === 410;
}

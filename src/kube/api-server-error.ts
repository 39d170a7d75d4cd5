import { WebhookError } from '../errors.js';

/**
 * Thrown when a request to the API server fails (unreachable, timed out, or a non-404 error
 * status). `operation` says what was asked, e.g. `get imagestreams myproject/ruby`; `code` is the
 * HTTP status when there was one. The admission handler answers it with HTTP 500, so the
 * webhook's failurePolicy decides.
 */
export class ApiServerError extends WebhookError {
  override name = 'ApiServerError';
  constructor(
    readonly operation: string,
    readonly code: number | undefined,
    options: { cause: unknown },
  ) {
    const cause = options.cause instanceof Error ? options.cause.message : String(options.cause);
    super(`${operation} failed${code === undefined ? '' : ` with HTTP ${code}`}: ${cause}`, options);
  }
}

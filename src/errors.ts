/**
 * Typed errors. Each is thrown at one kind of edge and mapped to a user-facing answer in exactly
 * one place (the admission handler, or the command-line runner).
 */

/** Base of every error this project throws on purpose; anything else is a bug. */
export class WebhookError extends Error {
  override name = 'WebhookError';
}

/**
 * Thrown when an input file, document or value is malformed. `source` names where (a file path,
 * `file#document 2`, `stdin`); `problems` lists every problem found, so a user fixes them all at once.
 */
export class InputError extends WebhookError {
  override name = 'InputError';
  constructor(
    readonly source: string,
    readonly problems: string[],
    options?: { cause?: unknown },
  ) {
    super(`${source}: ${problems.join('; ')}`, options);
  }
}

/** Thrown when the configuration file is invalid; lists all problems (OpenShift's aggregate validation). */
export class ConfigError extends InputError {
  override name = 'ConfigError';
}

/** Thrown by the admission edge when a request body is not a usable AdmissionReview (HTTP 400). */
export class BadRequestError extends WebhookError {
  override name = 'BadRequestError';
}

export function isWebhookError(err: unknown): err is WebhookError {
  return err instanceof WebhookError;
}

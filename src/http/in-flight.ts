/**
 * Default budget of admission request and answer bytes held at once (`--max-in-flight-bytes`).
 * Measured with `npm run bench:burst` (README): while parsed and answered, a review costs the
 * process several times its body size, so 24 MiB admits eight maximal (3 MiB) reviews at once
 * and keeps a burst of them below the chart's memory limit; small reviews are never held back.
 */
export const DEFAULT_MAX_IN_FLIGHT_BYTES = 24 * 1024 * 1024;

/**
 * How long a request waits for room in the budget before it is answered 429: long enough to ride
 * out a short burst, well inside the API server's webhook timeout (10 s by default).
 */
export const MAX_BUDGET_WAIT_MS = 2000;

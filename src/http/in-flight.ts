/**
 * Default budget of admission request and answer bytes held at once (`--max-in-flight-bytes`).
 * A request reserves its body and the largest answer it can produce (9x the body), so 64 MiB
 * admits two maximal (3 MiB) reviews at once while small reviews keep flowing. Measured with
 * `npm run bench:burst` (README): a burst of maximal reviews then peaks below the chart's limit.
 */
export const DEFAULT_MAX_IN_FLIGHT_BYTES = 64 * 1024 * 1024;

/**
 * How long a request waits for room in the budget before it is answered 429: long enough to ride
 * out a short burst, well inside the API server's webhook timeout (10 s by default).
 */
export const MAX_BUDGET_WAIT_MS = 2000;

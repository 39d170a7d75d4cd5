/**
 * Default budget of admission request and answer bytes held at once (`--max-in-flight-bytes`).
 * A request reserves its body and the largest answer it can produce (9x the body), so 32 MiB
 * admits one maximal (3 MiB) review at a time while small reviews keep flowing beside it.
 * Measured with `npm run bench:burst` (docs/performance.md): 1,000 concurrent maximal reviews then peak at
 * ~385 MiB RSS, below the chart's 512Mi limit; admitting two at a time peaked at ~530 MiB.
 */
export const DEFAULT_MAX_IN_FLIGHT_BYTES = 32 * 1024 * 1024;

/**
 * How long a request waits for room in the budget before it is answered 429: long enough to ride
 * out a short burst, well inside the API server's webhook timeout (10 s by default).
 */
export const MAX_BUDGET_WAIT_MS = 2000;

/**
 * Parsing of `Retry-After` (RFC 9110 §10.2.3): either delay-seconds or an HTTP-date. Registries
 * (Docker Hub, quay.io, GHCR) send it with 429 and some 503s; honouring it is what keeps a rate
 * limited client from making the limit worse.
 */

const MAX_LENGTH = 64;

/**
 * The delay in milliseconds that `value` asks for, measured from `nowMs`, or `undefined` when the
 * header is absent or unreadable (the caller then uses its own backoff). A date in the past is 0.
 * The caller caps the result: a server must not be able to park an import for a day.
 */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (text === '' || text.length > MAX_LENGTH) return undefined;
  if ([...text].every((c) => c >= '0' && c <= '9')) {
    return Number(text) * 1000;
  }
  const at = Date.parse(text);
  if (Number.isNaN(at) || !/^[A-Za-z]{3}, /.test(text)) return undefined;
  return Math.max(0, at - nowMs);
}

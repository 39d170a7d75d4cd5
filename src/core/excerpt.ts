/** Longest prefix of a request value that an error message or log line quotes. */
export const EXCERPT_MAX = 64;

/**
 * A request-supplied string as messages and logs may show it: at most EXCERPT_MAX characters, with
 * `…(N characters)` marking a cut. Messages must name what was wrong without echoing a multi-MiB
 * value (which may carry secrets) back to the client or into the log.
 */
export function excerpt(value: string, max: number = EXCERPT_MAX): string {
  return value.length <= max ? value : `${value.slice(0, max)}…(${value.length} characters)`;
}

/** The JSON type of a value as a message names it: `string`, `number`, `object`, `array`, `null`… */
export function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/**
 * A short rendering of any request value for an error message: strings as a quoted excerpt,
 * other scalars as JSON, objects and arrays by type only.
 */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(excerpt(value));
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return excerpt(String(value));
  return jsonType(value);
}

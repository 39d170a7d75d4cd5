/** Small readers over untyped JSON objects, so the core never crashes on a malformed body. */

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The value at `path` under `root`, or undefined when any step is missing or not an object. Only
 * own properties count, so a step never reads something from `Object.prototype`.
 */
export function getPath(root: unknown, path: readonly string[]): unknown {
  let current: unknown = root;
  for (const key of path) {
    if (!isObject(current) || !Object.hasOwn(current, key)) return undefined;
    current = current[key];
  }
  return current;
}

export function getString(root: unknown, path: readonly string[]): string | undefined {
  const value = getPath(root, path);
  return typeof value === 'string' ? value : undefined;
}

export function getArray(root: unknown, path: readonly string[]): unknown[] {
  const value = getPath(root, path);
  return Array.isArray(value) ? value : [];
}

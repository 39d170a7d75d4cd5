/**
 * Lists the paths where `actual` lacks something `expected` has: every key of an expected object must
 * be present with a matching value, arrays must match element by element, and a null expectation means
 * "absent or null" (the API server drops nulls the schema does not allow). Extra fields in `actual`,
 * such as server defaults, are fine. Used to prove the CRD's schema kept every field of an example.
 */
export function missingPaths(expected: unknown, actual: unknown, path = ''): string[] {
  if (expected === null) return actual === null || actual === undefined ? [] : [`${path}: expected null, got ${JSON.stringify(actual)}`];
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) return [`${path}: expected ${expected.length} items, got ${JSON.stringify(actual)}`];
    return expected.flatMap((item, i) => missingPaths(item, actual[i], `${path}[${i}]`));
  }
  if (typeof expected === 'object') {
    if (typeof actual !== 'object' || actual === null) return [`${path}: expected an object, got ${JSON.stringify(actual)}`];
    return Object.entries(expected).flatMap(([key, value]) =>
      missingPaths(value, (actual as Record<string, unknown>)[key], `${path}.${key}`));
  }
  return expected === actual ? [] : [`${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`];
}

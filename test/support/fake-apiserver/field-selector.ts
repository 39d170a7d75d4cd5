/**
 * The fake API server's field selectors: `path=value` terms joined by commas (`type=…`,
 * `metadata.namespace=…`), all of which must hold, as kube-apiserver reads the equality form.
 */
import type { StoredObject } from './object-store.js';

export type FieldSelector = (object: StoredObject) => boolean;

function fieldValue(object: StoredObject, path: string): unknown {
  let value: unknown = object;
  for (const part of path.split('.')) value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[part] : undefined;
  return value;
}

/** The selector of a query's `fieldSelector`; every object matches without one. */
export function parseFieldSelector(text: string | null): FieldSelector {
  if (text === null || text === '') return () => true;
  const terms = text.split(',').map((term) => {
    const at = term.indexOf('=');
    return { path: term.slice(0, at), value: term.slice(at + 1).replace(/^=/, '') };
  });
  return (object) => terms.every((term) => String(fieldValue(object, term.path) ?? '') === term.value);
}

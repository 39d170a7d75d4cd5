/**
 * Small checks for untrusted parsed YAML/JSON. Each check appends `<key path>: <problem>` to a
 * caller-owned list instead of throwing, so a reader can report every problem of a file at once.
 */

import { isObject, type JsonObject } from '../core/object.js';

/** A parsed YAML mapping or JSON object (not a list, not null). */
export type Mapping = JsonObject;

/** The JSON types a field check can demand; `mapping` and `list` exclude each other and null. */
export type FieldType = 'string' | 'boolean' | 'number' | 'mapping' | 'list';

/** True for a YAML mapping / JSON object; false for lists and null, which `typeof` calls objects too. */
export const isMapping: (value: unknown) => value is Mapping = isObject;

/** Joins a key path the way users read it: `spec.tags[0].name`. The root path is the empty string. */
export function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path === '' ? key : `${path}.${key}`;
}

/** Renders an offending value for a message: strings quoted, collections named, never whole objects. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return 'a list';
  if (isMapping(value)) return 'a mapping';
  return String(value);
}

const ARTICLES: Record<FieldType, string> = {
  string: 'a string',
  boolean: 'true or false',
  number: 'a number',
  mapping: 'a mapping',
  list: 'a list',
};

function hasType(value: unknown, type: FieldType): boolean {
  switch (type) {
    case 'mapping':
      return isMapping(value);
    case 'list':
      return Array.isArray(value);
    default:
      return typeof value === type;
  }
}

/** `foo: must be a string (got 5)`; the root path is shown as `(top level)`. */
export function problemAt(path: string, message: string): string {
  return `${path === '' ? '(top level)' : path}: ${message}`;
}

/**
 * Checks `parent[key]`. Absent and null count as "not set" (Kubernetes serialises unset fields
 * both ways); a required field must be set. Returns the value when it is set and of `type`.
 */
export function checkField(
  parent: Mapping,
  key: string,
  type: FieldType,
  path: string,
  problems: string[],
  required = false,
): unknown {
  const value = parent[key];
  const at = childPath(path, key);
  if (value === undefined || value === null) {
    if (required) problems.push(problemAt(at, 'required'));
    return undefined;
  }
  if (!hasType(value, type)) {
    problems.push(problemAt(at, `must be ${ARTICLES[type]} (got ${describeValue(value)})`));
    return undefined;
  }
  return value;
}

/** Like `checkField` for a string that must also be non-empty when required. */
export function checkName(parent: Mapping, key: string, path: string, problems: string[]): string | undefined {
  const value = checkField(parent, key, 'string', path, problems, true);
  if (value === '') problems.push(problemAt(childPath(path, key), 'must not be empty'));
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Reports every key of `value` not in `allowed`, naming the allowed set, so typos are caught. */
export function checkKnownKeys(value: Mapping, allowed: readonly string[], path: string, problems: string[]): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      problems.push(problemAt(childPath(path, key), `unknown key (allowed: ${allowed.join(', ')})`));
    }
  }
}

/** Checks that `parent[key]` is a list of mappings and returns those mappings with their paths. */
export function checkMappingList(
  parent: Mapping,
  key: string,
  path: string,
  problems: string[],
): { item: Mapping; path: string }[] {
  const list = checkField(parent, key, 'list', path, problems);
  if (!Array.isArray(list)) return [];
  const out: { item: Mapping; path: string }[] = [];
  list.forEach((item: unknown, i) => {
    const at = childPath(childPath(path, key), i);
    if (isMapping(item)) out.push({ item, path: at });
    else problems.push(problemAt(at, `must be a mapping (got ${describeValue(item)})`));
  });
  return out;
}

/** `checkField` for a nested mapping, typed for the caller. */
export function checkMapping(
  parent: Mapping,
  key: string,
  path: string,
  problems: string[],
  required = false,
): Mapping | undefined {
  const value = checkField(parent, key, 'mapping', path, problems, required);
  return isMapping(value) ? value : undefined;
}

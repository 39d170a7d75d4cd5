/**
 * How kubectl prints objects a command wrote or would write: `-o json` and `-o yaml` (keys in
 * name order, as kubectl prints objects it holds as maps), and otherwise the name line
 * `<kind>.<group>/<name> <operation>`, with ` (dry run)` or ` (server dry run)` after it.
 */
import { stringify } from 'yaml';
import { isObject } from '../core/object.js';

export type OutputFormat = 'json' | 'yaml';
export type DryRun = 'none' | 'client' | 'server';

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (!isObject(value)) return value;
  return Object.fromEntries(Object.keys(value).sort().map((key) => [key, sortKeys(value[key])]));
}

/** Go's JSON encoder escapes these for HTML, and kubectl's `-o json` shows them so. */
const GO_ESCAPES: ReadonlyMap<string, string> = new Map([
  ['<', '\\u003c'], ['>', '\\u003e'], ['&', '\\u0026'], ['\u2028', '\\u2028'], ['\u2029', '\\u2029'],
]);

/** `object` as `-o json` or `-o yaml` prints it, ending with a newline. */
export function formatObject(object: unknown, format: OutputFormat): string {
  const sorted = sortKeys(object);
  if (format === 'yaml') return stringify(sorted, { indentSeq: false });
  return `${JSON.stringify(sorted, null, 4).replace(/[<>&\u2028\u2029]/g, (char) => GO_ESCAPES.get(char) ?? char)}\n`;
}

/** kubectl's name printer: `imagestream.image.openshift.io/app image lookup updated (dry run)`. */
export function nameLine(kind: string, group: string, name: string, operation: string, dryRun: DryRun = 'none'): string {
  const suffix = dryRun === 'client' ? ' (dry run)' : dryRun === 'server' ? ' (server dry run)' : '';
  const resource = group === '' ? kind.toLowerCase() : `${kind.toLowerCase()}.${group}`;
  return `${resource}/${name}${operation === '' ? '' : ` ${operation}`}${suffix}`;
}

/** Objects as kubectl's `-o` prints a listing: a `List`, even of one or none. */
export function formatList(objects: readonly unknown[], format: OutputFormat): string {
  return formatObject({ apiVersion: 'v1', items: objects, kind: 'List', metadata: { resourceVersion: '' } }, format);
}

/** Several objects as kubectl prints them with `-o`: one alone, more as a `List`. */
export function formatObjects(objects: readonly unknown[], format: OutputFormat): string {
  return objects.length === 1 ? formatObject(objects[0], format) : formatList(objects, format);
}

/** A command's summary line with kubectl's dry-run note after it. */
export function withDryRunNote(line: string, dryRun: DryRun): string {
  return dryRun === 'client' ? `${line} (dry run)` : dryRun === 'server' ? `${line} (server dry run)` : line;
}

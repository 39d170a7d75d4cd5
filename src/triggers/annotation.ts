/**
 * Decoding the annotation's JSON the way OpenShift's Go decoder reads it into its trigger type, plus
 * the forms D11 adds. Facts carried over from upstream (library-go's `CalculateAnnotationTriggers`
 * and Go's `encoding/json`): the value is a JSON array (or `null`, meaning no triggers); a `null`
 * element is an empty trigger; field names match case-insensitively; unknown fields are ignored;
 * a JSON `null` leaves a field empty; any other wrong type discards the whole annotation.
 */
import { describeValue, jsonType } from '../core/excerpt.js';
import { isObject, type JsonObject } from '../core/object.js';
import type { NonCanonicalForm, ObjectFieldTrigger, TriggerProblem, TriggerSource } from './types.js';

/** The annotation key, on the workload's own metadata (not its pod template's). */
export const TRIGGER_ANNOTATION = 'image.openshift.io/triggers';

/**
 * Longest annotation value read, in characters. A trigger is about 150 characters, so this holds
 * several hundred triggers, more than any pod template has containers; a longer value is refused
 * before it is parsed, so a hostile object costs a length check, not a parse.
 */
export const TRIGGER_ANNOTATION_MAX_LENGTH = 64 * 1024;

/** The annotation decoded: triggers as written, or problems that discard all of them. */
export interface DecodedAnnotation {
  triggers: ObjectFieldTrigger[];
  problems: TriggerProblem[];
  nonCanonical: NonCanonicalForm[];
}

/** Where in the annotation a message points: `image.openshift.io/triggers[0].paused`. */
export function annotationPath(index?: number, field?: string): string {
  const item = index === undefined ? '' : `[${index}]`;
  return `${TRIGGER_ANNOTATION}${item}${field === undefined ? '' : `.${field}`}`;
}

/** Collects what decoding one annotation finds, so every problem is reported at once. */
class Decoder {
  readonly problems: TriggerProblem[] = [];
  readonly nonCanonical: NonCanonicalForm[] = [];

  invalid(message: string, index?: number): void {
    this.problems.push({ reason: 'InvalidJSON', message, ...(index === undefined ? {} : { index }) });
  }

  /**
   * The fields of `object` by their canonical names. Keys match case-insensitively as in Go; such a
   * key, and any unknown key, is noted as non-canonical. Two keys for one field are refused, since
   * which one wins would depend on the decoder.
   */
  fields(object: JsonObject, known: ReadonlySet<string>, index: number, prefix: string): Map<string, unknown> {
    const found = new Map<string, unknown>();
    for (const key of Object.keys(object)) {
      const name = known.has(key) ? key : CANONICAL_NAMES.get(key.toLowerCase());
      const path = `${prefix}${name ?? key}`;
      if (name === undefined || !known.has(name)) {
        this.nonCanonical.push({ index, part: 'Key', field: `${prefix}${key}`, found: key });
        continue;
      }
      if (found.has(name)) {
        this.invalid(`${annotationPath(index, path)} is given more than once`, index);
        continue;
      }
      if (name !== key) this.nonCanonical.push({ index, part: 'Key', field: path, found: key, canonical: name });
      found.set(name, object[key]);
    }
    return found;
  }

  /** A string field: absent or `null` reads as empty. */
  string(fields: ReadonlyMap<string, unknown>, name: string, index: number, path: string): string {
    const value = fields.get(name);
    if (value === undefined || value === null) return '';
    if (typeof value === 'string') return value;
    this.invalid(`${annotationPath(index, path)} must be a string, got ${jsonType(value)}`, index);
    return '';
  }

  /** `paused`: a boolean, or (D11) the string `"true"` or `"false"` that OpenShift's docs and console wrote. */
  paused(fields: ReadonlyMap<string, unknown>, index: number): boolean {
    const value = fields.get('paused');
    if (value === undefined || value === null) return false;
    if (typeof value === 'boolean') return value;
    if (value === 'true' || value === 'false') {
      this.nonCanonical.push({ index, part: 'Value', field: 'paused', found: JSON.stringify(value), canonical: value });
      return value === 'true';
    }
    this.invalid(`${annotationPath(index, 'paused')} must be true or false, got ${describeValue(value)}`, index);
    return false;
  }

  source(value: unknown, index: number): TriggerSource {
    if (value === undefined || value === null) return { kind: '', name: '' };
    if (!isObject(value)) {
      this.invalid(`${annotationPath(index, 'from')} must be an object, got ${jsonType(value)}`, index);
      return { kind: '', name: '' };
    }
    const fields = this.fields(value, SOURCE_FIELDS, index, 'from.');
    const source: TriggerSource = {
      kind: this.string(fields, 'kind', index, 'from.kind'),
      name: this.string(fields, 'name', index, 'from.name'),
    };
    const namespace = this.string(fields, 'namespace', index, 'from.namespace');
    const apiVersion = this.string(fields, 'apiVersion', index, 'from.apiVersion');
    if (namespace !== '') source.namespace = namespace;
    if (apiVersion !== '') source.apiVersion = apiVersion;
    return source;
  }

  trigger(value: unknown, index: number): ObjectFieldTrigger {
    if (value === null) return { from: { kind: '', name: '' }, fieldPath: '', paused: false };
    if (!isObject(value)) {
      this.invalid(`${annotationPath(index)} must be an object, got ${jsonType(value)}`, index);
      return { from: { kind: '', name: '' }, fieldPath: '', paused: false };
    }
    const fields = this.fields(value, TRIGGER_FIELDS, index, '');
    return {
      from: this.source(fields.get('from'), index),
      fieldPath: this.string(fields, 'fieldPath', index, 'fieldPath'),
      paused: this.paused(fields, index),
    };
  }
}

const TRIGGER_FIELDS: ReadonlySet<string> = new Set(['from', 'fieldPath', 'paused']);
const SOURCE_FIELDS: ReadonlySet<string> = new Set(['kind', 'name', 'namespace', 'apiVersion']);
/** Canonical field names by their lowercase spelling, for Go's case-insensitive match. */
const CANONICAL_NAMES: ReadonlyMap<string, string> = new Map(
  [...TRIGGER_FIELDS, ...SOURCE_FIELDS].map((name) => [name.toLowerCase(), name]),
);

/**
 * Decodes an annotation value. Never throws: a value that is too long, not JSON, not an array or
 * of the wrong types yields no triggers and problems naming each fault. Linear in the value's length.
 */
export function decodeTriggers(value: string): DecodedAnnotation {
  if (value.length > TRIGGER_ANNOTATION_MAX_LENGTH) {
    const message = `${TRIGGER_ANNOTATION} is ${value.length} characters long; at most ${TRIGGER_ANNOTATION_MAX_LENGTH} are read`;
    return { triggers: [], problems: [{ reason: 'AnnotationTooLarge', message }], nonCanonical: [] };
  }
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch {
    // The parser's own message quotes the input; the position alone would not help more than this.
    return { triggers: [], problems: [{ reason: 'InvalidJSON', message: `${TRIGGER_ANNOTATION} is not valid JSON` }], nonCanonical: [] };
  }
  if (json === null) return { triggers: [], problems: [], nonCanonical: [] };
  if (!Array.isArray(json)) {
    const message = `${TRIGGER_ANNOTATION} must be a JSON array of triggers, got ${jsonType(json)}`;
    return { triggers: [], problems: [{ reason: 'InvalidJSON', message }], nonCanonical: [] };
  }
  const decoder = new Decoder();
  const triggers = json.map((item: unknown, index) => decoder.trigger(item, index));
  return {
    triggers: decoder.problems.length > 0 ? [] : triggers,
    problems: decoder.problems,
    nonCanonical: decoder.nonCanonical,
  };
}

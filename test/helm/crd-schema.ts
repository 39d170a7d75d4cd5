/**
 * Checks an object against a CRD's structural openAPIV3Schema the way kube-apiserver does with
 * strict field validation: wrong types, missing required fields, values outside an enum, malformed
 * date-times, duplicate list-map keys and unknown fields (which the server would prune) are errors.
 * Only the keywords the ImageStream CRD uses are understood; any other keyword is reported, so the
 * checker cannot silently pass a schema it does not model.
 */
export interface Schema {
  type?: 'object' | 'array' | 'string' | 'boolean' | 'integer' | 'number';
  description?: string;
  properties?: Record<string, Schema>;
  additionalProperties?: Schema;
  items?: Schema;
  required?: string[];
  enum?: unknown[];
  nullable?: boolean;
  minLength?: number;
  format?: string;
  default?: unknown;
  'x-kubernetes-list-type'?: string;
  'x-kubernetes-list-map-keys'?: string[];
}

const KNOWN_KEYWORDS = new Set([
  'type', 'description', 'properties', 'additionalProperties', 'items', 'required', 'enum', 'nullable',
  'minLength', 'format', 'default', 'x-kubernetes-list-type', 'x-kubernetes-list-map-keys',
]);
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function typeOf(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** Every problem found, as "<path>: <what>"; empty when the object is valid. */
export function validate(value: unknown, schema: Schema, path = ''): string[] {
  const unknownKeywords = Object.keys(schema).filter((k) => !KNOWN_KEYWORDS.has(k));
  if (unknownKeywords.length > 0) return [`${path}: schema keyword(s) not modelled: ${unknownKeywords.join(', ')}`];
  if (value === null) return schema.nullable === true ? [] : [`${path}: must not be null`];
  const actual = typeOf(value);
  if (schema.type !== undefined && actual !== schema.type && !(schema.type === 'number' && actual === 'integer')) {
    return [`${path}: must be ${schema.type}, got ${actual}`];
  }
  if (schema.enum !== undefined && !schema.enum.includes(value)) return [`${path}: ${JSON.stringify(value)} not in enum`];
  if (typeof value === 'string') return validateString(value, schema, path);
  if (Array.isArray(value)) return validateArray(value, schema, path);
  if (actual === 'object') return validateObject(value as Record<string, unknown>, schema, path);
  return [];
}

function validateString(value: string, schema: Schema, path: string): string[] {
  const problems: string[] = [];
  if (schema.minLength !== undefined && value.length < schema.minLength) problems.push(`${path}: shorter than ${schema.minLength}`);
  if (schema.format === 'date-time' && !RFC3339.test(value)) problems.push(`${path}: not an RFC 3339 date-time`);
  return problems;
}

function validateArray(value: unknown[], schema: Schema, path: string): string[] {
  const problems = value.flatMap((item, i) => (schema.items ? validate(item, schema.items, `${path}[${i}]`) : []));
  const keys = schema['x-kubernetes-list-map-keys'];
  if (schema['x-kubernetes-list-type'] === 'map' && keys !== undefined) {
    const seen = new Set<string>();
    value.forEach((item, i) => {
      const key = JSON.stringify(keys.map((k) => (item as Record<string, unknown>)[k]));
      if (seen.has(key)) problems.push(`${path}[${i}]: duplicate entry for key ${key}`);
      seen.add(key);
    });
  }
  return problems;
}

function validateObject(value: Record<string, unknown>, schema: Schema, path: string): string[] {
  if (path === '.metadata') return [];
  const problems = (schema.required ?? []).filter((k) => !(k in value)).map((k) => `${path}.${k}: required`);
  for (const [key, child] of Object.entries(value)) {
    const childSchema = schema.properties?.[key] ?? schema.additionalProperties;
    if (childSchema === undefined) problems.push(`${path}.${key}: unknown field`);
    else problems.push(...validate(child, childSchema, `${path}.${key}`));
  }
  return problems;
}

/** Schema nodes without a type: a structural schema (required for CRDs) has none. */
export function untypedNodes(schema: Schema, path = ''): string[] {
  const own = schema.type === undefined ? [path || '.'] : [];
  const children = [
    ...Object.entries(schema.properties ?? {}).map(([k, s]) => untypedNodes(s, `${path}.${k}`)),
    schema.items ? untypedNodes(schema.items, `${path}[]`) : [],
    schema.additionalProperties ? untypedNodes(schema.additionalProperties, `${path}{}`) : [],
  ];
  return [...own, ...children.flat()];
}

import type { AdmissionAttributes } from './types.js';

/** apimachinery's aggregate rendering: one error as is, several as `[e1, e2]`. */
function aggregate(errors: readonly string[]): string {
  return errors.length === 1 ? (errors[0] ?? '') : `[${errors.join(', ')}]`;
}

/** R29: a 422 Invalid message, `Kind[.group] "name" is invalid: …` (D13: name may be empty). */
export function invalidMessage(attrs: AdmissionAttributes, errors: readonly string[]): string {
  const { kind, group } = attrs.kind;
  return `${group === '' ? kind : `${kind}.${group}`} "${attrs.name}" is invalid: ${aggregate(errors)}`;
}

function forbiddenPrefix(attrs: AdmissionAttributes): string {
  const { resource, group } = attrs.resource;
  return `${group === '' ? resource : `${resource}.${group}`} "${attrs.name}" is forbidden: `;
}

/** R5: a 403 Forbidden message, `resource[.group] "name" is forbidden: …`, one prefix for the whole list. */
export function forbiddenMessage(attrs: AdmissionAttributes, errors: readonly string[]): string {
  return `${forbiddenPrefix(attrs)}${aggregate(errors)}`;
}

/**
 * R38: AlwaysPullImages' rejection. Kubernetes builds one Forbidden error per field and aggregates
 * those, so each field error carries its own `pods "x" is forbidden: ` prefix inside the brackets.
 * Users and tools match on that text, so it is reproduced exactly.
 */
export function forbiddenEachMessage(attrs: AdmissionAttributes, errors: readonly string[]): string {
  const prefix = forbiddenPrefix(attrs);
  return aggregate(errors.map((error) => `${prefix}${error}`));
}

import { excerpt } from './excerpt.js';
import type { AdmissionAttributes } from './types.js';

/** Longest legitimate object name (a DNS subdomain); longer request values are cut in messages. */
const NAME_MAX = 253;

/** apimachinery's aggregate rendering: one error as is, several as `[e1, e2]`. */
function aggregate(errors: readonly string[]): string {
  return errors.length === 1 ? (errors[0] ?? '') : `[${errors.join(', ')}]`;
}

/** A 422 Invalid message, `Kind[.group] "name" is invalid: …` (D13: name may be empty). */
export function invalidMessage(attrs: AdmissionAttributes, errors: readonly string[]): string {
  const kind = excerpt(attrs.kind.kind);
  const group = excerpt(attrs.kind.group);
  return `${group === '' ? kind : `${kind}.${group}`} "${excerpt(attrs.name, NAME_MAX)}" is invalid: ${aggregate(errors)}`;
}

function forbiddenPrefix(attrs: AdmissionAttributes): string {
  const resource = excerpt(attrs.resource.resource);
  const group = excerpt(attrs.resource.group);
  return `${group === '' ? resource : `${resource}.${group}`} "${excerpt(attrs.name, NAME_MAX)}" is forbidden: `;
}

/** A 403 Forbidden message, `resource[.group] "name" is forbidden: …`, one prefix for the whole list. */
export function forbiddenMessage(attrs: AdmissionAttributes, errors: readonly string[]): string {
  return `${forbiddenPrefix(attrs)}${aggregate(errors)}`;
}

/**
 * AlwaysPullImages' rejection. Kubernetes builds one Forbidden error per field and aggregates
 * those, so each field error carries its own `pods "x" is forbidden: ` prefix inside the brackets.
 * Users and tools match on that text, so it is reproduced exactly.
 */
export function forbiddenEachMessage(attrs: AdmissionAttributes, errors: readonly string[]): string {
  const prefix = forbiddenPrefix(attrs);
  return aggregate(errors.map((error) => `${prefix}${error}`));
}

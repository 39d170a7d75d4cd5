import { excerpt } from './excerpt.js';
import type { AdmissionAttributes } from './types.js';

/** Longest legitimate object name (a DNS subdomain); longer request values are cut in messages. */
const NAME_MAX = 253;

/** apimachinery's aggregate rendering: one error as is, several as `[e1, e2]`. */
function aggregate(errors: readonly string[]): string {
  return errors.length === 1 ? (errors[0] ?? '') : `[${errors.join(', ')}]`;
}

/** R29: a 422 Invalid message, `Kind[.group] "name" is invalid: …` (D13: name may be empty). */
export function invalidMessage(attrs: AdmissionAttributes, errors: readonly string[]): string {
  const kind = excerpt(attrs.kind.kind);
  const group = excerpt(attrs.kind.group);
  return `${group === '' ? kind : `${kind}.${group}`} "${excerpt(attrs.name, NAME_MAX)}" is invalid: ${aggregate(errors)}`;
}

/** R5/R38: a 403 Forbidden message, `resource[.group] "name" is forbidden: …`. */
export function forbiddenMessage(attrs: AdmissionAttributes, errors: readonly string[]): string {
  const resource = excerpt(attrs.resource.resource);
  const group = excerpt(attrs.resource.group);
  return `${group === '' ? resource : `${resource}.${group}`} "${excerpt(attrs.name, NAME_MAX)}" is forbidden: ${aggregate(errors)}`;
}

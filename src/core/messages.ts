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

/** R5/R38: a 403 Forbidden message, `resource[.group] "name" is forbidden: …`. */
export function forbiddenMessage(attrs: AdmissionAttributes, errors: readonly string[]): string {
  const { resource, group } = attrs.resource;
  return `${group === '' ? resource : `${resource}.${group}`} "${attrs.name}" is forbidden: ${aggregate(errors)}`;
}

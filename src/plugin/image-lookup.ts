/**
 * `set image-lookup`: whether short names resolve through image streams. On a stream it is
 * `spec.lookupPolicy.local`; on a workload it is the resolve-names annotation
 * (`alpha.image.policy.openshift.io/resolve-names: "*"`), on the pod template where the kind has
 * one (the webhook reads it there: the Job template's pod template for a CronJob) and on the
 * object otherwise, as oc writes it. Turning it off removes the annotation from both places (oc
 * removes only the template's, which leaves an object-level annotation in force).
 */
import type { Operation } from 'fast-json-patch';
import { RESOLVE_NAMES_ANNOTATION, resolvesAllNames } from '../core/annotations.js';
import { getString } from '../core/object.js';
import { podSpecLocation } from '../core/pod-spec.js';
import type { GroupResource } from '../core/types.js';
import { removeGuarded, setGuarded } from './guarded-patch.js';
import type { ShownImageStream } from './shown-stream.js';
import { alignColumns, OC_SET_LIST } from './tab-writer.js';

/** A workload (or any object) as read, with the resource it was read as (`apps`/`deployments`). */
export interface LookupWorkload {
  resource: GroupResource;
  object: unknown;
}

/** The patch that makes `stream.spec.lookupPolicy.local` equal `enabled`; empty when it already does. */
export function streamLookupPatch(stream: ShownImageStream, enabled: boolean): Operation[] {
  if ((stream.spec?.lookupPolicy?.local ?? false) === enabled) return [];
  return setGuarded(stream, ['spec', 'lookupPolicy', 'local'], enabled);
}

/** Where the object's pod template keeps its metadata, or undefined when it has none. */
function templateMetadata(workload: LookupWorkload): readonly string[] | undefined {
  return podSpecLocation(workload.resource)?.templateMetadata;
}

/** The patch that sets or removes the resolve-names annotation; empty when nothing changes. */
export function workloadLookupPatch(workload: LookupWorkload, enabled: boolean): Operation[] {
  const template = templateMetadata(workload);
  const annotation = (metadata: readonly string[]): string[] => [...metadata, 'annotations', RESOLVE_NAMES_ANNOTATION];
  if (enabled) {
    const path = annotation(template ?? ['metadata']);
    return getString(workload.object, path) === '*' ? [] : setGuarded(workload.object, path, '*');
  }
  const own = removeGuarded(workload.object, annotation(['metadata']));
  return template === undefined ? own : [...removeGuarded(workload.object, annotation(template)), ...own];
}

/** Whether the workload resolves short names: the annotation is `*` on its pod template or on itself. */
export function workloadUsesLookup(workload: LookupWorkload): boolean {
  const location = podSpecLocation(workload.resource);
  if (location !== undefined) return resolvesAllNames(workload.object, location);
  return getString(workload.object, ['metadata', 'annotations', RESOLVE_NAMES_ANNOTATION]) === '*';
}

/** One row of `--list`: a stream by its name, a workload as `<resource>/<name>` (oc's naming). */
export interface LookupRow {
  name: string;
  local: boolean;
}

export function streamLookupRow(stream: ShownImageStream): LookupRow {
  return { name: stream.metadata.name, local: stream.spec?.lookupPolicy?.local ?? false };
}

export function workloadLookupRow(workload: LookupWorkload): LookupRow {
  const name = getString(workload.object, ['metadata', 'name']) ?? '';
  return { name: `${workload.resource.resource}/${name}`, local: workloadUsesLookup(workload) };
}

/** The `NAME LOCAL` table oc prints for `set image-lookup` without arguments and for `--list`. */
export function formatLookupTable(rows: readonly LookupRow[]): string {
  return alignColumns(['NAME\tLOCAL\n', ...rows.map((row) => `${row.name}\t${String(row.local)}\n`)].join(''), OC_SET_LIST);
}

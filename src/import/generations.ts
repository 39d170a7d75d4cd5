/**
 * OpenShift's import bookkeeping, readable from the object alone so it survives controller
 * restarts and works whether or not a webhook stamps `spec.tags[].generation`:
 *
 * - A tag's *requested* generation is its stamped `spec.tags[].generation` when that is positive.
 *   When it is unset or `0` (never stamped, or a client asking for a re-import as `oc` does), it is
 *   `metadata.generation`: the API server bumps that on every spec write, so the tag was added,
 *   changed or re-requested at or before it.
 * - A tag's *observed* generation is the larger of its newest event's `generation` and its
 *   `ImportSuccess` condition's `generation` (OpenShift's `LatestObservedTagGeneration`): a failed
 *   import counts as observed, so it is retried by schedule or request, not in a loop.
 * - The tag needs an import when requested > observed.
 *
 * Without stamping, any spec write re-checks every unstamped tag once (one HEAD each; an unchanged
 * digest only moves the newest event's generation). A stamped tag whose `from` changes while the
 * stamping webhook is skipped is caught by the controller comparing old and new objects on watch
 * updates (`changedTags`), or at its next scheduled check, or when its generation is set to 0.
 */
import type { ImageStream, NamedTagEventList, TagEventCondition, TagReference } from '../core/types.js';

export const IMPORT_SUCCESS = 'ImportSuccess';

export function requestedGeneration(stream: ImageStream, tag: TagReference): number {
  if (typeof tag.generation === 'number' && tag.generation > 0) return tag.generation;
  return Math.max(stream.metadata.generation ?? 1, 1);
}

export function importCondition(status: NamedTagEventList | undefined): TagEventCondition | undefined {
  return (status?.conditions ?? []).find((condition) => condition.type === IMPORT_SUCCESS);
}

export function observedGeneration(status: NamedTagEventList | undefined): number {
  const newest = status?.items?.[0]?.generation ?? 0;
  const condition = importCondition(status)?.generation ?? 0;
  return Math.max(newest, condition);
}

/** True when nothing was ever recorded for the tag: no event and no condition. */
export function isUnrecorded(status: NamedTagEventList | undefined): boolean {
  return (status?.items ?? []).length === 0 && importCondition(status) === undefined;
}

export function statusTagOf(stream: ImageStream, tag: string): NamedTagEventList | undefined {
  return (stream.status?.tags ?? []).find((entry) => entry.tag === tag);
}

function sourceFields(tag: TagReference | undefined): string {
  if (tag === undefined) return '';
  return JSON.stringify([
    tag.from?.kind ?? '',
    tag.from?.name ?? '',
    tag.from?.namespace ?? '',
    tag.reference === true,
    tag.importPolicy?.insecure === true,
    tag.importPolicy?.importMode ?? '',
    tag.importPolicy?.scheduled === true,
    tag.referencePolicy?.type ?? '',
    tag.annotations?.['importer.image.openshift.io/prefer-arch'] ?? '',
    tag.annotations?.['importer.image.openshift.io/prefer-os'] ?? '',
  ]);
}

/**
 * Names of spec tags whose source (`from`, `reference`, `importPolicy`, `referencePolicy`, platform
 * annotations) differs between two versions of a stream; new tags are included. The controller
 * calls it on watch updates so changes are seen even when nothing stamps a new tag generation.
 */
export function changedTags(before: ImageStream | undefined, after: ImageStream): string[] {
  const old = new Map((before?.spec?.tags ?? []).map((tag) => [tag.name, tag]));
  return (after.spec?.tags ?? []).filter((tag) => sourceFields(old.get(tag.name)) !== sourceFields(tag)).map((tag) => tag.name);
}

/**
 * Names of spec tags re-requested between two versions of a stream: the source is unchanged but the
 * tag's stamped generation went up, or it is now 0. That is what a `generation: 0` request looks
 * like once the stamping webhook has replaced the 0 with the stream's next generation, so the
 * import is logged as a requested re-import rather than as a change of the source.
 */
export function reimportRequestedTags(before: ImageStream | undefined, after: ImageStream): string[] {
  const old = new Map((before?.spec?.tags ?? []).map((tag) => [tag.name, tag]));
  return (after.spec?.tags ?? [])
    .filter((tag) => {
      const previous = old.get(tag.name);
      if (previous === undefined || sourceFields(previous) !== sourceFields(tag)) return false;
      const was = previous.generation ?? 0;
      const now = tag.generation ?? 0;
      return now === 0 ? was !== 0 : was > 0 && now > was;
    })
    .map((tag) => tag.name);
}

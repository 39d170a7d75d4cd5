/**
 * The Kubernetes Events the import controller records on an ImageStream, decided from its status
 * before and after a write: `ImportFailed` (Warning) when a tag's import fails for a reason it did
 * not fail for before (so a retry that fails again, or a new message with the same reason, records
 * nothing), with the condition's message verbatim; `Imported` (Normal) when a tag's newest event
 * names a new image (a tag's first import included). Pure; the controller only sends them.
 */
import type { ImageStreamStatus, NamedTagEventList } from '../core/types.js';
import { importCondition } from './generations.js';

export const IMPORTED = 'Imported';
export const IMPORT_FAILED = 'ImportFailed';

export interface ImportEvent {
  type: 'Normal' | 'Warning';
  reason: typeof IMPORTED | typeof IMPORT_FAILED;
  /** The tag the event is about (the message names it too). */
  tag: string;
  message: string;
}

function failureReason(entry: NamedTagEventList | undefined): string | undefined {
  const condition = importCondition(entry);
  return condition?.status === 'False' ? (condition.reason ?? '') : undefined;
}

/** What the newest event points at: the digest, or the pull spec of a `reference` tag (no digest). */
function newestImage(entry: NamedTagEventList | undefined): string | undefined {
  const newest = entry?.items?.[0];
  if (newest === undefined) return undefined;
  return newest.image === '' ? newest.dockerImageReference : newest.image;
}

/** The events a status write records, in the order of the written tags. */
export function importEvents(before: ImageStreamStatus | null | undefined, after: ImageStreamStatus | null | undefined): ImportEvent[] {
  const previous = new Map((before?.tags ?? []).map((entry) => [entry.tag, entry]));
  const events: ImportEvent[] = [];
  for (const entry of after?.tags ?? []) {
    const old = previous.get(entry.tag);
    const reason = failureReason(entry);
    if (reason !== undefined && reason !== failureReason(old)) {
      const message = importCondition(entry)?.message ?? '';
      events.push({ type: 'Warning', reason: IMPORT_FAILED, tag: entry.tag, message: `Importing tag "${entry.tag}" failed (${reason}): ${message}` });
    }
    const image = newestImage(entry);
    if (image !== undefined && image !== newestImage(old)) {
      const reference = entry.items?.[0]?.dockerImageReference ?? '';
      events.push({ type: 'Normal', reason: IMPORTED, tag: entry.tag, message: `Tag "${entry.tag}" imported: ${reference}` });
    }
  }
  return events;
}

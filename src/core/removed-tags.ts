/**
 * The marker that lets a tag's status go with its spec tag when the user who removes the tag may
 * not write `imagestreams/status` (the chart's `edit` role does not grant it on purpose: status
 * lists the digests that `Required` resolution accepts). `kubectl imagestream tag -d` removes the
 * spec tag and records here what the status held when it did; the import controller, which writes
 * status, drops exactly that history. See docs/kubectl-imagestream.md.
 *
 * The annotation's value is a JSON object keyed by tag name. Each entry fences the history to drop:
 * the stream's `metadata.generation` when the command read it (conditions answering that generation
 * or an older one go) and the newest event it saw, by `created` and `image` (that event and every
 * older one go). Events recorded later, for a tag pushed or added again under the same name, are
 * newer than the fence and stay. Pure: no I/O.
 */
import { isObject } from './object.js';

/** The annotation on the ImageStream, written by the command, read by the import controller. */
export const REMOVED_TAGS_ANNOTATION = 'imagestream-webhook.io/removed-tags';

/** One removed tag's fence. */
export interface RemovedTag {
  /** `metadata.generation` of the stream as read by the removing command. */
  generation: number;
  /** `created` and `image` of the newest event it saw; absent when the tag had no events. */
  created?: string;
  image?: string;
}

/** The parts of a status tag the fence looks at (both the import's and the core's shapes fit). */
export interface FencedStatusTag {
  tag: string;
  items?: { created?: string; image?: string }[] | null;
  conditions?: { generation?: number }[] | null;
}

function readEntry(value: unknown): RemovedTag | undefined {
  if (!isObject(value) || typeof value.generation !== 'number' || !Number.isSafeInteger(value.generation)) return undefined;
  return {
    generation: value.generation,
    ...(typeof value.created === 'string' ? { created: value.created } : {}),
    ...(typeof value.image === 'string' ? { image: value.image } : {}),
  };
}

/** The entries of the annotation; a value that is not the documented JSON yields none (nothing is dropped on a guess). */
export function readRemovedTags(annotations: Record<string, string> | null | undefined): Map<string, RemovedTag> {
  const removed = new Map<string, RemovedTag>();
  const text = annotations?.[REMOVED_TAGS_ANNOTATION];
  if (text === undefined) return removed;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return removed;
  }
  if (!isObject(parsed)) return removed;
  for (const [tag, value] of Object.entries(parsed)) {
    const entry = readEntry(value);
    if (entry !== undefined) removed.set(tag, entry);
  }
  return removed;
}

/** The annotation's value for `removed`, tags in name order so equal markers are equal strings. */
export function formatRemovedTags(removed: ReadonlyMap<string, RemovedTag>): string {
  const tags = [...removed.keys()].sort();
  return JSON.stringify(Object.fromEntries(tags.map((tag) => [tag, removed.get(tag)])));
}

/** Index of the fenced event in `items` (newest first), or -1 when it is gone (so every remaining event is newer). */
function fenceIndex(items: readonly { created?: string; image?: string }[], fence: RemovedTag): number {
  if (fence.created === undefined) return -1;
  return items.findIndex((item) => item.created === fence.created && (item.image ?? '') === (fence.image ?? ''));
}

/** True when the fence has nothing (left) to drop from `statusTag`, or the status tag is gone: the marker may forget the entry. */
export function isFenceApplied(statusTag: FencedStatusTag | undefined, fence: RemovedTag): boolean {
  if (statusTag === undefined) return true;
  const conditions = statusTag.conditions ?? [];
  return fenceIndex(statusTag.items ?? [], fence) === -1 && conditions.every((condition) => (condition.generation ?? 0) > fence.generation);
}

/**
 * `statusTag` without the history its fence covers: the fenced event and every older one, and
 * conditions of the fenced generation or older. The same object when there is nothing to drop;
 * undefined when nothing is left, so the status tag goes too.
 */
export function withoutRemovedHistory<T extends FencedStatusTag>(statusTag: T, fence: RemovedTag): T | undefined {
  if (isFenceApplied(statusTag, fence)) return statusTag;
  const items = statusTag.items ?? [];
  const cut = fenceIndex(items, fence);
  const keptItems = cut === -1 ? items : items.slice(0, cut);
  const keptConditions = (statusTag.conditions ?? []).filter((condition) => (condition.generation ?? 0) > fence.generation);
  if (keptItems.length === 0 && keptConditions.length === 0) return undefined;
  return { ...statusTag, items: keptItems, conditions: keptConditions };
}

/**
 * Recording one outcome in one status tag, the way OpenShift's `AddTagEventToImageStream` and
 * `SetTagConditions` do. Each function returns a new NamedTagEventList, or the same object when nothing
 * changes, so callers detect "writes nothing" by identity.
 */
import { IMPORT_SUCCESS, importCondition } from './generations.js';
import type { NamedTagEventList, TagEvent } from '../core/types.js';
import type { ImportFailure } from './types.js';

/**
 * Adds `event` as the newest of the tag's history, capped at `historyLimit` events. The same
 * reference and image as the newest event is not a new event: an equal generation changes
 * nothing (an unchanged scheduled import), a different one moves the newest event's generation
 * (a re-import that found the same image). A successful import clears the failure condition.
 */
export function addTagEvent(status: NamedTagEventList, event: TagEvent, historyLimit: number): NamedTagEventList {
  const items = status.items ?? [];
  const newest = items[0];
  const conditions = (status.conditions ?? []).filter((condition) => condition.type !== IMPORT_SUCCESS);
  const clearsCondition = conditions.length !== (status.conditions ?? []).length;
  const withConditions = (next: TagEvent[]): NamedTagEventList => {
    const { conditions: _dropped, ...rest } = status;
    return conditions.length > 0 ? { ...rest, items: next, conditions } : { ...rest, items: next };
  };
  if (newest !== undefined && newest.dockerImageReference === event.dockerImageReference && newest.image === event.image) {
    const generation = Math.max(newest.generation ?? 0, event.generation ?? 0);
    if (generation === newest.generation && !clearsCondition) return status;
    return withConditions([{ ...newest, generation }, ...items.slice(1)]);
  }
  return withConditions([event, ...items].slice(0, Math.max(1, historyLimit)));
}

/**
 * Records a failed import in the tag's `ImportSuccess=False` condition; events stay untouched, so
 * the last good image keeps resolving. The transition time moves only when the condition appears.
 */
export function recordFailure(status: NamedTagEventList, failure: ImportFailure, generation: number, now: string): NamedTagEventList {
  const current = importCondition(status);
  if (current?.status === 'False' && current.reason === failure.reason && current.message === failure.message && current.generation === generation) {
    return status;
  }
  const condition = {
    type: IMPORT_SUCCESS,
    status: 'False',
    lastTransitionTime: current?.status === 'False' && current.lastTransitionTime !== undefined ? current.lastTransitionTime : now,
    reason: failure.reason,
    message: failure.message,
    generation,
  };
  const others = (status.conditions ?? []).filter((entry) => entry.type !== IMPORT_SUCCESS);
  return { ...status, conditions: [...others, condition] };
}

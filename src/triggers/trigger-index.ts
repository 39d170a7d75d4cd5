/**
 * The index from image stream tag to the workloads whose triggers follow it, so that a tag move
 * costs work in proportion to the workloads that use the tag, not to the cluster. Keys come from
 * request data, so lookups are Maps (an object would answer `__proto__` from its prototype), and a
 * workload holds at most one entry per trigger.
 */
import { isActive, parseTriggerAnnotation } from './parse.js';
import type { ParsedTrigger, StreamTagRef } from './types.js';
import type { WorkloadTriggerView } from './workloads.js';

/**
 * A tag's key: `<namespace>/<stream>:<tag>`. Unambiguous because a namespace has no `/` and the
 * parser refuses sources whose namespace or stream has a `/` (a stream has no `:` by construction).
 */
export function streamTagKey(ref: StreamTagRef): string {
  return `${ref.namespace}/${ref.stream}:${ref.tag}`;
}

/**
 * The distinct tags the triggers follow: those not paused with a readable source. Triggers whose
 * field path is wrong are indexed too, so a tag move reports them (as upstream's index does).
 */
export function followedTagKeys(triggers: readonly ParsedTrigger[]): string[] {
  const keys = new Set<string>();
  for (const trigger of triggers) {
    if (!trigger.trigger.paused && trigger.source !== undefined) keys.add(streamTagKey(trigger.source));
  }
  return [...keys];
}

/** The tags a workload view's triggers follow. */
export function viewTagKeys(view: WorkloadTriggerView): string[] {
  return followedTagKeys(parseTriggerAnnotation(view.annotation, view).triggers);
}

/** The tags a view's active triggers follow that are in another namespace, which need an access check (D19). */
export function crossNamespaceSources(view: WorkloadTriggerView): string[] {
  const namespaces = new Set<string>();
  for (const trigger of parseTriggerAnnotation(view.annotation, view).triggers) {
    if (isActive(trigger) && trigger.source.namespace !== view.namespace) namespaces.add(trigger.source.namespace);
  }
  return [...namespaces];
}

const NONE: ReadonlySet<string> = new Set();

/** Stream tag key → workload keys, kept in step with workload adds, updates and deletes. */
export class TriggerIndex {
  private readonly workloadsByTag = new Map<string, Set<string>>();
  private readonly tagsByWorkload = new Map<string, readonly string[]>();
  private links = 0;

  /** Records that `workload` now follows exactly `tagKeys` (an add or an update); no keys removes it. */
  set(workload: string, tagKeys: readonly string[]): void {
    const before = this.tagsByWorkload.get(workload) ?? [];
    const after = new Set(tagKeys);
    for (const key of before) {
      if (!after.has(key)) this.unlink(key, workload);
    }
    for (const key of after) {
      let workloads = this.workloadsByTag.get(key);
      if (workloads === undefined) this.workloadsByTag.set(key, (workloads = new Set()));
      workloads.add(workload);
    }
    this.links += after.size - before.length;
    if (after.size === 0) this.tagsByWorkload.delete(workload);
    else this.tagsByWorkload.set(workload, [...after]);
  }

  /** Forgets a deleted workload. */
  delete(workload: string): void {
    this.set(workload, []);
  }

  /** The workloads following `tagKey`; a live set, to be read before the index changes again. */
  workloadsFor(tagKey: string): ReadonlySet<string> {
    return this.workloadsByTag.get(tagKey) ?? NONE;
  }

  /** The tags `workload` follows. */
  tagsOf(workload: string): readonly string[] {
    return this.tagsByWorkload.get(workload) ?? [];
  }

  /** Sizes for metrics: workloads with triggers, distinct tags followed, and workload–tag links. */
  get size(): { workloads: number; tags: number; links: number } {
    return { workloads: this.tagsByWorkload.size, tags: this.workloadsByTag.size, links: this.links };
  }

  private unlink(key: string, workload: string): void {
    const workloads = this.workloadsByTag.get(key);
    if (workloads === undefined) return;
    workloads.delete(workload);
    if (workloads.size === 0) this.workloadsByTag.delete(key);
  }
}

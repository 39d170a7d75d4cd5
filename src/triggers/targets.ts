/**
 * Matching a workload's active triggers to its containers: which container each one sets, which
 * name no container, and which container more than one trigger would set. Shared by the
 * controller's update decision and the webhook's warnings, so both report the same problems.
 */
import { excerpt } from '../core/excerpt.js';
import { annotationPath } from './annotation.js';
import { canonicalFieldPath } from './field-path.js';
import { isActive } from './parse.js';
import type { NonCanonicalForm, ParsedTrigger, StreamTagRef, TriggerProblem } from './types.js';
import { containerFinder, workloadLocation, type TriggeredContainer, type WorkloadTriggerView } from './workloads.js';

/** An active trigger with the container it sets. */
export interface TargetedTrigger {
  trigger: ParsedTrigger;
  source: StreamTagRef;
  container: TriggeredContainer;
}

export interface Targets {
  targeted: TargetedTrigger[];
  problems: TriggerProblem[];
  nonCanonical: NonCanonicalForm[];
}

function selectorText(trigger: ParsedTrigger): string {
  const target = trigger.target;
  if (target === undefined) return '';
  return 'index' in target ? `${target.list}[${target.index}]` : excerpt(target.name);
}

/** Each container set by two or more triggers, as one problem naming them all. */
function duplicateProblems(setters: ReadonlyMap<TriggeredContainer, readonly TargetedTrigger[]>): TriggerProblem[] {
  const problems: TriggerProblem[] = [];
  for (const [container, all] of setters) {
    const [first] = all;
    if (first === undefined || all.length < 2) continue;
    const indexes = all.map((t) => `[${t.trigger.index}]`).join(' and ');
    const kind = container.list === 'initContainers' ? 'init container' : 'container';
    const message = `${annotationPath()}: triggers ${indexes} all set ${kind} ${excerpt(container.name)}; none of them is followed`;
    problems.push({ reason: 'DuplicateContainer', message, index: first.trigger.index, fieldPath: first.trigger.trigger.fieldPath });
  }
  return problems;
}

/**
 * The containers the active triggers of `triggers` set. A trigger naming no container is a
 * "no such container" problem. Two triggers that set one container (by two spellings, or by
 * name and position) are both refused: applying both would write the container twice in one
 * patch, and picking one would depend on their order. A name found in the other list than the
 * path spelled works, as upstream, but the canonical path names the list it is in.
 */
export function matchTargets(view: Pick<WorkloadTriggerView, 'kind' | 'containers'>, triggers: readonly ParsedTrigger[]): Targets {
  const finder = containerFinder(view.containers);
  const problems: TriggerProblem[] = [];
  const nonCanonical: NonCanonicalForm[] = [];
  const setters = new Map<TriggeredContainer, TargetedTrigger[]>();
  for (const trigger of triggers) {
    if (!isActive(trigger)) continue;
    const container = finder.find(trigger.target);
    if (container === undefined) {
      const message = `${annotationPath(trigger.index, 'fieldPath')}: no such container: ${selectorText(trigger)}`;
      problems.push({ reason: 'NoSuchContainer', message, index: trigger.index, fieldPath: trigger.trigger.fieldPath });
      continue;
    }
    if ('name' in trigger.target && container.list !== trigger.target.list) {
      const canonical = canonicalFieldPath(workloadLocation(view.kind).fieldPath, container.list, container.name);
      nonCanonical.push({ index: trigger.index, part: 'Value', field: 'fieldPath', found: trigger.trigger.fieldPath, canonical });
    }
    const targeted = { trigger, source: trigger.source, container };
    const others = setters.get(container);
    if (others === undefined) setters.set(container, [targeted]);
    else others.push(targeted);
  }
  problems.push(...duplicateProblems(setters));
  // A Map iterates in insertion order, so containers set by one trigger come out in trigger order.
  const targeted = [...setters.values()].filter((all) => all.length === 1).flat();
  return { targeted, problems, nonCanonical };
}

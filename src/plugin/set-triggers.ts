/**
 * `set triggers` decided on a workload as read: the new `image.openshift.io/triggers` value in
 * the bytes `oc set triggers` writes (src/triggers' writer), and for a Deployment whether it is
 * paused. A container's existing trigger is replaced in place; `--manual` pauses every trigger and
 * the Deployment, `--auto` resumes both. Also the NAME TYPE VALUE AUTO table oc prints.
 */
import type { Operation } from 'fast-json-patch';
import { isObject } from '../core/object.js';
import { TRIGGER_ANNOTATION } from '../triggers/annotation.js';
import { containerTrigger, formatTriggerAnnotation } from '../triggers/canonical.js';
import { parseTriggerAnnotation, type TriggerOwner } from '../triggers/parse.js';
import type { ObjectFieldTrigger, ParsedTrigger, StreamTagRef, WorkloadKind } from '../triggers/types.js';
import { containerFinder, templateContainers, triggerAnnotationOf, type TriggeredContainer } from '../triggers/workloads.js';
import { CommandError } from './command-error.js';
import { setGuarded } from './guarded-patch.js';
import { alignColumns, OC_SET_LIST } from './tab-writer.js';
import type { TriggersArguments } from './triggers-arguments.js';

export interface TriggerWorkload {
  kind: WorkloadKind;
  namespace: string;
  /** `deployments/web`, as oc names rows. */
  shownName: string;
  object: unknown;
}

function readTriggers(workload: TriggerWorkload): ParsedTrigger[] {
  const value = triggerAnnotationOf(workload.object);
  if (value === undefined) return [];
  const parsed = parseTriggerAnnotation(value, { kind: workload.kind, namespace: workload.namespace });
  const whole = parsed.problems.find((problem) => problem.index === undefined);
  if (whole !== undefined) throw new CommandError(`${workload.shownName}: ${whole.message}`);
  return parsed.triggers;
}

/** The containers `-c` names (or the only container), with oc's text for names the workload lacks. */
function chosenContainers(args: TriggersArguments, containers: readonly TriggeredContainer[]): TriggeredContainer[] {
  if (args.containers.length === 0) {
    const own = containers.filter((container) => container.list === 'containers');
    if (own.length === 1 && own[0] !== undefined) return own;
    throw new CommandError(`the workload has ${own.length} containers: name the ones the trigger updates with -c (accepts: ${containers.map((c) => c.name).join(', ')})`);
  }
  const finder = containerFinder(containers);
  const missing = args.containers.filter((name) => finder.find({ list: 'containers', name }) === undefined);
  if (missing.length > 0) throw new CommandError(`not all container names exist: ${missing.join(', ')} (accepts: ${containers.map((c) => c.name).join(', ')})`);
  return args.containers.map((name) => finder.find({ list: 'containers', name })).filter((c): c is TriggeredContainer => c !== undefined);
}

/** The container a parsed trigger names, by name, whatever selector it was written with. */
function targetName(trigger: ParsedTrigger, containers: readonly TriggeredContainer[]): string | undefined {
  return trigger.target === undefined ? undefined : containerFinder(containers).find(trigger.target)?.name;
}

const sameSource = (a: StreamTagRef | undefined, b: StreamTagRef): boolean =>
  a !== undefined && a.namespace === b.namespace && a.stream === b.stream && a.tag === b.tag;

/** The trigger list after the command's action flags. */
export function nextTriggers(workload: TriggerWorkload, args: TriggersArguments): ObjectFieldTrigger[] {
  if (args.removeAll) return [];
  const containers = templateContainers(workload.kind, workload.object);
  const owner: TriggerOwner = { kind: workload.kind, namespace: workload.namespace };
  let triggers = readTriggers(workload).map((parsed) => ({ parsed, trigger: parsed.trigger }));
  const from = args.fromImage === undefined ? undefined : { ...args.fromImage, namespace: args.fromImage.namespace || workload.namespace };
  if (from !== undefined) {
    const chosen = args.remove && args.containers.length === 0 ? [] : chosenContainers(args, containers);
    const names = new Set(chosen.map((c) => c.name));
    if (args.remove) {
      triggers = triggers.filter(({ parsed }) => !(sameSource(parsed.source, from) && (names.size === 0 || names.has(targetName(parsed, containers) ?? ''))));
    } else {
      for (const container of chosen) {
        const trigger = containerTrigger({ owner, list: container.list, container: container.name, from, paused: args.manual });
        const at = triggers.findIndex(({ parsed }) => targetName(parsed, containers) === container.name);
        if (at === -1) triggers.push({ parsed: { index: -1, trigger }, trigger });
        else triggers[at] = { parsed: triggers[at]?.parsed ?? { index: -1, trigger }, trigger };
      }
    }
  }
  return triggers.map(({ trigger }) => (args.manual ? { ...trigger, paused: true } : args.autoFlag ? { ...trigger, paused: false } : trigger));
}

/** The guarded patch for the command on `workload`; empty when nothing changes. */
export function triggersPatch(workload: TriggerWorkload, args: TriggersArguments): Operation[] {
  const value = formatTriggerAnnotation(nextTriggers(workload, args));
  const patch: Operation[] = [];
  if (value !== triggerAnnotationOf(workload.object)) patch.push(...setGuarded(workload.object, ['metadata', 'annotations', TRIGGER_ANNOTATION], value));
  if (workload.kind === 'Deployment' && (args.manual || args.autoFlag)) {
    const spec = isObject(workload.object) ? workload.object.spec : undefined;
    const paused = isObject(spec) && spec.paused === true;
    if (paused !== args.manual) patch.push(...setGuarded(workload.object, ['spec', 'paused'], args.manual));
  }
  return patch;
}

/** oc's rows for the workload's triggers: `deployments/web  image  app:latest (web)  true`. */
export function triggerRows(workload: TriggerWorkload): string[] {
  const containers = templateContainers(workload.kind, workload.object);
  const triggers = readTriggers(workload);
  if (triggers.length === 0) return [`${workload.shownName}\t<none>\t\t`];
  return triggers.map((parsed) => {
    const { from } = parsed.trigger;
    const source = from.namespace !== undefined && from.namespace !== '' && from.namespace !== workload.namespace ? `${from.namespace}/${from.name}` : from.name;
    const container = targetName(parsed, containers) ?? parsed.trigger.fieldPath;
    return `${workload.shownName}\timage\t${source} (${container})\t${String(!parsed.trigger.paused)}`;
  });
}

export function formatTriggerTable(rows: readonly string[]): string {
  return alignColumns(['NAME\tTYPE\tVALUE\tAUTO', ...rows].map((line) => `${line}\n`).join(''), OC_SET_LIST);
}

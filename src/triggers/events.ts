/**
 * The Kubernetes Events a trigger controller records on a workload (D19; upstream records none):
 * `ImageTriggered` (Normal) for each container image a trigger set, `InvalidTrigger` (Warning) for
 * each problem that stops a trigger. The messages are built here so that the controller only
 * sends them.
 */
import type { ImageTriggeredChange } from './plan.js';
import type { TriggerProblem } from './types.js';

export const IMAGE_TRIGGERED = 'ImageTriggered';
export const INVALID_TRIGGER = 'InvalidTrigger';

/** The API server refuses an Event `note` over 1 KiB; messages are cut to fit, marked with `…`. */
export const EVENT_MESSAGE_MAX = 1024;

export interface TriggerEvent {
  type: 'Normal' | 'Warning';
  reason: typeof IMAGE_TRIGGERED | typeof INVALID_TRIGGER;
  message: string;
}

function fit(message: string): string {
  return message.length <= EVENT_MESSAGE_MAX ? message : `${message.slice(0, EVENT_MESSAGE_MAX - 1)}…`;
}

/** `ImageTriggered`: names the container, the stream tag and the old and new image. */
export function imageTriggeredEvent(change: ImageTriggeredChange): TriggerEvent {
  const container = `${change.list === 'initContainers' ? 'init container' : 'container'} ${change.container}`;
  const old = change.oldImage === undefined ? 'no image' : change.oldImage;
  return {
    type: 'Normal',
    reason: IMAGE_TRIGGERED,
    message: fit(`Image stream tag ${change.source} set the image of ${container} to ${change.newImage} (was ${old})`),
  };
}

/** `InvalidTrigger`: the problem's own message, which names the trigger and the cause. */
export function invalidTriggerEvent(problem: TriggerProblem): TriggerEvent {
  return { type: 'Warning', reason: INVALID_TRIGGER, message: fit(problem.message) };
}

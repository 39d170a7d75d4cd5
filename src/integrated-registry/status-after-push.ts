/**
 * The stream's next status after a tag was pushed to the integrated registry: a new current event
 * `<registry-hostname>/<ns>/<name>@<digest>` on the status tag, history kept by the import's one
 * rule (addTagEvent: newest first, capped, same image → no new event), and
 * `status.dockerImageRepository` set to the stream's repository in the registry. The spec is not
 * touched. Pure; the time is passed in.
 */
import type { ImageStream, ImageStreamStatus, NamedTagEventList } from '../core/types.js';
import { addTagEvent } from '../import/tag-events.js';
import type { PushedTag } from './push-event.js';

export interface PushContext {
  /** `--registry-hostname`: the name pods pull from (`HOST[:PORT]`). */
  registryHostname: string;
  /** RFC 3339 in seconds, e.g. `2026-01-02T03:04:05Z`. */
  now: string;
  /** Events kept per tag (the import controller's `historyLimit`). */
  historyLimit: number;
}

/** The status to write, or undefined when the stream already records this push (a re-push). */
export function statusAfterPush(stream: ImageStream | undefined, push: PushedTag, context: PushContext): ImageStreamStatus | undefined {
  const repository = `${context.registryHostname}/${push.namespace}/${push.name}`;
  const current = stream?.status ?? {};
  const tags = current.tags ?? [];
  const before: NamedTagEventList = tags.find((entry) => entry.tag === push.tag) ?? { tag: push.tag, items: [] };
  const generation = stream?.metadata.generation;
  const event = {
    created: context.now,
    dockerImageReference: `${repository}@${push.digest}`,
    image: push.digest,
    ...(generation === undefined ? {} : { generation }),
  };
  const newest = before.items?.[0];
  // A re-push of the image the tag already has is no new event, whatever generation it carries.
  const after = newest?.image === push.digest && newest.dockerImageReference === event.dockerImageReference
    ? before
    : addTagEvent(before, event, context.historyLimit);
  if (after === before && current.dockerImageRepository === repository) return undefined;
  const others = tags.filter((entry) => entry.tag !== push.tag);
  const known = tags.some((entry) => entry.tag === push.tag);
  return {
    ...current,
    dockerImageRepository: repository,
    tags: known ? tags.map((entry) => (entry.tag === push.tag ? after : entry)) : [...others, after],
  };
}

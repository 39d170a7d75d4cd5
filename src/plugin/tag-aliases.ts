/**
 * Which spec tags only follow another tag of the same stream (an `ImageStreamTag` source
 * `stream:tag` or `tag` in the stream itself, maybe through a chain of them), and the tag each
 * chain ends at. `describe` lists such tags beside the tag they end at instead of on their own.
 * A chain that loops, leaves the stream or ends at a missing tag follows nothing.
 */
import type { ShownImageStream, ShownTagReference } from './shown-stream.js';

/** The tag a same-stream `ImageStreamTag` source names, or undefined when the source is not one. */
function sameStreamSource(stream: ShownImageStream, tag: ShownTagReference): string | undefined | null {
  const from = tag.from;
  if (from === undefined || from === null || from.kind !== 'ImageStreamTag') return undefined;
  if ((from.namespace ?? '') !== '' && from.namespace !== (stream.metadata.namespace ?? '')) return null;
  const colon = from.name.indexOf(':');
  if (colon === -1) return from.name;
  if (from.name.slice(0, colon) !== stream.metadata.name) return null;
  return from.name.slice(colon + 1) || 'latest';
}

/** The tag `name`'s chain ends at, when it passes through at least one other tag; undefined otherwise. */
function chainEnd(stream: ShownImageStream, specTags: ReadonlyMap<string, ShownTagReference>, name: string): string | undefined {
  const seen = new Set<string>();
  let current = name;
  for (;;) {
    if (seen.has(current)) return undefined;
    seen.add(current);
    const tag = specTags.get(current);
    if (tag === undefined) return undefined;
    const next = sameStreamSource(stream, tag);
    if (next === null) return undefined;
    if (next === undefined) return current === name ? undefined : current;
    current = next;
  }
}

export interface FollowedTags {
  /** For each tag that chains end at, the tags that follow it. */
  followers: Map<string, string[]>;
  /** Every tag that follows another. */
  following: Set<string>;
}

export function followedTags(stream: ShownImageStream): FollowedTags {
  const specTags = new Map((stream.spec?.tags ?? []).map((tag) => [tag.name, tag]));
  const followers = new Map<string, string[]>();
  const following = new Set<string>();
  for (const name of specTags.keys()) {
    const end = chainEnd(stream, specTags, name);
    if (end === undefined) continue;
    following.add(name);
    followers.set(end, [...(followers.get(end) ?? []), name]);
  }
  return { followers, following };
}

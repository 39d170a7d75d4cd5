/**
 * What a trigger reads of an image stream tag, and the pull spec it writes. The pull spec comes
 * from the resolver's own rule (core `pullSpecForTagEvent`), so a triggered image and a resolved
 * short name never disagree: Source gives the event's `dockerImageReference` pinned to the
 * event's `image` digest; Local gives `<status.dockerImageRepository>@<image>` for an image pushed
 * there, falling back to Source when the stream has no repository or the image was imported (D20). Upstream writes a Source reference verbatim; the
 * import controller records digest references, so the two agree, and where an event carries a
 * tag reference this writes the digest form, which the webhook leaves alone.
 */
import { currentEventOf, pullSpecForTagEvent } from '../core/image-stream.js';
import type { ImageStream, TagEvent } from '../core/types.js';

/** The parts of a stream and one of its tags that triggers read. */
export interface StreamTagState {
  /** The stream's `status.dockerImageRepository`. */
  dockerImageRepository?: string;
  /** The spec tag's `referencePolicy.type` (`Source` when absent). */
  referencePolicyType?: string;
  /** The tag's current event: the first status item, when it names an image (D1). */
  event?: TagEvent;
  /** Whether the stream names the tag at all, in spec or status; a named tag without an event is pending. */
  tagKnown: boolean;
}

/**
 * The state of `namespace/stream:tag`, or undefined when the stream does not exist. The trigger
 * controller answers it from its stream cache; tests and the command line from ImageStreams.
 */
export type StreamTagLookup = (namespace: string, stream: string, tag: string) => StreamTagState | undefined;

/**
 * Every tag a stream names, in spec or status, with what triggers read of it. One pass over each
 * list, so a stream of many tags costs time linear in its size; as the resolver does, the first
 * spec tag and the first status tag of a name count.
 */
export function streamTagStates(stream: ImageStream): Map<string, StreamTagState> {
  const repository = stream.status?.dockerImageRepository;
  const states = new Map<string, StreamTagState>();
  const stateOf = (tag: string): StreamTagState => {
    let state = states.get(tag);
    if (state === undefined) {
      state = repository ? { tagKnown: true, dockerImageRepository: repository } : { tagKnown: true };
      states.set(tag, state);
    }
    return state;
  };
  const specSeen = new Set<string>();
  for (const specTag of stream.spec?.tags ?? []) {
    if (typeof specTag?.name !== 'string' || specSeen.has(specTag.name)) continue;
    specSeen.add(specTag.name);
    const state = stateOf(specTag.name);
    if (specTag.referencePolicy?.type) state.referencePolicyType = specTag.referencePolicy.type;
  }
  const statusSeen = new Set<string>();
  for (const list of stream.status?.tags ?? []) {
    if (typeof list?.tag !== 'string' || statusSeen.has(list.tag)) continue;
    statusSeen.add(list.tag);
    const state = stateOf(list.tag);
    const event = currentEventOf(list);
    if (event !== undefined) state.event = event;
  }
  return states;
}

/** A lookup over a list of whole ImageStreams, for tests and one-shot commands. */
export function streamTagLookupFrom(streams: readonly ImageStream[]): StreamTagLookup {
  const tables = new Map(streams.map((s) => [`${s.metadata.namespace ?? ''}/${s.metadata.name}`, streamTagStates(s)]));
  return (namespace, stream, tag) => {
    const table = tables.get(`${namespace}/${stream}`);
    return table === undefined ? undefined : (table.get(tag) ?? { tagKnown: false });
  };
}

/**
 * The tags of `after` whose triggered pull spec is new or differs from `before`'s: a new event, or
 * a changed reference policy or stream repository. These are the tags whose followers a trigger
 * controller visits when a stream changes (`before` undefined: the stream is new). Linear in the
 * size of both streams.
 */
export function movedTags(before: ImageStream | undefined, after: ImageStream): string[] {
  const old = before === undefined ? new Map<string, StreamTagState>() : streamTagStates(before);
  const moved: string[] = [];
  for (const [tag, state] of streamTagStates(after)) {
    const pullSpec = triggeredPullSpec(state, tag);
    if (pullSpec === undefined) continue;
    const prior = old.get(tag);
    if (prior === undefined || triggeredPullSpec(prior, tag) !== pullSpec) moved.push(tag);
  }
  return moved;
}

/**
 * The pull spec a trigger writes for the tag's current event, or undefined when the tag has no
 * event or its reference does not parse. The state is handed to the resolver as a stream of one
 * tag, so the Local/Source rule is the resolver's and costs no search through other tags.
 */
export function triggeredPullSpec(state: StreamTagState, tag: string): string | undefined {
  if (state.event === undefined) return undefined;
  const stream: ImageStream = {
    metadata: { name: '' },
    spec: { tags: state.referencePolicyType === undefined ? [] : [{ name: tag, referencePolicy: { type: state.referencePolicyType } }] },
    status: state.dockerImageRepository === undefined ? {} : { dockerImageRepository: state.dockerImageRepository },
  };
  return pullSpecForTagEvent(stream, tag, state.event);
}

/**
 * What a trigger reads of an image stream tag, and the pull spec it writes. The pull spec comes
 * from the resolver's own rule (core `pullSpecForTagEvent`), so a triggered image and a resolved
 * short name never disagree: Source gives the event's `dockerImageReference` pinned to the
 * event's `image` digest; Local gives `<status.dockerImageRepository>@<image>`, falling back to
 * Source when the stream has no repository. Upstream writes a Source reference verbatim; the
 * import controller records digest references, so the two agree, and where an event carries a
 * tag reference this writes the digest form, which the webhook leaves alone.
 */
import { currentTagEvent, pullSpecForTagEvent } from '../core/image-stream.js';
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

/** The state of one tag of a whole ImageStream. */
export function streamTagState(stream: ImageStream, tag: string): StreamTagState {
  const specTag = stream.spec?.tags?.find((t) => t.name === tag);
  const statusTag = stream.status?.tags?.some((t) => t.tag === tag) ?? false;
  const event = currentTagEvent(stream, tag);
  const state: StreamTagState = { tagKnown: specTag !== undefined || statusTag };
  if (stream.status?.dockerImageRepository) state.dockerImageRepository = stream.status.dockerImageRepository;
  if (specTag?.referencePolicy?.type) state.referencePolicyType = specTag.referencePolicy.type;
  if (event !== undefined) state.event = event;
  return state;
}

/** A lookup over a list of whole ImageStreams, for tests and one-shot commands. */
export function streamTagLookupFrom(streams: readonly ImageStream[]): StreamTagLookup {
  const byKey = new Map(streams.map((s) => [`${s.metadata.namespace ?? ''}/${s.metadata.name}`, s]));
  return (namespace, stream, tag) => {
    const found = byKey.get(`${namespace}/${stream}`);
    return found === undefined ? undefined : streamTagState(found, tag);
  };
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

/**
 * Tags whose image comes from another tag: `ImageStreamTag` copies the source tag's
 * newest event, `ImageStreamImage` the event naming a digest. Sources in the same stream are read
 * from the status being built, so an alias sees its source's fresh import in the same write.
 */
import type { ImageStream, NamedTagEventList, TagEvent, TagReference } from '../core/types.js';
import type { ImportFailure, StreamLookup } from './types.js';

export interface SourceContext {
  stream: ImageStream;
  /** The status tags being built, by tag name. */
  current: ReadonlyMap<string, NamedTagEventList>;
  lookup: StreamLookup;
  /** Other namespaces whose streams this stream may use as sources (see `crossNamespaceSources`). */
  readableNamespaces: ReadonlySet<string>;
}

export type SourceOutcome = { event: TagEvent } | { failure: ImportFailure };

/** `{namespace, stream, tag}` of an ImageStreamTag source; `<tag>` alone means the tag's own stream. */
export function imageStreamTagSource(stream: ImageStream, tag: TagReference): { namespace: string; name: string; tag: string } {
  const from = tag.from?.name ?? '';
  const colon = from.lastIndexOf(':');
  const namespace = tag.from?.namespace || stream.metadata.namespace || '';
  if (colon < 0) return { namespace, name: stream.metadata.name, tag: from };
  return { namespace, name: from.slice(0, colon), tag: from.slice(colon + 1) };
}

/** An alias: an ImageStreamTag source in the same stream and namespace, whose every new event the tag receives. */
export function isSameStreamAlias(stream: ImageStream, tag: TagReference): boolean {
  if (tag.from?.kind !== 'ImageStreamTag') return false;
  const source = imageStreamTagSource(stream, tag);
  return source.name === stream.metadata.name && source.namespace === (stream.metadata.namespace ?? '') && source.tag !== tag.name;
}

/**
 * The namespaces other than the stream's own that its ImageStreamTag/ImageStreamImage sources
 * name: the controller asks, for each, whether this namespace may read streams there.
 */
export function crossNamespaceSources(stream: ImageStream): Set<string> {
  const own = stream.metadata.namespace ?? '';
  const namespaces = new Set<string>();
  for (const tag of stream.spec?.tags ?? []) {
    const kind = tag.from?.kind;
    const namespace = tag.from?.namespace;
    if ((kind === 'ImageStreamTag' || kind === 'ImageStreamImage') && namespace && namespace !== own) namespaces.add(namespace);
  }
  return namespaces;
}

function forbidden(context: SourceContext, namespace: string, name: string): ImportFailure {
  const own = context.stream.metadata.namespace ?? '';
  return {
    reason: 'Forbidden',
    message: `imagestreams.image.openshift.io "${name}" is forbidden: the service accounts of namespace "${own}" may not get imagestreams in the namespace "${namespace}"`,
  };
}

/** Whether the source lies in a namespace this stream may not read; checked before existence, so a refusal reveals nothing. */
function isForbidden(context: SourceContext, namespace: string): boolean {
  return namespace !== (context.stream.metadata.namespace ?? '') && !context.readableNamespaces.has(namespace);
}

function statusOf(context: SourceContext, namespace: string, name: string): ReadonlyMap<string, NamedTagEventList> | undefined {
  if (namespace === (context.stream.metadata.namespace ?? '') && name === context.stream.metadata.name) return context.current;
  const other = context.lookup(namespace, name);
  if (other === undefined) return undefined;
  return new Map((other.status?.tags ?? []).map((entry) => [entry.tag, entry]));
}

export function fromImageStreamTag(context: SourceContext, tag: TagReference, generation: number): SourceOutcome {
  const source = imageStreamTagSource(context.stream, tag);
  if (isForbidden(context, source.namespace)) return { failure: forbidden(context, source.namespace, source.name) };
  const newest = statusOf(context, source.namespace, source.name)?.get(source.tag)?.items?.[0];
  if (newest === undefined) {
    return { failure: { reason: 'NotFound', message: `imagestreamtag.image.openshift.io "${source.name}:${source.tag}" not found` } };
  }
  return { event: { ...newest, generation } };
}

export function fromImageStreamImage(context: SourceContext, tag: TagReference, generation: number, now: string): SourceOutcome {
  const from = tag.from?.name ?? '';
  const at = from.indexOf('@');
  const name = from.slice(0, at);
  const digest = from.slice(at + 1);
  const namespace = tag.from?.namespace || context.stream.metadata.namespace || '';
  if (isForbidden(context, namespace)) return { failure: forbidden(context, namespace, name) };
  for (const entry of statusOf(context, namespace, name)?.values() ?? []) {
    const match = (entry.items ?? []).find((event) => event.image === digest);
    if (match !== undefined) return { event: { created: now, dockerImageReference: match.dockerImageReference, image: digest, generation } };
  }
  return { failure: { reason: 'NotFound', message: `imagestreamimage.image.openshift.io "${from}" not found` } };
}

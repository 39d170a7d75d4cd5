/**
 * What `tag`'s SOURCE names, decided as oc does: an explicit `--source`, or else a registry host
 * means a container image (`DockerImage`), a digest means an image of a stream
 * (`ImageStreamImage`), a tag means a stream tag (`ImageStreamTag`), and anything else is a
 * container image. A stream tag is then resolved to the image it points at now, so the new tag is
 * permanent, unless `--alias` asks for a tag that follows its source.
 */
import { formatImageRef, ImageRefError, parseImageRef, type ImageRef } from '../core/image-ref.js';
import { goQuote } from '../cli/flags.js';
import { CommandError, usageHint } from './command-error.js';
import type { ShownImageStream } from './shown-stream.js';

export type SourceKind = 'DockerImage' | 'ImageStreamTag' | 'ImageStreamImage';

/** A classified SOURCE. */
export interface TagSource {
  kind: SourceKind;
  ref: Readonly<ImageRef>;
  /** SOURCE as the user typed it, for messages. */
  text: string;
}

/** `--source` values oc accepts (any case), and the plurals its resource lookup also knows. */
const SOURCE_KINDS: ReadonlyMap<string, SourceKind> = new Map([
  ['docker', 'DockerImage'], ['dockerimage', 'DockerImage'],
  ['istag', 'ImageStreamTag'], ['imagestreamtag', 'ImageStreamTag'], ['imagestreamtags', 'ImageStreamTag'],
  ['isimage', 'ImageStreamImage'], ['imagestreamimage', 'ImageStreamImage'], ['imagestreamimages', 'ImageStreamImage'],
]);
const LISTED_SOURCES = 'docker, dockerimage, imagestreamimage, imagestreamtag, isimage, istag';

/** Docker Hub's default namespace, which oc reads as "the current namespace" for stream sources. */
const DOCKER_DEFAULT_NAMESPACE = 'library';

/** The kind `--source=<value>` asks for. */
export function readSourceKind(value: string): SourceKind {
  const kind = SOURCE_KINDS.get(value.toLowerCase());
  if (kind === undefined) throw new CommandError(`invalid source ${goQuote(value)}; valid values are ${LISTED_SOURCES}`, usageHint('tag'));
  return kind;
}

/** `[registry/][namespace/]name[:tag]` or `…@digest`, with the digest winning over the tag (library-go's `Exact`). */
export function exactReference(ref: Readonly<ImageRef>): string {
  return formatImageRef({ ...ref, tag: ref.id === '' ? ref.tag : '' });
}

/** `name:tag` or `name@digest`: how a stream source is named in `from.name` (library-go's `NameString`). */
export function streamReferenceName(ref: Readonly<ImageRef>): string {
  return exactReference({ ...ref, registry: '', namespace: '' });
}

function parseSource(text: string): Readonly<ImageRef> {
  try {
    return parseImageRef(text);
  } catch (err) {
    if (err instanceof ImageRefError) throw new CommandError(`invalid SOURCE: ${err.message}`, undefined, { cause: err });
    throw err;
  }
}

function inferKind(ref: Readonly<ImageRef>): SourceKind {
  if (ref.registry !== '') return 'DockerImage';
  if (ref.id !== '') return 'ImageStreamImage';
  return ref.tag !== '' ? 'ImageStreamTag' : 'DockerImage';
}

/** SOURCE classified; `kind` is `--source` when given. `namespace` is the current one. */
export function classifySource(text: string, kind: SourceKind | undefined, namespace: string): TagSource {
  const ref = parseSource(text);
  if (kind === undefined || kind === 'DockerImage') return { kind: kind ?? inferKind(ref), ref, text };
  if (ref.registry !== '') throw new CommandError('server in SOURCE is only allowed when providing a container image');
  if (kind === 'ImageStreamTag' && ref.tag === '') throw new CommandError('--source=ImageStreamTag requires a valid <name>:<tag> in SOURCE');
  if (kind === 'ImageStreamImage' && ref.id === '') throw new CommandError('--source=ImageStreamImage requires a valid <name>@<id> in SOURCE');
  return { kind, ref: ref.namespace === DOCKER_DEFAULT_NAMESPACE ? { ...ref, namespace } : ref, text };
}

/** The stream a stream-tag source must be read from to resolve it, or undefined when nothing needs reading. */
export function sourceStreamName(source: TagSource, alias: boolean, namespace: string): { namespace: string; name: string } | undefined {
  if (source.kind !== 'ImageStreamTag' || alias) return undefined;
  return { namespace: source.ref.namespace === '' ? namespace : source.ref.namespace, name: source.ref.name };
}

/**
 * A stream-tag source pinned to the image its tag points at now (`stream@sha256:…`); a tag whose
 * newest event has no image (a `reference` tag) gives its pull spec as a container image instead.
 * `stream` is the source's stream as read, undefined when it does not exist.
 */
export function resolveSourceTag(source: TagSource, stream: ShownImageStream | undefined): TagSource {
  if (stream === undefined) throw new CommandError(`imagestreams.image.openshift.io ${goQuote(source.ref.name)} not found`);
  const tag = source.ref.tag === '' ? 'latest' : source.ref.tag;
  const event = stream.status?.tags?.find((entry) => entry.tag === tag)?.items?.[0];
  if (event === undefined) {
    throw new CommandError(`${goQuote(source.text)} is not currently pointing to an image, cannot use it as the source of a tag`);
  }
  if ((event.image ?? '') !== '') return { kind: 'ImageStreamImage', ref: { ...source.ref, tag: '', id: event.image ?? '' }, text: source.text };
  try {
    return { kind: 'DockerImage', ref: parseImageRef(event.dockerImageReference ?? ''), text: source.text };
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new CommandError(`the image stream tag ${goQuote(source.text)} has an invalid pull spec and cannot be used to tag: ${reason}`, undefined, { cause: err });
  }
}

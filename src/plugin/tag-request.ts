/**
 * `tag`'s arguments read into a request, with oc's checks and texts, before anything is read from
 * or written to the cluster: every destination is checked up front, so a bad one among several
 * leaves all of them untouched (oc writes the good ones before it reaches a bad one).
 */
import { goQuote } from '../cli/flags.js';
import { CommandError, usageHint } from './command-error.js';
import type { ShownImageStream } from './shown-stream.js';
import { classifySource, readSourceKind, resolveSourceTag, sourceStreamName, type SourceKind, type TagSource } from './tag-source.js';

/** `tag` as typed: positional arguments and flags, values not yet checked. */
export interface TagArguments {
  args: string[];
  /** `--source`. */
  sourceKind?: string;
  alias: boolean;
  reference: boolean;
  scheduled: boolean;
  insecure: boolean;
  delete: boolean;
  /** `--reference-policy`, `source` unless given. */
  referencePolicy: string;
  /** `--import-mode`. */
  importMode?: string;
}

/** One DEST: `[namespace/]stream:tag`. */
export interface TagDestination {
  namespace: string;
  stream: string;
  tag: string;
  /** `stream:tag` as typed (without the namespace), for messages. */
  nameAndTag: string;
}

export type ImportMode = 'Legacy' | 'PreserveOriginal';

export interface TagRequest {
  /** The current namespace (`-n`, else the context's). */
  namespace: string;
  /** Undefined when deleting. */
  source?: TagSource;
  destinations: TagDestination[];
  alias: boolean;
  reference: boolean;
  scheduled: boolean;
  insecure: boolean;
  referencePolicy: 'Source' | 'Local';
  /** Only when `--import-mode` was given: unset, the import controller's configured default applies. */
  importMode?: ImportMode;
}

/** The distribution spec's tag grammar, as oc checks it. */
const TAG_PATTERN = /^\w[\w.-]{0,127}$/;

function readDestination(text: string, namespace: string, deleting: boolean): TagDestination {
  const parts = text.split('/');
  if (parts.length > 2) throw new CommandError(`invalid image stream ${goQuote(text)}`);
  const [destNamespace, nameAndTag] = parts.length === 2 ? [parts[0] ?? '', parts[1] ?? ''] : [namespace, text];
  if (destNamespace === '') throw new CommandError(`invalid namespace ${goQuote(destNamespace)} for image stream ${goQuote(text)}`);
  if (nameAndTag === '') throw new CommandError(`invalid name ${goQuote(nameAndTag)} for image stream ${goQuote(text)}`);
  const colon = nameAndTag.indexOf(':');
  if (colon === -1) throw new CommandError(`${goQuote(nameAndTag)} must be of the form <stream_name>:<tag>`);
  const tag = nameAndTag.slice(colon + 1) || 'latest';
  // Existing tags may have names the grammar refuses, and must still be deletable.
  if (!deleting && !TAG_PATTERN.test(tag)) {
    throw new CommandError(
      `invalid tag ${goQuote(tag)} format, tags must start with an alphanumeric character followed by alphanumeric, '.' or '-' characters, and have a maximum of 128 characters`,
    );
  }
  return { namespace: destNamespace, stream: nameAndTag.slice(0, colon), tag, nameAndTag };
}

function readReferencePolicy(value: string): 'Source' | 'Local' {
  if (value === 'source') return 'Source';
  if (value === 'local') return 'Local';
  throw new CommandError("reference policy must be set to 'source' or 'local'");
}

/** `--import-mode`'s value (also `import-image`'s), with oc's text for anything else. */
export function readImportMode(value: string | undefined): ImportMode | undefined {
  if (value === undefined || value === '') return undefined;
  if (value === 'Legacy' || value === 'PreserveOriginal') return value;
  throw new CommandError('valid ImportMode values are Legacy or PreserveOriginal');
}

function checkDelete(a: TagArguments): void {
  if (a.sourceKind !== undefined && a.sourceKind !== '') throw new CommandError('cannot specify a source kind when deleting');
  if (a.scheduled || a.insecure) throw new CommandError('cannot set flags for importing images when deleting a tag');
  if (a.importMode !== undefined && a.importMode !== '') throw new CommandError('cannot specify an import mode when deleting');
}

/**
 * True when a destination is another stream than the source's. oc compares the destination's
 * namespace with the current one, not with the source's, and so lets `other/app:v1` be aliased
 * into the current `app`; here the source's own namespace counts, so an alias stays in one stream.
 */
function crossesStreams(source: TagSource, destinations: readonly TagDestination[], namespace: string): boolean {
  const sourceNamespace = source.ref.namespace === '' ? namespace : source.ref.namespace;
  return destinations.some((destination) => destination.namespace !== sourceNamespace || destination.stream !== source.ref.name);
}

/** The importing flags are for container images only; checked again once a stream tag is resolved. */
export function checkImportFlags(request: Pick<TagRequest, 'scheduled' | 'insecure'>, kind: SourceKind): void {
  if (kind !== 'DockerImage' && (request.scheduled || request.insecure)) throw new CommandError('only container images can have importing flags set');
}

function checkAlias(request: TagRequest, source: TagSource): void {
  if (request.scheduled || request.insecure) throw new CommandError('cannot set a container image tag as an alias and also set import flags');
  if (crossesStreams(source, request.destinations, request.namespace)) throw new CommandError('cannot set alias across different Image Streams');
}

/** `tag`'s arguments as a request, or the first of oc's errors for them. `namespace` is the current one. */
export function readTagRequest(a: TagArguments, namespace: string): TagRequest {
  if (a.args.length < 2 && (a.args.length < 1 || !a.delete)) {
    throw new CommandError('you must specify a source and at least one destination or one or more tags to delete', usageHint('tag'));
  }
  const kind = a.delete || a.sourceKind === undefined || a.sourceKind === '' ? undefined : readSourceKind(a.sourceKind);
  const source = a.delete ? undefined : classifySource(a.args[0] ?? '', kind, namespace);
  const destinations = (a.delete ? a.args : a.args.slice(1)).map((text) => readDestination(text, namespace, a.delete));
  if (a.delete && a.alias) throw new CommandError('--alias and --delete may not be both specified');
  const referencePolicy = readReferencePolicy(a.referencePolicy);
  if (a.delete) checkDelete(a);
  const request: TagRequest = {
    namespace, destinations, alias: a.alias, reference: a.reference, scheduled: a.scheduled, insecure: a.insecure, referencePolicy,
    ...(source === undefined ? {} : { source }),
  };
  // A stream tag that will be resolved may still turn out to be a container image.
  if (source !== undefined && (source.kind !== 'ImageStreamTag' || a.alias)) checkImportFlags(request, source.kind);
  if (source !== undefined && a.alias) checkAlias(request, source);
  const importMode = readImportMode(a.importMode);
  return importMode === undefined ? request : { ...request, importMode };
}

/** The stream to read before writing, when the source is a stream tag to resolve; undefined otherwise. */
export function sourceStreamToRead(request: TagRequest): { namespace: string; name: string } | undefined {
  return request.source === undefined ? undefined : sourceStreamName(request.source, request.alias, request.namespace);
}

/**
 * The source the destinations get: a stream tag resolved against `sourceStream` (read as
 * `sourceStreamToRead` says; undefined when it does not exist), else the source as given. The
 * importing flags are checked again for what the tag resolved to.
 */
export function settleSource(request: TagRequest, sourceStream: ShownImageStream | undefined): TagSource {
  if (request.source === undefined) throw new CommandError('a source is required');
  if (sourceStreamToRead(request) === undefined) return request.source;
  const source = resolveSourceTag(request.source, sourceStream);
  checkImportFlags(request, source.kind);
  return source;
}

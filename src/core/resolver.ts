import { formatImageRef, formatRepository, isLocalName, parseImageRef, type ImageRef } from './image-ref.js';
import { currentTagEvent, pullSpecForTagEvent, streamRepository } from './image-stream.js';
import type { Awaitable, ImageStream, Lookups, UserInfo } from './types.js';

/** Why a reference that looked resolvable was not (D14); only these get an admission warning. */
export type MissReason = 'LookupPolicyNotLocal' | 'TagNotResolvable';

/**
 * Set when a name resolved to the stream's own repository because its tag has no image (the
 * pending-tag fallback): the result pulls nothing until the tag is imported or pushed, so the
 * admission answer says so.
 */
export interface PendingTagFallback {
  stream: ImageStream;
  tag: string;
}

export type Resolution =
  | { resolved: true; pullSpec: string; localRewrite: boolean; fallback?: PendingTagFallback }
  | { resolved: false; detail: string; miss?: { reason: MissReason; stream: ImageStream; tag: string } };

/** What one request's references are resolved against. */
export interface ResolveContext {
  namespace: string;
  /** The resolve-names annotation is `*`: every name without a digest is looked up as a local name. */
  forced: boolean;
  internalRegistryHostname: string;
  /** Required modes: digests must be known (D2). */
  checkDigests: boolean;
  user: UserInfo;
  lookups: Lookups;
}

const failed = (detail: string): Resolution => ({ resolved: false, detail });
const resolved = (pullSpec: string, localRewrite: boolean): Resolution => ({ resolved: true, pullSpec, localRewrite });

/** The refusal when a stream does not allow local names, verbatim from upstream so users can search for it. */
export const NOT_LOCAL_DETAIL =
  'ImageStreamTag does not allow local references and the resource did not request image stream resolution';

/** `next(value)`, after `value` when it is a promise; at once otherwise. */
export function andThen<T, R>(value: Awaitable<T>, next: (value: T) => Awaitable<R>): Awaitable<R> {
  return value instanceof Promise ? value.then(next) : next(value);
}

/**
 * Resolves one image string: a digest, an integrated-registry reference or a local name (D2–D4).
 * Never throws for bad input: a parse error or a missing stream is a failed Resolution carrying
 * the upstream-shaped detail. Synchronous when every lookup it makes is answered from memory (the
 * usual case); a promise otherwise.
 */
export function resolveImage(image: string, ctx: ResolveContext): Awaitable<Resolution> {
  let ref: ImageRef;
  try {
    ref = parseImageRef(image);
  } catch (err) {
    return failed(err instanceof Error ? err.message : String(err));
  }
  if (ref.id !== '') return resolveDigest(image, ref.id, ctx);
  const integrated = ctx.internalRegistryHostname !== '' && ref.registry === ctx.internalRegistryHostname;
  const partial = ctx.forced ? ref.name !== '' : isLocalName(ref);
  if (!partial && !integrated) {
    const unresolved = failed(`(${formatImageRef(ref)}) could not be resolved to an exact image reference`);
    return ctx.checkDigests ? andThen(resolveOwnRepository(image, ref, ctx), (own) => own ?? unresolved) : unresolved;
  }
  const namespace = ref.namespace === '' || ctx.forced ? ctx.namespace : ref.namespace;
  const lookUp = (): Awaitable<Resolution> => andThen(ctx.lookups.getImageStream(namespace, ref.name), (stream) => {
    if (!stream) return failed(`imagestreams.image.openshift.io "${ref.name}" not found`);
    const target = { ...ref, namespace, tag: ref.tag === '' ? 'latest' : ref.tag };
    return partial ? resolveLocal(stream, target, ctx.forced) : resolveIntegrated(image, stream, target);
  });
  if (namespace === ctx.namespace) return lookUp();
  return andThen(ctx.lookups.canGetImageStreams(ctx.user, namespace), (allowed) =>
    allowed ? lookUp() : failed(`user "${ctx.user.username}" cannot get imagestreams.image.openshift.io in the namespace "${namespace}"`));
}

/** Digests are never rewritten; in Required modes they must be listed by some stream (D2). */
function resolveDigest(image: string, digest: string, ctx: ResolveContext): Awaitable<Resolution> {
  if (!ctx.checkDigests) return resolved(image, false);
  return andThen(ctx.lookups.isDigestKnown(digest), (known) => known ? resolved(image, false) : failed(`images.image.openshift.io "${digest}" not found`));
}

/**
 * A local (or forced) name, looked up in the request namespace. It resolves when the stream allows
 * local names (`lookupPolicy.local`) or resolution is forced; a tag without an image then falls back
 * to the stream's own repository and the tag, when the stream has one.
 */
function resolveLocal(stream: ImageStream, ref: ImageRef, forced: boolean): Resolution {
  const lookupLocal = stream.spec?.lookupPolicy?.local === true;
  const event = currentTagEvent(stream, ref.tag);
  if (!event) {
    const repository = streamRepository(stream);
    if ((forced || lookupLocal) && repository) {
      return { resolved: true, pullSpec: formatImageRef({ ...repository, tag: ref.tag, id: '' }), localRewrite: true, fallback: { stream, tag: ref.tag } };
    }
    return {
      resolved: false,
      detail: tagNotFound(ref),
      miss: { reason: lookupLocal || forced ? 'TagNotResolvable' : 'LookupPolicyNotLocal', stream, tag: ref.tag },
    };
  }
  if (!forced && !lookupLocal) {
    return { resolved: false, detail: NOT_LOCAL_DETAIL, miss: { reason: 'LookupPolicyNotLocal', stream, tag: ref.tag } };
  }
  const pullSpec = pullSpecForTagEvent(stream, ref.tag, event);
  if (pullSpec === undefined) return { resolved: false, detail: tagNotFound(ref), miss: { reason: 'TagNotResolvable', stream, tag: ref.tag } };
  return resolved(pullSpec, true);
}

/**
 * An integrated-registry reference `REG/ns/name:tag` (its registry is exactly `internalRegistryHostname`),
 * resolved in namespace `ns` without a lookupPolicy check.
 * A missing tag is accepted unchanged when the reference is the stream's own repository, the
 * tag-missing fallback of an earlier pass, so reinvocation and re-validation stay idempotent.
 */
function resolveIntegrated(image: string, stream: ImageStream, ref: ImageRef): Resolution {
  const event = currentTagEvent(stream, ref.tag);
  if (!event) {
    const repository = streamRepository(stream);
    if (repository && formatRepository(repository) === formatRepository(ref)) return resolved(image, false);
    return failed(tagNotFound(ref));
  }
  const pullSpec = pullSpecForTagEvent(stream, ref.tag, event);
  return pullSpec === undefined ? failed(tagNotFound(ref)) : resolved(pullSpec, false);
}

/**
 * Idempotence without a matching `internalRegistryHostname` (the chart's default is none): a reference to
 * the own repository (`status.dockerImageRepository`) of the request namespace's stream of that
 * name is the tag-missing fallback of an earlier pass, so it is resolved like an integrated reference and
 * a second `/mutate` or `/validate` accepts it. Asked only in Required modes, the only ones that
 * would otherwise reject it, so ordinary registry images cost no extra lookup elsewhere.
 */
function resolveOwnRepository(image: string, ref: ImageRef, ctx: ResolveContext): Awaitable<Resolution | undefined> {
  if (ref.registry === '' || ref.tag === '') return undefined;
  return andThen(ctx.lookups.getImageStream(ctx.namespace, ref.name), (stream) => {
    const repository = stream === undefined ? undefined : streamRepository(stream);
    if (stream === undefined || repository === undefined || formatRepository(repository) !== formatRepository(ref)) return undefined;
    return resolveIntegrated(image, stream, ref);
  });
}

function tagNotFound(ref: ImageRef): string {
  return `imagestreamtags.image.openshift.io "${ref.name}:${ref.tag}" not found`;
}

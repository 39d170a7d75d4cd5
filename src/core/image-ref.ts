/**
 * Image reference parsing with the semantics of OpenShift's library-go `reference.Parse`:
 * the non-normalising distribution grammar, so `ruby` stays `ruby` (no `docker.io/library`), and a
 * split into registry, namespace and name that decides whether a reference is a local name.
 */
import { WebhookError } from '../errors.js';
import { boundedMemo } from './memo.js';

/** Thrown when an image string is not a valid reference; `message` is the upstream parser's text (Required modes quote it). */
export class ImageRefError extends WebhookError {
  override name = 'ImageRefError';
  constructor(
    readonly image: string,
    message: string,
  ) {
    super(message);
  }
}

export interface ImageRef {
  registry: string;
  namespace: string;
  name: string;
  tag: string;
  /** The digest (`sha256:…`), when the reference is pinned. */
  id: string;
}

/*
 * The distribution grammar, written so that every string has at most one way to match: V8's
 * backtracking engine then runs in time linear in the input (upstream runs the same grammar on
 * Go's linear-time engine). Each piece accepts exactly the language of its upstream original:
 * `[a-zA-Z0-9]+(?:-+[a-zA-Z0-9]+)*` is `[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]`, and the
 * path separator `-+` replaces `[-]*`, whose empty match made `[a-z0-9]+(?:[a-z0-9]+)*` ambiguous
 * and cost exponential time on a near-miss such as `aaaaaaaaaaaaaaaa!`. A registry host is a DNS
 * name or, as in current distribution, an IPv6 literal in brackets (`[::1]:5000/acme/app`); the
 * two start with different characters, so the choice between them never backtracks. A
 * differential test against the upstream form (test/core/image-ref-grammar.test.ts) keeps the
 * languages equal.
 */
const DOMAIN_COMPONENT = '[a-zA-Z0-9]+(?:-+[a-zA-Z0-9]+)*';
const DOMAIN_NAME = `${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*`;
const IPV6_LITERAL = '\\[[a-fA-F0-9:]+\\]';
const DOMAIN = `(?:${DOMAIN_NAME}|${IPV6_LITERAL})(?::[0-9]+)?`;
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const NAME = `(?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*`;
const TAG = '\\w[\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
/** The distribution reference grammar: name, optional `:tag`, optional `@digest`. */
export const REFERENCE_PATTERN = new RegExp(`^(${NAME})(?::(${TAG}))?(?:@(${DIGEST}))?$`);

/** Maximum length of a repository name (distribution's NameTotalLengthMax). */
const NAME_TOTAL_LENGTH_MAX = 255;
const DIGEST_HEX_LENGTHS: ReadonlyMap<string, number> = new Map([['sha256', 64], ['sha384', 96], ['sha512', 128]]);
/**
 * The longest string the parser can accept: a 255-character name, `:` and a 128-character tag,
 * `@sha512:` and 128 hex digits. Longer input is refused before the grammar runs, so an image
 * string of megabytes costs a length check rather than a pass of the pattern (twice, for the
 * lowercase hint) per container.
 */
export const REFERENCE_LENGTH_MAX = NAME_TOTAL_LENGTH_MAX + 1 + 128 + 1 + 'sha512:'.length + 128;

/** Splits a valid reference string into its name, tag and digest, or throws ImageRefError. */
export function splitReference(image: string): { name: string; tag: string; digest: string } {
  if (image.length > REFERENCE_LENGTH_MAX) throw new ImageRefError(image, 'invalid reference format');
  const match = REFERENCE_PATTERN.exec(image);
  if (!match) {
    if (image === '') throw new ImageRefError(image, 'repository name must have at least one component');
    if (REFERENCE_PATTERN.test(image.toLowerCase())) {
      throw new ImageRefError(image, 'repository name must be lowercase');
    }
    throw new ImageRefError(image, 'invalid reference format');
  }
  const [, name = '', tag = '', digest = ''] = match;
  if (name.length > NAME_TOTAL_LENGTH_MAX) {
    throw new ImageRefError(image, `repository name must not be more than ${NAME_TOTAL_LENGTH_MAX} characters`);
  }
  if (digest !== '') validateDigest(image, digest);
  return { name, tag, digest };
}

function validateDigest(image: string, digest: string): void {
  const [algorithm = '', hex = ''] = digest.split(':');
  const length = DIGEST_HEX_LENGTHS.get(algorithm);
  if (length === undefined) throw new ImageRefError(image, 'unsupported digest algorithm');
  if (hex.length !== length) throw new ImageRefError(image, 'invalid checksum digest length');
  if (hex !== hex.toLowerCase()) throw new ImageRefError(image, 'invalid checksum digest format');
}

/** A parsed reference, or the parser's message for a string that is not one. */
type Parsed = Readonly<ImageRef> | { error: string };

/**
 * Parses per distinct string: reviews name the same images over and over, and the stream store
 * hands out the same references on every lookup. Strings over the length limit are refused before
 * the memo, so it holds at most 2 × 2,048 strings of at most REFERENCE_LENGTH_MAX characters.
 */
const parseMemo = boundedMemo<Parsed>(2048, (image) => {
  try {
    return Object.freeze(parse(image));
  } catch (err) {
    return { error: (err as ImageRefError).message };
  }
});

/**
 * Parses an image string as library-go does. The first path component is a registry iff it
 * contains `.` or `:` or is `localhost`; a string with no `/` whose name contains `.` or starts with `localhost`
 * is registry-only. Of what remains, the first of two or more components is the namespace. The
 * result is shared between callers and frozen: copy it (`{ ...ref }`) to change a part.
 * @throws ImageRefError when the string is not a valid reference.
 */
export function parseImageRef(image: string): Readonly<ImageRef> {
  if (image.length > REFERENCE_LENGTH_MAX) return parse(image);
  const parsed = parseMemo(image);
  if ('error' in parsed) throw new ImageRefError(image, parsed.error);
  return parsed;
}

function parse(image: string): ImageRef {
  const { name, tag, digest } = splitReference(image);
  const ref: ImageRef = { registry: '', namespace: '', name: '', tag, id: digest };
  const slash = name.indexOf('/');
  if (slash === -1) {
    if (name.includes('.') || name.startsWith('localhost')) ref.registry = name;
    else ref.name = name;
    return ref;
  }
  const first = name.slice(0, slash);
  let rest = name;
  if (first.includes('.') || first.includes(':') || first === 'localhost') {
    ref.registry = first;
    rest = name.slice(slash + 1);
  }
  const nsSlash = rest.indexOf('/');
  if (nsSlash === -1) {
    ref.name = rest;
  } else {
    ref.namespace = rest.slice(0, nsSlash);
    ref.name = rest.slice(nsSlash + 1);
  }
  return ref;
}

/** The repository part, `[registry/][namespace/]name`, as library-go renders it. */
export function formatRepository(ref: Readonly<ImageRef>): string {
  let out = ref.registry;
  if (ref.namespace !== '') out = out === '' ? ref.namespace : `${out}/${ref.namespace}`;
  if (ref.name !== '') out = out === '' ? ref.name : `${out}/${ref.name}`;
  return out;
}

/** The whole reference, `[registry/][namespace/]name[:tag][@id]` (library-go `Exact`). */
export function formatImageRef(ref: Readonly<ImageRef>): string {
  let out = formatRepository(ref);
  if (ref.tag !== '') out += `:${ref.tag}`;
  if (ref.id !== '') out += `@${ref.id}`;
  return out;
}

/** A local name is a reference with only a name (and maybe a tag): no registry, namespace or digest. */
export function isLocalName(ref: Readonly<ImageRef>): boolean {
  return ref.id === '' && ref.registry === '' && ref.namespace === '' && ref.name !== '';
}

import { formatRepository, parseImageRef, type ImageRef } from './image-ref.js';
import type { ImageStream, NamedTagEventList, TagEvent, TagEventCondition } from './types.js';

/**
 * The current event of one status tag (D1): its first item, when that names an image. Older
 * items are history and never used.
 */
export function currentEventOf(list: NamedTagEventList): TagEvent | undefined {
  const event = list.items?.[0];
  return event?.image ? event : undefined;
}

/** The tag's current event, when the tag "exists" (D1); the first status entry of that name counts. */
export function currentTagEvent(stream: ImageStream, tag: string): TagEvent | undefined {
  const lists = stream.status?.tags ?? [];
  for (let i = 0; i < lists.length; i += 1) {
    const list = lists[i];
    if (list?.tag === tag) return currentEventOf(list);
  }
  return undefined;
}

/** Parses a reference the stream itself wrote, or undefined when it is not parseable. */
function tryParse(image: string | undefined): Readonly<ImageRef> | undefined {
  if (!image) return undefined;
  try {
    return parseImageRef(image);
  } catch {
    return undefined;
  }
}

/**
 * The exact pull spec for a tag event: the event's source location, or the stream's own
 * repository when the spec tag asks for `referencePolicy: Local`, the stream has one and the image
 * is held there (D20); the tag is dropped and the event's image digest pinned. Undefined when the
 * source does not parse.
 */
export function pullSpecForTagEvent(stream: ImageStream, tag: string, event: TagEvent): string | undefined {
  const specTag = stream.spec?.tags?.find((entry) => entry.name === tag);
  const repository = stream.status?.dockerImageRepository;
  const image = event.image ?? '';
  let source = event.dockerImageReference;
  if (specTag?.referencePolicy?.type === 'Local' && repository && image && heldInRepository(repository, source)) {
    source = `${repository}@${image}`;
  }
  const ref = tryParse(source);
  if (!ref) return undefined;
  const pinned = formatRepository(ref);
  return image === '' ? pinned : `${pinned}@${image}`;
}

/**
 * Whether the event's image lives in the stream's own repository (D20): only an image pushed to the
 * integrated registry is recorded there. The registry does not pull through from other registries,
 * so an imported image named by the stream's repository would answer 404; such a Local tag
 * resolves as Source. Both sides are compared parsed, so a tag or digest on the event's reference
 * does not matter.
 */
function heldInRepository(repository: string, source: string | undefined): boolean {
  const own = tryParse(repository);
  const event = tryParse(source);
  return own !== undefined && event !== undefined && formatRepository(own) === formatRepository(event);
}

/**
 * The reference of the stream's own repository (`status.dockerImageRepository`), when set and
 * parseable: the fallback for a tag without an image (D9).
 */
export function streamRepository(stream: ImageStream): Readonly<ImageRef> | undefined {
  return tryParse(stream.status?.dockerImageRepository);
}

/**
 * The longest part of an import condition's message the webhook keeps and repeats in a warning:
 * registry messages name the reference and the cause in far fewer characters, and every cached
 * stream may hold one per failing tag.
 */
export const IMPORT_MESSAGE_MAX = 200;
/** Reasons are one CamelCase word (`Unauthorized`); a longer one from another status writer is cut. */
const IMPORT_REASON_MAX = 64;

/**
 * The tag's failed import, as the webhook keeps it: the `ImportSuccess` condition when its status is
 * `False`, with only its reason and a message cut to IMPORT_MESSAGE_MAX characters. A successful
 * import removes the condition, so anything else means there is nothing to report.
 */
export function failedImport(list: NamedTagEventList): TagEventCondition | undefined {
  const condition = (list.conditions ?? []).find((entry) => entry.type === 'ImportSuccess' && entry.status === 'False');
  if (condition === undefined) return undefined;
  const kept: TagEventCondition = { type: 'ImportSuccess', status: 'False' };
  if (typeof condition.reason === 'string') kept.reason = cut(condition.reason, IMPORT_REASON_MAX);
  if (typeof condition.message === 'string') kept.message = cut(condition.message, IMPORT_MESSAGE_MAX);
  return kept;
}

/** At most `max` characters, `…` marking a cut; cutting a cut value changes nothing. */
function cut(value: string, max: number): string {
  return value.length <= max ? value : `${value.slice(0, max - 1)}…`;
}

/** The failed import of `tag` in the stream's status, if its last import failed. */
export function failedImportOf(stream: ImageStream, tag: string): TagEventCondition | undefined {
  const list = (stream.status?.tags ?? []).find((entry) => entry.tag === tag);
  return list === undefined ? undefined : failedImport(list);
}

import { REFERENCE_LENGTH_MAX, splitReference } from './image-ref.js';

export type PullPolicy = 'Always' | 'IfNotPresent' | 'Never';

const DEFAULT_DOMAIN = 'docker.io';
const IDENTIFIER = /^[a-f0-9]{64}$/;

/**
 * The tag Kubernetes' defaulting sees for `image` (distribution `ParseNormalizedNamed`, then
 * `latest` when there is neither tag nor digest), or undefined when the image does not parse.
 * Unlike `parseImageRef`, this parser normalises: `ruby` means `docker.io/library/ruby`. Normalising
 * only lengthens a string, so one longer than any valid reference is refused before any work.
 */
export function normalizedTag(image: string): string | undefined {
  if (image.length > REFERENCE_LENGTH_MAX || IDENTIFIER.test(image)) return undefined;
  const slash = image.indexOf('/');
  const first = slash === -1 ? '' : image.slice(0, slash);
  const defaulted =
    slash === -1 || (!/[.:]/.test(first) && first !== 'localhost' && first.toLowerCase() === first);
  const domain = defaulted ? DEFAULT_DOMAIN : first;
  let remainder = defaulted ? image : image.slice(slash + 1);
  const repository = remainder.includes(':') ? remainder.slice(0, remainder.indexOf(':')) : remainder;
  if (repository.toLowerCase() !== repository) return undefined;
  if ((domain === DEFAULT_DOMAIN || domain === 'index.docker.io') && !remainder.includes('/')) {
    remainder = `library/${remainder}`;
  }
  try {
    const { tag, digest } = splitReference(`${domain}/${remainder}`);
    return tag === '' && digest === '' ? 'latest' : tag;
  } catch {
    return undefined;
  }
}

/**
 * The imagePullPolicy the API server gives a container (or image volume) that has none:
 * `Always` iff the image's tag is exactly `latest` (explicit, or implied by a bare name), else
 * `IfNotPresent`; an unparseable image gets `IfNotPresent`. Always derive it from the image as
 * the user wrote it, never from a resolved digest: the API server defaults before admission.
 */
export function defaultPullPolicy(image: string): PullPolicy {
  return normalizedTag(image) === 'latest' ? 'Always' : 'IfNotPresent';
}

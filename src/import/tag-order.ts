/**
 * Which repository tags `spec.dockerImageRepository` imports: at most N, newest-looking first.
 * OpenShift orders them semver-like descending; this is our own ordering with the same intent:
 * `latest` first, then tags that look like versions (`v1.2.3`, `2.5-alpine`) by their numbers,
 * highest first, then every other tag in reverse lexical order (date-stamped tags come out newest
 * first). Linear per tag; no regular expressions over registry-supplied text.
 */

interface TagKey {
  tag: string;
  rank: number;
  numbers: number[];
  suffix: string;
}

function isDigit(char: string): boolean {
  return char >= '0' && char <= '9';
}

/** Leading `v`, then dot-separated numbers; whatever follows is the suffix (`-alpine`). */
function versionKey(tag: string): TagKey {
  if (tag === 'latest') return { tag, rank: 0, numbers: [], suffix: '' };
  let index = tag.startsWith('v') || tag.startsWith('V') ? 1 : 0;
  const numbers: number[] = [];
  while (index < tag.length && isDigit(tag.charAt(index)) && numbers.length < 8) {
    let end = index;
    while (end < tag.length && isDigit(tag.charAt(end)) && end - index < 15) end += 1;
    numbers.push(Number(tag.slice(index, end)));
    index = end;
    if (tag.charAt(index) !== '.' || !isDigit(tag.charAt(index + 1))) break;
    index += 1;
  }
  if (numbers.length === 0) return { tag, rank: 2, numbers, suffix: tag };
  return { tag, rank: 1, numbers, suffix: tag.slice(index) };
}

function compareKeys(a: TagKey, b: TagKey): number {
  if (a.rank !== b.rank) return a.rank - b.rank;
  const length = Math.max(a.numbers.length, b.numbers.length);
  for (let i = 0; i < length; i += 1) {
    const difference = (b.numbers[i] ?? -1) - (a.numbers[i] ?? -1);
    if (difference !== 0) return difference;
  }
  // A plain release (`1.2`) before its variants (`1.2-alpine`), then variants in reverse lexical order.
  if (a.suffix === '' || b.suffix === '') return a.suffix === '' ? (b.suffix === '' ? 0 : -1) : 1;
  return a.suffix < b.suffix ? 1 : a.suffix > b.suffix ? -1 : 0;
}

/** The first `limit` distinct tags, newest-looking first. */
export function newestTags(tags: readonly string[], limit: number): string[] {
  const keys = [...new Set(tags)].map(versionKey);
  keys.sort(compareKeys);
  return keys.slice(0, Math.max(0, limit)).map((key) => key.tag);
}

import type { ImageStream } from '../core/types.js';
import { parseDocuments } from './documents.js';
import { validateImageStream } from './image-stream-shape.js';
import { checkMappingList, describeValue, isMapping, problemAt } from './shape.js';

/** One valid stream of a file, as the caller's `project` made it, with its key and document. */
export interface Found<T> {
  value: T;
  key: string;
  where: string;
}

export const keyOf = (stream: ImageStream): string => `${stream.metadata.namespace ?? ''}/${stream.metadata.name}`;

/**
 * Checks `items` elements as they arrive, both as a `List` (apiVersion/kind required) and as an
 * `ImageStreamList` (not required) would, since `oc` prints the wrapper's kind after its items.
 */
export class ListItems<T> {
  readonly items: { value: T; key: string; strictOk: boolean }[] = [];
  private readonly shape: string[] = [];
  private readonly loose: string[] = [];
  private readonly strict: string[] = [];

  constructor(private readonly project: (stream: ImageStream) => T) {}

  add(item: unknown, index: number): void {
    const path = `items[${index}]`;
    if (!isMapping(item)) {
      this.shape.push(problemAt(path, `must be a mapping (got ${describeValue(item)})`));
      return;
    }
    const looseBefore = this.loose.length;
    const stream = validateImageStream(item, path, this.loose, false);
    let strictOk = stream !== undefined;
    if (item.apiVersion != null && item.kind != null) this.strict.push(...this.loose.slice(looseBefore));
    else {
      const strictBefore = this.strict.length;
      validateImageStream(item, path, this.strict, true);
      strictOk = this.strict.length === strictBefore;
    }
    if (stream !== undefined) this.items.push({ value: this.project(stream), key: keyOf(stream), strictOk });
  }

  /** The valid items and every problem, for a wrapper that requires item types or not. */
  result(typeRequired: boolean, where: string): { found: Found<T>[]; problems: string[] } {
    const kept = typeRequired ? this.items.filter((item) => item.strictOk) : this.items;
    return {
      found: kept.map(({ value, key }) => ({ value, key, where })),
      problems: [...this.shape, ...(typeRequired ? this.strict : this.loose)].map((problem) => `${where}: ${problem}`),
    };
  }
}

/** The streams of one parsed document (an ImageStream, a List or an ImageStreamList), collecting every problem. */
export function streamsOfDocument(value: unknown, problems: string[]): ImageStream[] {
  if (!isMapping(value)) {
    problems.push(problemAt('', `must be a mapping (got ${describeValue(value)})`));
    return [];
  }
  if (value.kind === 'List' || value.kind === 'ImageStreamList') {
    const typeRequired = value.kind === 'List';
    return checkMappingList(value, 'items', '', problems).flatMap(
      ({ item, path }) => validateImageStream(item, path, problems, typeRequired) ?? [],
    );
  }
  if (typeof value.kind === 'string' && value.kind !== 'ImageStream') {
    problems.push(problemAt('kind', `must be ImageStream, ImageStreamList or List (got ${describeValue(value.kind)})`));
    return [];
  }
  return [validateImageStream(value, '', problems, true)].flatMap((stream) => stream ?? []);
}

/**
 * The streams of one whole file's text, each with the document it came from, plus every problem:
 * the reference the streamed readers (JSON chunks, YAML pieces) are tested against.
 */
export function readImageStreams(text: string): { found: { stream: ImageStream; where: string }[]; problems: string[] } {
  const { documents, problems } = parseDocuments(text);
  const found: { stream: ImageStream; where: string }[] = [];
  for (const { index, value } of documents) {
    const where = `document ${index}`;
    const local: string[] = [];
    for (const stream of streamsOfDocument(value, local)) found.push({ stream, where });
    problems.push(...local.map((problem) => `${where}: ${problem}`));
  }
  return { found, problems };
}

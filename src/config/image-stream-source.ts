import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { InputError } from '../errors.js';
import type { ImageStream } from '../core/types.js';
import { parseDocuments } from './documents.js';
import { streamJsonObject } from './json-object-stream.js';
import { describeFileError } from './files.js';
import { validateImageStream } from './image-stream-shape.js';
import { checkMappingList, describeValue, isMapping, problemAt } from './shape.js';

/** Files a directory source reads; anything else in the directory (README, .bak) is ignored. */
export const IMAGE_STREAM_FILE_EXTENSIONS: readonly string[] = ['.yaml', '.yml', '.json'];

/** One valid stream of a file, as the caller's `project` made it, with its key and document. */
interface Found<T> {
  value: T;
  key: string;
  where: string;
}

/**
 * Loads ImageStreams from a YAML/JSON file or from every `.yaml`/`.yml`/`.json` file of a
 * directory (not recursive, in name order). Files may hold several documents, `kind: ImageStream`
 * objects and `List`/`ImageStreamList` wrappers, as `oc get is -o yaml` prints them.
 * Throws an `InputError` for the first file with problems, listing all of that file's problems as
 * `document N: <key path>: <problem>`; a stream defined twice (same namespace and name) is one.
 * `project` maps each valid stream as it is read, so a caller that keeps only a few fields (the
 * webhook's compact store) never holds more than one stream's full object: a JSON object file is
 * read in chunks and its `items` parsed one by one (json-object-stream.ts); YAML is parsed per file.
 */
export async function loadImageStreams<T = ImageStream>(
  path: string,
  project: (stream: ImageStream) => T = (stream) => stream as T,
): Promise<T[]> {
  const files = await listFiles(path);
  const streams: T[] = [];
  const seen = new Map<string, string>();
  for (const file of files) {
    const { found, problems } = await readFileStreams(file, project);
    for (const { key, where } of found) {
      const first = seen.get(key);
      if (first === undefined) seen.set(key, `${file}, ${where}`);
      else problems.push(`${where}: ImageStream ${key.replace(/^\//, '')} is already defined in ${first}`);
    }
    if (problems.length > 0) throw new InputError(file, problems);
    for (const { value } of found) streams.push(value);
  }
  return streams;
}

const keyOf = (stream: ImageStream): string => `${stream.metadata.namespace ?? ''}/${stream.metadata.name}`;

async function readFileStreams<T>(file: string, project: (stream: ImageStream) => T): Promise<{ found: Found<T>[]; problems: string[] }> {
  const streamed = await readStreamedList(file, project);
  if (streamed !== undefined) return streamed;
  const { found, problems } = readImageStreams(await readText(file));
  return { found: found.map(({ stream, where }) => ({ value: project(stream), key: keyOf(stream), where })), problems };
}

/**
 * Checks `items` elements as they arrive, both as a `List` (apiVersion/kind required) and as an
 * `ImageStreamList` (not required) would, since `oc` prints the wrapper's kind after its items.
 */
class ListItems<T> {
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

/**
 * A JSON object file read in chunks: items of a `List`/`ImageStreamList` are checked and projected
 * as they arrive (ListItems). Undefined when the file is not one JSON object (the whole-file path
 * then parses it, with line and column for errors).
 */
async function readStreamedList<T>(file: string, project: (stream: ImageStream) => T): Promise<{ found: Found<T>[]; problems: string[] } | undefined> {
  const where = 'document 1';
  const items = new ListItems(project);
  let streamed;
  try {
    streamed = await streamJsonObject(file, (item, index) => items.add(item, index));
  } catch (err) {
    throw new InputError(file, [describeFileError(err)], { cause: err });
  }
  if (streamed === undefined) return undefined;
  const { members, itemsStreamed } = streamed;
  const kind = members.kind;
  if (itemsStreamed && (kind === 'List' || kind === 'ImageStreamList')) return items.result(kind === 'List', where);
  const problems: string[] = [];
  const found = streamsOfDocument(members, problems).map((stream) => ({ value: project(stream), key: keyOf(stream), where }));
  return { found, problems: problems.map((problem) => `${where}: ${problem}`) };
}

/** The streams of one file's text, each with the document it came from, plus every problem. */
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

function streamsOfDocument(value: unknown, problems: string[]): ImageStream[] {
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

async function listFiles(path: string): Promise<string[]> {
  let isDirectory: boolean;
  try {
    isDirectory = (await stat(path)).isDirectory();
  } catch (err) {
    throw new InputError(path, [describeFileError(err)], { cause: err });
  }
  if (!isDirectory) return [path];
  let names: string[];
  try {
    names = await readdir(path);
  } catch (err) {
    throw new InputError(path, [describeFileError(err)], { cause: err });
  }
  const files = names.filter((name) => IMAGE_STREAM_FILE_EXTENSIONS.includes(extname(name))).sort();
  if (files.length === 0) {
    throw new InputError(path, [`directory has no ${IMAGE_STREAM_FILE_EXTENSIONS.join(', ')} files`]);
  }
  return files.map((name) => join(path, name));
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    throw new InputError(file, [describeFileError(err)], { cause: err });
  }
}

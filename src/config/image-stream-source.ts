import { readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { InputError } from '../errors.js';
import type { ImageStream } from '../core/types.js';
import { streamJsonObject } from './json-object-stream.js';
import { describeFileError } from './files.js';
import { keyOf, ListItems, streamsOfDocument, type Found } from './image-stream-documents.js';
import { streamYamlLists } from './yaml-list-stream.js';

export { readImageStreams } from './image-stream-documents.js';

/** Files a directory source reads; anything else in the directory (README, .bak) is ignored. */
export const IMAGE_STREAM_FILE_EXTENSIONS: readonly string[] = ['.yaml', '.yml', '.json'];

/**
 * Loads ImageStreams from a YAML/JSON file or from every `.yaml`/`.yml`/`.json` file of a
 * directory (not recursive, in name order). Files may hold several documents, `kind: ImageStream`
 * objects and `List`/`ImageStreamList` wrappers, as `oc get is -o yaml` prints them.
 * Throws an `InputError` for the first file with problems, listing all of that file's problems as
 * `document N: <key path>: <problem>`; a stream defined twice (same namespace and name) is one.
 * `project` maps each valid stream as it is read, so a caller that keeps only a few fields (the
 * webhook's compact store) never holds more than one stream's full object: a JSON object file is
 * read in chunks and its `items` parsed one by one (json-object-stream.ts); YAML a document and a
 * list element at a time (yaml-list-stream.ts).
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

async function readFileStreams<T>(file: string, project: (stream: ImageStream) => T): Promise<{ found: Found<T>[]; problems: string[] }> {
  return (await readStreamedList(file, project)) ?? readStreamedYaml(file, project);
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

/**
 * Any other file as YAML (JSON being YAML), a document and a list element at a time
 * (yaml-list-stream.ts): a 10,000-stream `oc get is -A -o yaml` parsed whole ran V8 out of heap at
 * the chart's 256 MiB old space.
 */
async function readStreamedYaml<T>(file: string, project: (stream: ImageStream) => T): Promise<{ found: Found<T>[]; problems: string[] }> {
  const found: Found<T>[] = [];
  const problems: string[] = [];
  let items = new ListItems(project);
  try {
    await streamYamlLists(file, {
      item: (item, index) => items.add(item, index),
      problem: (document, problem) => problems.push(`document ${document}: ${problem}`),
      document: (value, document, itemsStreamed) => {
        const where = `document ${document}`;
        const kind = (value as { kind?: unknown } | null)?.kind;
        if (itemsStreamed && (kind === 'List' || kind === 'ImageStreamList')) {
          const result = items.result(kind === 'List', where);
          found.push(...result.found);
          problems.push(...result.problems);
        } else {
          const local: string[] = [];
          for (const stream of streamsOfDocument(value, local)) found.push({ value: project(stream), key: keyOf(stream), where });
          // As for JSON, an `items` member of anything but a list is not read (its elements were only checked).
          problems.push(...local.map((problem) => `${where}: ${problem}`));
        }
        items = new ListItems(project);
      },
    });
  } catch (err) {
    throw new InputError(file, [describeFileError(err)], { cause: err });
  }
  return { found, problems };
}

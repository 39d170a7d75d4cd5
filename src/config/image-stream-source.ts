import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { InputError } from '../errors.js';
import type { ImageStream } from '../core/types.js';
import { parseDocuments } from './documents.js';
import { describeFileError } from './files.js';
import { validateImageStream } from './image-stream-shape.js';
import { checkMappingList, describeValue, isMapping, problemAt } from './shape.js';

/** Files a directory source reads; anything else in the directory (README, .bak) is ignored. */
export const IMAGE_STREAM_FILE_EXTENSIONS: readonly string[] = ['.yaml', '.yml', '.json'];

/**
 * Loads ImageStreams from a YAML/JSON file or from every `.yaml`/`.yml`/`.json` file of a
 * directory (not recursive, in name order). Files may hold several documents, `kind: ImageStream`
 * objects and `List`/`ImageStreamList` wrappers, as `oc get is -o yaml` prints them.
 * Throws an `InputError` for the first file with problems, listing all of that file's problems as
 * `document N: <key path>: <problem>`; a stream defined twice (same namespace and name) is one.
 * `project`, when given, maps each valid stream as its file is read, so a caller that keeps only
 * a few fields never holds more than one file's full objects (the webhook's static source).
 */
export async function loadImageStreams(
  path: string,
  project: (stream: ImageStream) => ImageStream = (stream) => stream,
): Promise<ImageStream[]> {
  const files = await listFiles(path);
  const streams: ImageStream[] = [];
  const seen = new Map<string, string>();
  for (const file of files) {
    const text = await readText(file);
    const { found, problems } = readImageStreams(text);
    for (const { stream, where } of found) {
      const key = `${stream.metadata.namespace ?? ''}/${stream.metadata.name}`;
      const first = seen.get(key);
      if (first === undefined) seen.set(key, `${file}, ${where}`);
      else problems.push(`${where}: ImageStream ${key.replace(/^\//, '')} is already defined in ${first}`);
    }
    if (problems.length > 0) throw new InputError(file, problems);
    for (const { stream } of found) streams.push(project(stream));
  }
  return streams;
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

import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseOneDocument } from './documents.js';

/** What the YAML reader hands over, document by document, in file order. */
export interface YamlListEvents {
  /** One element of a document's top-level `items` block sequence, parsed alone (0-based `index`). */
  item(value: unknown, index: number, document: number): void;
  /**
   * The rest of a document once it is complete: with `itemsStreamed`, its `items` key reads null
   * and its elements went to `item`. A document that is only comments or blank is not reported.
   */
  document(value: unknown, document: number, itemsStreamed: boolean): void;
  /** A syntax problem, with the line and column in the file. */
  problem(document: number, message: string): void;
}

/**
 * A copy whose strings own their characters: yaml's values are slices of the piece's text, so a
 * kept stream name would keep its whole element (10,000 streams held 52 MB more than from JSON).
 */
const detached = (value: unknown): unknown => structuredClone(value);

const indentOf = (line: string): number => line.length - line.trimStart().length;
const isBlankOrComment = (line: string): boolean => line.trim() === '' || line.trimStart().startsWith('#');
const startsEntry = (line: string, indent: number): boolean =>
  indentOf(line) === indent && line[indent] === '-' && (line.length === indent + 1 || line[indent + 1] === ' ');
const isMarker = (line: string, marker: string): boolean => line.startsWith(marker) && (line.length === 3 || line[3] === ' ' || line[3] === '\t');

/**
 * Reads a YAML file line by line and parses it in pieces, so a file of 10,000 ImageStreams (`oc get
 * is -A -o yaml`, about 60 MB) never becomes one parsed document: each document (`---`) on its
 * own, and within a document each element of a top-level `items:` block sequence on its own. The
 * rest of each document (apiVersion, kind, metadata) is parsed after its items. Block-style YAML
 * as kubectl, oc and most tools write it; anything else (a flow `items: [...]`, a document that is
 * not a mapping at column 0) is still read, as one piece. An alias in one element cannot name an
 * anchor in another, and a `%YAML 1.1` directive reaches the document's rest but not its elements
 * (which are read as YAML 1.2); tools do not write such files.
 */
export async function streamYamlLists(file: string, events: YamlListEvents): Promise<void> {
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  let document = 1;
  let started = false;
  let rest: string[] = [];
  let restLines: number[] = [];
  let mode: 'top' | 'expect' | 'items' = 'top';
  let entryIndent = 0;
  let entry: string[] = [];
  let entryStart = 0;
  let entries = 0;
  let streamed = false;
  let lineNo = 0;

  const keep = (line: string): void => {
    rest.push(line);
    restLines.push(lineNo);
  };
  const finishEntry = (): void => {
    if (entry.length === 0) return;
    const start = entryStart;
    const parsed = parseOneDocument(`${entry.join('\n')}\n`, (line) => start + line - 1);
    entry = [];
    const index = entries;
    entries += 1;
    if ('problems' in parsed) for (const problem of parsed.problems) events.problem(document, problem);
    else if (Array.isArray(parsed.value) && parsed.value.length === 1) events.item(detached(parsed.value[0]), index, document);
    else events.problem(document, `line ${start}: items[${index}] could not be read on its own`);
  };
  const finishDocument = (): void => {
    finishEntry();
    const numbers = restLines;
    // Lines past the piece (an error at its end) continue from its last line, as in the file.
    const parsed = parseOneDocument(`${rest.join('\n')}\n`, (line) => numbers[line - 1] ?? (numbers.at(-1) ?? 0) + line - numbers.length);
    if ('problems' in parsed) for (const problem of parsed.problems) events.problem(document, problem);
    else if (parsed.value !== null && parsed.value !== undefined) events.document(detached(parsed.value), document, streamed);
    document += 1;
    started = false;
    rest = [];
    restLines = [];
    mode = 'top';
    entries = 0;
    streamed = false;
  };

  for await (const line of lines) {
    lineNo += 1;
    if (mode === 'items') {
      if (line.trim() === '' || indentOf(line) > entryIndent) {
        entry.push(line);
        continue;
      }
      if (startsEntry(line, entryIndent)) {
        finishEntry();
        entryStart = lineNo;
        entry.push(line);
        continue;
      }
      if (line.trimStart().startsWith('#')) continue;
      finishEntry();
      mode = 'top';
    } else if (mode === 'expect' && !isBlankOrComment(line)) {
      mode = 'top';
      const indent = indentOf(line);
      if (startsEntry(line, indent) && !isMarker(line, '---')) {
        mode = 'items';
        streamed = true;
        entryIndent = indent;
        entryStart = lineNo;
        entry.push(line);
        continue;
      }
    }
    if (isMarker(line, '---')) {
      if (started) finishDocument();
      started = true;
      keep(line);
    } else if (isMarker(line, '...')) {
      keep(line);
      finishDocument();
    } else {
      // A directive (`%YAML 1.2`) belongs to the document its `---` starts.
      if (!isBlankOrComment(line) && !(line.startsWith('%') && !started)) started = true;
      keep(line);
      if (mode === 'top' && /^items:[ \t]*(?:#.*)?$/.test(line)) mode = 'expect';
    }
  }
  if (started || rest.length > 0) finishDocument();
}

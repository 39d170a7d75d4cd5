import { parseAllDocuments, parseDocument, type YAMLError } from 'yaml';

/** One non-empty document of a YAML or JSON stream, with its 1-based position in the file. */
export interface ParsedDocument {
  index: number;
  value: unknown;
}

/** What `parseDocuments` found: the usable documents and one message per broken document. */
export interface ParsedDocuments {
  documents: ParsedDocument[];
  problems: string[];
}

/**
 * Bounds YAML alias expansion, so a "billion laughs" file fails with a message instead of
 * exhausting memory. Real manifests and image streams use no aliases at all.
 */
const MAX_ALIAS_COUNT = 100;

/**
 * Parses multi-document YAML (JSON is accepted, being valid YAML) into plain objects. Never throws:
 * every syntax problem is returned as `document N: <what> at line L, column C` so the caller can
 * report them all at once with the file name. Empty documents (a stray `---`, a comment-only file)
 * are dropped but still counted, so document numbers match what an editor shows.
 */
export function parseDocuments(text: string): ParsedDocuments {
  const json = parseJsonDocument(text);
  if (json !== undefined) return json;
  const documents: ParsedDocument[] = [];
  const problems: string[] = [];
  parseAllDocuments(text, { merge: true }).forEach((doc, position) => {
    const index = position + 1;
    if (doc.errors.length > 0) {
      problems.push(...doc.errors.map((err) => `document ${index}: ${firstLine(err.message)}`));
      return;
    }
    try {
      const value: unknown = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
      if (value !== null && value !== undefined) documents.push({ index, value });
    } catch (err) {
      problems.push(`document ${index}: ${firstLine(err instanceof Error ? err.message : String(err))}`);
    }
  });
  return { documents, problems };
}

/**
 * A file that is one JSON value (`oc get -o json`, generated stream lists) skips the YAML parser,
 * which is about ten times slower and keeps much more memory per document (measured with 10,000
 * streams in `npm run bench`). Anything that is not valid JSON goes to the YAML parser, whose
 * errors carry line and column.
 */
function parseJsonDocument(text: string): ParsedDocuments | undefined {
  const first = text.trimStart()[0];
  if (first !== '{' && first !== '[') return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return { documents: value === null ? [] : [{ index: 1, value }], problems: [] };
  } catch {
    return undefined;
  }
}

/**
 * Parses one piece of a YAML file (a document, or one element of a list: yaml-list-stream.ts) to a
 * plain value; `fileLine` maps a line of `text` to its line in the file, so problems name the line
 * an editor shows. Never throws.
 */
export function parseOneDocument(text: string, fileLine: (line: number) => number): { value: unknown } | { problems: string[] } {
  const doc = parseDocument(text, { merge: true });
  if (doc.errors.length > 0) return { problems: doc.errors.map((err) => positioned(err, fileLine)) };
  try {
    return { value: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) as unknown };
  } catch (err) {
    return { problems: [firstLine(err instanceof Error ? err.message : String(err))] };
  }
}

/** yaml's message with its position moved from the piece to the file. */
function positioned(err: YAMLError, fileLine: (line: number) => number): string {
  const message = firstLine(err.message);
  const position = err.linePos?.[0];
  const at = message.lastIndexOf(' at line ');
  if (position === undefined || at === -1) return message;
  return `${message.slice(0, at)} at line ${fileLine(position.line)}, column ${position.col}`;
}

/** yaml's messages end in a multi-line source excerpt; the first line already carries line and column. */
function firstLine(message: string): string {
  const [head = message] = message.split('\n');
  return head.replace(/:$/, '');
}

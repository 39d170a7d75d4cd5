/**
 * Rule-style identifiers (`D12`: a capital R, D or T and one or two digits, the pattern of the
 * project's before-stop check) as cited in the repository's prose, and the ones docs/ defines.
 *
 * What counts as a citation, and why:
 * - TypeScript and JavaScript: comments, string and template literal text (test titles, messages).
 *   Identifiers, numbers and regular expression literals are code, not prose: the tests' constants
 *   for JSON pointers and digests are named like rule numbers and cite nothing.
 * - Every other file (Markdown, chart templates and values, shell, JSON, NOTES.txt): all its text.
 * - Anywhere: a match inside a run of 40 or more base64 characters is part of an encoded blob, not a
 *   word (go.sum's `h1:` checksums hold such matches; so may base64 patches in golden files).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import ts from 'typescript';

/** One identifier cited in prose, with where it stands (`file` as the caller named it). */
export interface Citation {
  file: string;
  line: number;
  id: string;
}

const IDENTIFIER = /\b[RDT][0-9]{1,2}\b/g;
/** A definition in docs/: a list item that starts with the identifier in bold, `- **D12** …`. */
const DEFINITION = /^\s*(?:[-*+]|\d+\.)\s+\*\*([RDT][0-9]{1,2})\*\*/;
const BLOB_CHAR = /[A-Za-z0-9+/=_-]/;
const BLOB_MIN = 40;
const SCRIPT_EXTENSIONS = new Set(['.ts', '.mts', '.cts', '.tsx', '.js', '.mjs', '.cjs']);
/** Syntax kinds whose text is code: a match inside one of them is not a citation. */
const CODE_KINDS = new Set([
  ts.SyntaxKind.Identifier, ts.SyntaxKind.PrivateIdentifier, ts.SyntaxKind.NumericLiteral,
  ts.SyntaxKind.BigIntLiteral, ts.SyntaxKind.RegularExpressionLiteral,
]);

/** Every file under `path` (or `path` itself), skipping build output and dependencies. */
export function listFiles(path: string): string[] {
  let entries;
  try {
    entries = readdirSync(path, { withFileTypes: true });
  } catch {
    return [path];
  }
  return entries
    .filter((entry) => entry.name !== 'node_modules' && entry.name !== 'dist')
    .flatMap((entry) => (entry.isDirectory() ? listFiles(join(path, entry.name)) : [join(path, entry.name)]));
}

/** The identifiers the Markdown pages of `docsDir` define, read from the pages themselves. */
export function definedIdentifiers(docsDir: string): Set<string> {
  const defined = new Set<string>();
  for (const file of listFiles(docsDir).filter((f) => extname(f) === '.md')) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      const id = DEFINITION.exec(line)?.[1];
      if (id !== undefined) defined.add(id);
    }
  }
  return defined;
}

function isInBlob(text: string, start: number, end: number): boolean {
  let from = start;
  let to = end;
  while (from > 0 && BLOB_CHAR.test(text.charAt(from - 1))) from -= 1;
  while (to < text.length && BLOB_CHAR.test(text.charAt(to))) to += 1;
  return to - from >= BLOB_MIN;
}

/** The innermost syntax node whose full text (leading comments included) contains `pos`. */
function innermostNode(tree: ts.SourceFile, pos: number): ts.Node {
  let node: ts.Node = tree;
  for (;;) {
    const child: ts.Node | undefined = ts.forEachChild(node, (c) => (c.pos <= pos && pos < c.end ? c : undefined));
    if (child === undefined) return node;
    node = child;
  }
}

/**
 * Whether the match at `pos` is code. Inside a node's leading trivia it is a comment; tokens that
 * are not nodes (keywords, punctuation) cannot hold a match, so what is left of a node between its
 * children is a comment too.
 */
function isCode(tree: ts.SourceFile, pos: number): boolean {
  const node = innermostNode(tree, pos);
  return pos >= node.getStart(tree) && CODE_KINDS.has(node.kind);
}

/** The identifiers `text` (the contents of `file`) cites, in order. */
export function citationsIn(file: string, text: string): Citation[] {
  const script = SCRIPT_EXTENSIONS.has(extname(file));
  let tree: ts.SourceFile | undefined;
  const citations: Citation[] = [];
  for (const match of text.matchAll(IDENTIFIER)) {
    const start = match.index;
    if (isInBlob(text, start, start + match[0].length)) continue;
    if (script) {
      tree ??= ts.createSourceFile(file, text, ts.ScriptTarget.Latest);
      if (isCode(tree, start)) continue;
    }
    citations.push({ file, line: text.slice(0, start).split('\n').length, id: match[0] });
  }
  return citations;
}

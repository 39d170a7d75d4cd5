/**
 * Every error the project throws on purpose shares one base class, WebhookError, so a caller can
 * tell "we refused this" from "this is a bug" with one check; and no class takes the name of a
 * JavaScript built-in (a local `ReferenceError` hides the global one in every file that imports it).
 * Checked on the sources by scanning, so a new class is checked the day it is written.
 */
import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const SRC = fileURLToPath(new URL('../../../src/', import.meta.url));

interface ClassInfo {
  where: string;
  name: string;
  base: string | undefined;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

function classesOf(file: string): ClassInfo[] {
  const tree = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const found: ClassInfo[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isClassDeclaration(node) && node.name !== undefined) {
      const heritage = node.heritageClauses?.find((clause) => clause.token === ts.SyntaxKind.ExtendsKeyword);
      const base = heritage?.types[0]?.expression.getText(tree);
      found.push({ where: relative(SRC, file), name: node.name.text, base });
    }
    ts.forEachChild(node, visit);
  };
  visit(tree);
  return found;
}

const classes = sourceFiles(SRC).flatMap(classesOf);
const byName = new Map(classes.map((c) => [c.name, c]));
const builtIns = new Set(Object.getOwnPropertyNames(globalThis));

/** Whether `name` is WebhookError or reaches it through classes of src/. */
function reachesWebhookError(name: string | undefined, seen = new Set<string>()): boolean {
  if (name === 'WebhookError') return true;
  if (name === undefined || seen.has(name)) return false;
  seen.add(name);
  return reachesWebhookError(byName.get(name)?.base, seen);
}

describe('error classes', () => {
  it('finds the error classes of src/ by scanning', () => {
    expect(classes.map((c) => c.name)).to.include.members(['WebhookError', 'RegistryError', 'ImageRefError', 'TransportError']);
  });

  it('every class named …Error, or extending a built-in error, has WebhookError as its base', () => {
    const errors = classes.filter((c) => c.name !== 'WebhookError' && (c.name.endsWith('Error') || (c.base !== undefined && builtIns.has(c.base))));
    const strays = errors.filter((c) => !reachesWebhookError(c.base)).map((c) => `${c.where}: ${c.name} extends ${c.base ?? 'nothing'}`);
    expect(strays).to.deep.equal([]);
  });

  it('only WebhookError extends the built-in Error', () => {
    const direct = classes.filter((c) => c.base === 'Error').map((c) => `${c.where}: ${c.name}`);
    expect(direct).to.deep.equal(['errors.ts: WebhookError']);
  });

  it('no class is named after a JavaScript built-in', () => {
    const shadowing = classes.filter((c) => builtIns.has(c.name)).map((c) => `${c.where}: ${c.name}`);
    expect(shadowing).to.deep.equal([]);
  });
});

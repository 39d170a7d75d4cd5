import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';

/** One regular expression of the product code, with where it is written. */
export interface SourceRegex {
  where: string;
  source: string;
  flags: string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

function isRegExpConstruction(node: ts.Node): node is ts.NewExpression | ts.CallExpression {
  return (ts.isNewExpression(node) || ts.isCallExpression(node)) && ts.isIdentifier(node.expression) && node.expression.text === 'RegExp';
}

/** The exported `const` a `new RegExp(…)` initialises, or a description of why there is none. */
function exportedName(node: ts.Node): string | { problem: string } {
  const declaration = node.parent;
  if (!ts.isVariableDeclaration(declaration) || !ts.isIdentifier(declaration.name)) {
    return { problem: 'a RegExp built outside a const declaration cannot be checked; assign it to an exported const' };
  }
  const statement = declaration.parent.parent;
  const exported = ts.isVariableStatement(statement) && statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  return exported ? declaration.name.text : { problem: `export ${declaration.name.text} so the ReDoS check can read its pattern` };
}

/**
 * Every regular expression in `srcDir`: literals straight from the syntax tree, and `RegExp`
 * constructions read from the compiled module in `distSrcDir` (their pattern is computed, so
 * it must be an exported const). Found by scanning, never listed by hand, so a new regex is
 * checked the day it is written. A construction that cannot be read is returned as a problem.
 */
export async function collectSourceRegexes(srcDir: string, distSrcDir: string): Promise<{ regexes: SourceRegex[]; problems: string[] }> {
  const regexes: SourceRegex[] = [];
  const problems: string[] = [];
  for (const file of sourceFiles(srcDir)) {
    const rel = relative(srcDir, file);
    const tree = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
    const constructed: { name: string; line: number }[] = [];
    const visit = (node: ts.Node): void => {
      const line = tree.getLineAndCharacterOfPosition(node.getStart()).line + 1;
      if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
        const text = node.getText();
        const end = text.lastIndexOf('/');
        regexes.push({ where: `${rel}:${line}`, source: text.slice(1, end), flags: text.slice(end + 1) });
      } else if (isRegExpConstruction(node)) {
        const name = exportedName(node);
        if (typeof name === 'string') constructed.push({ name, line });
        else problems.push(`${rel}:${line}: ${name.problem}`);
      }
      ts.forEachChild(node, visit);
    };
    visit(tree);
    if (constructed.length === 0) continue;
    const module = (await import(pathToFileURL(join(distSrcDir, rel.replace(/\.ts$/, '.js'))).href)) as Record<string, unknown>;
    for (const { name, line } of constructed) {
      const value = module[name];
      if (value instanceof RegExp) regexes.push({ where: `${rel}:${line} (${name})`, source: value.source, flags: value.flags });
      else problems.push(`${rel}:${line}: export ${name} is not a RegExp`);
    }
  }
  return { regexes, problems };
}

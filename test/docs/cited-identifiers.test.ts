/**
 * Comments, test titles, the README and the chart cite only identifiers that a page of docs/
 * defines: rule and case numbers of a spec outside the repository mean nothing to a reader, so
 * code states such rules in words. What counts as a citation is explained in ./citations.ts.
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'mocha';
import { createTempFiles, removeTempFiles } from '../config/temp-files.js';
import { citationsIn, definedIdentifiers, listFiles } from './citations.js';

/** The repository root, from this file's compiled location `dist/test/docs/`. */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SCANNED = ['src', 'test', 'e2e', 'bench', 'hack', 'helm', 'README.md'];

/** Identifiers no page defines, each spelled in two parts so that this file does not cite them. */
const RULE = 'R' + '47';
const DECISION_A = 'D' + '91';
const DECISION_B = 'D' + '92';
const DECISION_C = 'D' + '93';

describe('cited identifiers', () => {
  describe('citationsIn', () => {
    const cases: { name: string; file: string; text: string; want: number[] }[] = [
      { name: 'a line comment cites', file: 'a.ts', text: `const a = 1;\n// as ${RULE} says\n`, want: [2] },
      { name: 'a doc comment before a declaration cites', file: 'a.ts', text: `/**\n * ${RULE}: why\n */\nexport function f(): void {}\n`, want: [2] },
      { name: 'a comment before a closing brace cites', file: 'a.ts', text: `const o = {\n  a: 1,\n  /* ${RULE} */\n};\n`, want: [3] },
      { name: 'a test title cites', file: 'a.test.ts', text: `it('${RULE} resolves a short name', () => {});\n`, want: [1] },
      { name: 'template literal text cites', file: 'a.ts', text: 'const n = 1;\nconst t = `${n} per ' + RULE + '`;\n', want: [2] },
      { name: 'an identifier is code', file: 'a.ts', text: `const ${RULE} = '/spec/template/spec/containers/0';\nuse(${RULE});\n`, want: [] },
      { name: 'a regular expression literal is code', file: 'a.ts', text: `const re = /x|${RULE}/;\n`, want: [] },
      { name: 'a run of 40 base64 characters is an encoded blob', file: 'go.sum', text: `m v1.0.0 h1:${RULE}/bQk5vlXQFzEaZQabcdefghijklmnopqrstu012=\n`, want: [] },
      { name: 'a shorter run is prose', file: 'go.sum', text: `m v1.0.0 h1:${RULE}/bQk5=\n`, want: [1] },
      { name: 'other files are read whole', file: 'values.yaml', text: `a: 1\n# see ${RULE}\nb: "${RULE}"\n`, want: [2, 3] },
      { name: 'three digits, lowercase letters and suffixes are not rule-style', file: 'a.md', text: 'R123, r7 and D1x\n', want: [] },
    ];
    for (const c of cases) {
      it(c.name, () => {
        expect(citationsIn(c.file, c.text).map((citation) => citation.line)).to.deep.equal(c.want);
      });
    }
  });

  describe('definedIdentifiers', () => {
    let dir = '';
    after(async () => { if (dir !== '') await removeTempFiles(dir); });

    it('reads list items that start with a bold identifier, on every Markdown page, nested or not', async () => {
      dir = await createTempFiles({
        'a.md': `# Decisions\n\n- **${DECISION_A}** first\n  * **${DECISION_B}**: nested\n\nProse naming **${DECISION_C}** defines nothing.\n`,
        'more/b.md': `1. **${RULE}** numbered\n`,
        'c.txt': `- **${DECISION_C}** not a Markdown page\n`,
      });
      expect([...definedIdentifiers(dir)].sort()).to.deep.equal([DECISION_A, DECISION_B, RULE].sort());
    });
  });

  it('every identifier cited in src/, test/, e2e/, bench/, hack/, helm/ and the README is defined by a page of docs/', () => {
    const defined = definedIdentifiers(join(ROOT, 'docs'));
    const files = SCANNED.flatMap((path) => listFiles(join(ROOT, path)));
    const citations = files.flatMap((file) => citationsIn(relative(ROOT, file), readFileSync(file, 'utf8')));
    expect(files.length, 'files scanned').to.be.greaterThan(200);
    expect(citations.length, 'documented citations found, so the scan reads the sources').to.be.greaterThan(0);
    const undefinedCitations = citations.filter((c) => !defined.has(c.id)).map((c) => `${c.file}:${c.line} ${c.id}`);
    expect(undefinedCitations, 'cite only identifiers a page of docs/ defines, or say the rule in words').to.deep.equal([]);
  });
});

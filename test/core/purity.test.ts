/**
 * The pure parts stay pure (style.md): src/core imports only itself and the project's error base
 * (src/errors.ts, itself free of imports, so the core's errors share one base class), src/triggers
 * only itself, src/core and the error base, src/integrated-registry (not its edges/) only itself,
 * src/core, the import's tag events, hashing and a bounded map, and none touches the network, the clock, the
 * environment or a logger. Checked on the sources, since TypeScript has no rule for it.
 */
import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'mocha';

const ERRORS = fileURLToPath(new URL('../../../src/errors.ts', import.meta.url));
const importsOf = (text: string): string[] => [...text.matchAll(/from '([^']+)'/g)].map((m) => m[1] ?? '');

const PURE: { dir: string; minFiles: number; allowed: (specifier: string) => boolean; rule: string }[] = [
  { dir: 'core', minFiles: 10, allowed: (s) => s.startsWith('./') || s === '../errors.js', rule: 'other core files and the error base' },
  {
    dir: 'triggers',
    minFiles: 5,
    allowed: (s) => s.startsWith('./') || s.startsWith('../core/') || s === '../errors.js',
    rule: 'trigger and core files and the error base',
  },
  {
    // The integrated registry's decisions; its HTTP and Kubernetes edges live in edges/.
    dir: 'integrated-registry',
    minFiles: 5,
    allowed: (s) => s.startsWith('./') || s.startsWith('../core/') || s === '../import/tag-events.js' || s === 'node:crypto' || s === 'lru-cache',
    rule: 'its own files, core files, the import\'s tag events, hashing and a bounded map',
  },
];

describe('the error base the pure parts may import', () => {
  it('imports nothing itself', () => {
    expect(importsOf(readFileSync(ERRORS, 'utf8'))).to.deep.equal([]);
  });
});

for (const { dir, minFiles, allowed, rule } of PURE) {
  const root = fileURLToPath(new URL(`../../../src/${dir}/`, import.meta.url));
  const files = readdirSync(root).filter((name) => name.endsWith('.ts'));

  describe(`src/${dir} purity`, () => {
    it('has source files to check', () => {
      expect(files.length).to.be.greaterThan(minFiles);
    });
    for (const name of files) {
      const text = readFileSync(join(root, name), 'utf8');
      it(`${name} imports only ${rule}`, () => {
        expect(importsOf(text).filter((s) => !allowed(s))).to.deep.equal([]);
      });
      it(`${name} reads no clock, environment, console or process`, () => {
        expect(text).not.to.match(/\b(Date\.now|new Date\(|process\.|console\.|setTimeout|fetch\()/);
      });
    }
  });
}

/**
 * The pure parts stay pure (style.md): src/core imports only itself, src/triggers only itself and
 * src/core, and neither touches the network, the clock, the environment or a logger. Checked on
 * the sources, since TypeScript has no rule for it.
 */
import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'mocha';

const PURE: { dir: string; minFiles: number; allowed: (specifier: string) => boolean; rule: string }[] = [
  { dir: 'core', minFiles: 10, allowed: (s) => s.startsWith('./'), rule: 'other core files' },
  { dir: 'triggers', minFiles: 5, allowed: (s) => s.startsWith('./') || s.startsWith('../core/'), rule: 'trigger and core files' },
];

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
        const specifiers = [...text.matchAll(/from '([^']+)'/g)].map((m) => m[1] ?? '');
        expect(specifiers.filter((s) => !allowed(s))).to.deep.equal([]);
      });
      it(`${name} reads no clock, environment, console or process`, () => {
        expect(text).not.to.match(/\b(Date\.now|new Date\(|process\.|console\.|setTimeout|fetch\()/);
      });
    }
  });
}

/**
 * The core stays pure (style.md): its files import only each other, and never touch the network,
 * the clock, the environment or a logger. Checked on the sources, since TypeScript has no rule for it.
 */
import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'mocha';

const CORE = fileURLToPath(new URL('../../../src/core/', import.meta.url));
const files = readdirSync(CORE).filter((name) => name.endsWith('.ts'));

describe('src/core purity', () => {
  it('has source files to check', () => {
    expect(files.length).to.be.greaterThan(10);
  });
  for (const name of files) {
    const text = readFileSync(join(CORE, name), 'utf8');
    it(`${name} imports only other core files`, () => {
      const specifiers = [...text.matchAll(/from '([^']+)'/g)].map((m) => m[1]);
      expect(specifiers.filter((s) => !s?.startsWith('./'))).to.deep.equal([]);
    });
    it(`${name} reads no clock, environment, console or process`, () => {
      expect(text).not.to.match(/\b(Date\.now|new Date\(|process\.|console\.|setTimeout|fetch\()/);
    });
  }
});

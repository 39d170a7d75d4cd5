/**
 * The core stays pure (style.md): its files import only each other and the project's error base
 * (src/errors.ts, itself free of imports, so the core's errors share one base class), and never
 * touch the network, the clock, the environment or a logger. Checked on the sources, since
 * TypeScript has no rule for it.
 */
import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'mocha';

const CORE = fileURLToPath(new URL('../../../src/core/', import.meta.url));
const files = readdirSync(CORE).filter((name) => name.endsWith('.ts'));
const ERRORS = fileURLToPath(new URL('../../../src/errors.ts', import.meta.url));
const importsOf = (text: string): string[] => [...text.matchAll(/from '([^']+)'/g)].map((m) => m[1] ?? '');

describe('src/core purity', () => {
  it('has source files to check', () => {
    expect(files.length).to.be.greaterThan(10);
  });
  it('the error base the core may import imports nothing itself', () => {
    expect(importsOf(readFileSync(ERRORS, 'utf8'))).to.deep.equal([]);
  });
  for (const name of files) {
    const text = readFileSync(join(CORE, name), 'utf8');
    it(`${name} imports only other core files and the error base`, () => {
      expect(importsOf(text).filter((s) => !s.startsWith('./') && s !== '../errors.js')).to.deep.equal([]);
    });
    it(`${name} reads no clock, environment, console or process`, () => {
      expect(text).not.to.match(/\b(Date\.now|new Date\(|process\.|console\.|setTimeout|fetch\()/);
    });
  }
});

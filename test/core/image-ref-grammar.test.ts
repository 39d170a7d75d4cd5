import { expect } from 'chai';
import { describe, it } from 'mocha';
import { ImageRefError, parseImageRef, REFERENCE_LENGTH_MAX, REFERENCE_PATTERN } from '../../src/core/image-ref.js';
import { seeded } from '../helpers/random.js';
import { upstreamPattern } from '../helpers/upstream-reference.js';

/** Both patterns must accept the same strings and capture the same name, tag and digest. */
function expectSameLanguage(oracle: RegExp, input: string, seed?: number): void {
  const want = oracle.exec(input);
  const got = REFERENCE_PATTERN.exec(input);
  const where = `${seed === undefined ? '' : `seed ${seed}, `}input ${JSON.stringify(input)}`;
  expect(got === null, where).to.equal(want === null);
  if (want !== null && got !== null) expect([...got], where).to.deep.equal([...want]);
}

/** Characters that play a role somewhere in the grammar, plus two that play none. */
const ALPHABET = ['a', 'z', '0', 'A', '-', '.', '_', ':', '/', '@', '+', '!', '[', ']'];

/** Grammar-shaped pieces, so random strings reach deep into the grammar (tags, ports, digests). */
const TOKENS = ['a', 'b1', 'x-y', 'x--y', 'a.b', 'a_b', 'a__b', 'A', 'Ab', '/', ':', ':5000', ':v1.0-rc_1', '@', 'sha256:', '.', '-', '_', '__', '+', 'é', ' ',
  '[::1]', '[fe80::a:B]', '[', ']', '[::'];
const HEX = '0123456789abcdef'.repeat(2);

/**
 * Whether the upstream oracle can afford `input`: its cost doubles with each lowercase letter or
 * digit of the name part (before `@`), so inputs with more than 14 of them are left to the
 * exhaustive and adversarial tests.
 */
function oracleAffords(input: string): boolean {
  const name = input.split('@', 1)[0] ?? '';
  return (name.match(/[a-z0-9]/g) ?? []).length <= 14;
}

describe('reference grammar: the linear-time pattern accepts exactly the upstream language', () => {
  it('agrees with the upstream pattern on every string of up to 5 grammar characters', () => {
    const oracle = upstreamPattern();
    let strings = [''];
    let checked = 0;
    for (let length = 0; length <= 5; length++) {
      for (const input of strings) {
        expectSameLanguage(oracle, input);
        checked++;
      }
      strings = strings.flatMap((prefix) => ALPHABET.map((c) => prefix + c));
    }
    expect(checked).to.equal((ALPHABET.length ** 6 - 1) / (ALPHABET.length - 1));
  });

  it('agrees with the upstream pattern on 30,000 seeded random grammar-shaped strings', () => {
    const oracle = upstreamPattern();
    const seed = 20261130;
    const random = seeded(seed);
    let accepted = 0;
    for (let i = 0; i < 30000; i++) {
      const count = 1 + Math.floor(random() * 8);
      let input = '';
      for (let j = 0; j < count; j++) input += TOKENS[Math.floor(random() * TOKENS.length)] ?? '';
      if (input.endsWith('@sha256:') || random() < 0.1) input += HEX;
      if (!oracleAffords(input)) continue;
      expectSameLanguage(oracle, input, seed);
      if (REFERENCE_PATTERN.test(input)) accepted++;
    }
    expect(accepted, 'the generator must also produce accepted strings').to.be.greaterThan(1000);
  });

  it('refuses a string longer than any valid reference without running the grammar', () => {
    const longest = `${'a'.repeat(255)}:${'t'.repeat(128)}@sha512:${'0'.repeat(128)}`;
    expect(longest.length).to.equal(REFERENCE_LENGTH_MAX);
    expect(parseImageRef(longest)).to.include({ name: 'a'.repeat(255), tag: 't'.repeat(128) });
    expect(() => parseImageRef(`${longest}0`)).to.throw(ImageRefError, 'invalid reference format');
  });
});

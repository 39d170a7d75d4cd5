import { expect } from 'chai';
import { describe, it } from 'mocha';
import { Interner } from '../../src/store/interner.js';

describe('Interner: one bounded table of shared strings for the store and the controller', () => {
  it('hands back an equal string and keeps one entry per distinct string', () => {
    const interner = new Interner();
    for (const value of ['latest', 'latest', 'v1', 'latest']) expect(interner.intern(value)).to.equal(value);
    expect(interner.size).to.equal(2);
  });

  it('passes undefined through, for optional fields', () => {
    expect(new Interner().intern(undefined)).to.equal(undefined);
  });

  it('does not keep strings longer than its limit', () => {
    const interner = new Interner({ maxLength: 4 });
    expect(interner.intern('abcde')).to.equal('abcde');
    expect(interner.intern('abcd')).to.equal('abcd');
    expect(interner.size).to.equal(1);
  });

  it('empties the table when it is full, so churning names never grow it past its limit', () => {
    const interner = new Interner({ maxEntries: 3 });
    const sizes: number[] = [];
    for (const value of ['a', 'b', 'c', 'd', 'e', 'a']) {
      expect(interner.intern(value)).to.equal(value);
      sizes.push(interner.size);
    }
    expect(sizes).to.deep.equal([1, 2, 3, 1, 2, 3]);
  });
});

import { expect } from 'chai';
import { boundedMemo } from '../../src/core/memo.js';
import { parseImageRef, ImageRefError } from '../../src/core/image-ref.js';

describe('boundedMemo', () => {
  it('computes each key once while it stays in use', () => {
    const computed: string[] = [];
    const memo = boundedMemo(2, (key) => {
      computed.push(key);
      return key.length;
    });
    for (let i = 0; i < 10; i += 1) expect(memo('abc')).to.equal(3);
    expect(computed).to.deep.equal(['abc']);
  });

  it('keeps at most two generations: a key unseen for 2 x size other keys is computed again', () => {
    const computed: string[] = [];
    const memo = boundedMemo(3, (key) => {
      computed.push(key);
      return key;
    });
    memo('a');
    for (const key of ['b', 'c', 'd', 'e', 'f', 'g']) memo(key);
    memo('a');
    expect(computed.filter((key) => key === 'a')).to.have.length(2);
  });

  it('moves a key read from the older generation back, so keys in use survive a flood of one-off keys', () => {
    const computed: string[] = [];
    const memo = boundedMemo(4, (key) => {
      computed.push(key);
      return key;
    });
    for (let i = 0; i < 1000; i += 1) {
      memo('hot');
      memo(`once-${i}`);
    }
    expect(computed.filter((key) => key === 'hot')).to.have.length(1);
  });

  it('remembers undefined results too', () => {
    let calls = 0;
    const memo = boundedMemo<undefined>(2, () => {
      calls += 1;
      return undefined;
    });
    memo('x');
    memo('x');
    expect(calls).to.equal(1);
  });
});

describe('parseImageRef memo', () => {
  it('hands out a frozen result, so no caller can change what the next one gets', () => {
    const ref = parseImageRef('quay.io/ns/ruby:2.5');
    expect(Object.isFrozen(ref)).to.equal(true);
    expect(parseImageRef('quay.io/ns/ruby:2.5')).to.deep.equal({ registry: 'quay.io', namespace: 'ns', name: 'ruby', tag: '2.5', id: '' });
  });

  it('throws a fresh ImageRefError with the parser message for a remembered bad string', () => {
    const first = (): unknown => parseImageRef('Ruby:2.5');
    expect(first).to.throw(ImageRefError, 'repository name must be lowercase');
    let second: unknown;
    try {
      parseImageRef('Ruby:2.5');
    } catch (err) {
      second = err;
    }
    expect(second).to.be.instanceOf(ImageRefError);
    expect((second as ImageRefError).image).to.equal('Ruby:2.5');
  });
});

/** A review's lookups run at once: three cache misses cost the slowest, not the sum (issue 11). */
import { expect } from 'chai';
import { review } from '../../src/core/review.js';
import { createStaticLookups } from '../../src/core/static-lookups.js';
import type { Lookups } from '../../src/core/types.js';
import { ALL, attrs, c, C0, pod } from '../helpers/builders.js';

/** Lookups that hold every getImageStream until `release()`, recording how many were waiting. */
function gatedLookups(): { lookups: Lookups; waiting: () => number; release: () => void; fail: (err: Error) => void } {
  const base = createStaticLookups(ALL, 'myproject');
  const held: { resolve: () => void; reject: (err: Error) => void }[] = [];
  const lookups: Lookups = {
    ...base,
    getImageStream: (namespace, name) =>
      new Promise<void>((resolve, reject) => held.push({ resolve, reject })).then(() => base.getImageStream(namespace, name)),
  };
  return {
    lookups,
    waiting: () => held.length,
    release: () => held.forEach((gate) => gate.resolve()),
    fail: (err) => held.forEach((gate) => gate.reject(err)),
  };
}

const threeImages = attrs(pod({ containers: [c('a', 'ruby:2.5', 'IfNotPresent'), c('b', 'mysql:8.0', 'IfNotPresent'), c('c', 'nginx', 'IfNotPresent')] }));

describe('a review looks up its images concurrently', () => {
  it('asks for all three streams before the first answer arrives, and decides as one by one would', async () => {
    const gated = gatedLookups();
    const pending = review(threeImages, C0, gated.lookups, 'mutate');
    await new Promise((resolve) => setImmediate(resolve));
    expect(gated.waiting()).to.equal(3);
    gated.release();
    expect(await pending).to.deep.equal(await review(threeImages, C0, createStaticLookups(ALL, 'myproject'), 'mutate'));
  });

  it('decides at once, without a promise, when every stream is answered from memory', () => {
    const decision = review(threeImages, C0, createStaticLookups(ALL, 'myproject'), 'mutate');
    expect(decision).not.to.be.instanceOf(Promise);
    expect(decision).to.include({ allowed: true, outcome: 'Mutated' });
  });

  it('fails the review when a lookup fails, without an unhandled rejection from the others', async () => {
    const gated = gatedLookups();
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const pending = review(threeImages, C0, gated.lookups, 'mutate');
      await new Promise((resolve) => setImmediate(resolve));
      gated.fail(new Error('API server unreachable'));
      const err: unknown = await Promise.resolve(pending).then(() => undefined, (e: unknown) => e);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(String(err)).to.include('API server unreachable');
      expect(unhandled).to.deep.equal([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});


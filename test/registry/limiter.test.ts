import { expect } from 'chai';
import { RegistryRateLimiter } from '../../src/registry/rate-limiter.js';
import { SharedChecks } from '../../src/registry/sharing.js';
import { fakeClock } from './fake-clock.js';

describe('per-registry token bucket', () => {
  it('lets a burst through, then spaces requests at the configured rate', () => {
    const clock = fakeClock();
    const limiter = new RegistryRateLimiter({ requestsPerSecond: 2, burst: 3 }, clock);
    const waits = [1, 2, 3, 4, 5].map(() => limiter.reserve('quay.io'));
    expect(waits).to.deep.equal([0, 0, 0, 500, 1000]);
  });

  it('refills with time, up to the burst', () => {
    const clock = fakeClock();
    const limiter = new RegistryRateLimiter({ requestsPerSecond: 1, burst: 2 }, clock);
    expect([limiter.reserve('r'), limiter.reserve('r')]).to.deep.equal([0, 0]);
    clock.advance(10_000);
    expect([limiter.reserve('r'), limiter.reserve('r'), limiter.reserve('r')]).to.deep.equal([0, 0, 1000]);
  });

  it('keeps one bucket per registry', () => {
    const limiter = new RegistryRateLimiter({ requestsPerSecond: 1, burst: 1 }, fakeClock());
    expect([limiter.reserve('a'), limiter.reserve('b'), limiter.reserve('a')]).to.deep.equal([0, 0, 1000]);
  });

  it('acquire sleeps for the debt on the injected clock', async () => {
    const clock = fakeClock();
    const limiter = new RegistryRateLimiter({ requestsPerSecond: 4, burst: 1 }, clock);
    await limiter.acquire('r');
    await limiter.acquire('r');
    expect(clock.sleeps).to.deep.equal([250]);
  });
});

describe('SharedChecks', () => {
  it('runs one check for concurrent callers and for callers within the TTL, then checks again', async () => {
    const clock = fakeClock();
    const shared = new SharedChecks<number>({ ttlMs: 1000, max: 10, now: clock.now });
    let runs = 0;
    const check = async (): Promise<number> => {
      runs += 1;
      await Promise.resolve();
      return runs;
    };
    expect(await Promise.all([shared.run('k', check), shared.run('k', check)])).to.deep.equal([1, 1]);
    expect(await shared.run('k', check)).to.equal(1);
    clock.advance(1001);
    expect(await shared.run('k', check)).to.equal(2);
    expect(await shared.run('other', check)).to.equal(3);
  });

  it('shares failures the same way', async () => {
    const shared = new SharedChecks<number>({ ttlMs: 1000, max: 10, now: fakeClock().now });
    let runs = 0;
    const failing = async (): Promise<number> => {
      runs += 1;
      throw new Error('registry down');
    };
    const outcomes = await Promise.allSettled([shared.run('k', failing), shared.run('k', failing), shared.run('k', failing)]);
    expect(outcomes.map((o) => o.status)).to.deep.equal(['rejected', 'rejected', 'rejected']);
    expect(runs).to.equal(1);
  });
});

import { expect } from 'chai';
import { createByteBudget } from '../../src/http/byte-budget.js';

describe('byte budget', () => {
  it('grants within the budget at once and makes a larger total wait for a release', async () => {
    const budget = createByteBudget({ maxBytes: 100, maxWaitMs: 10_000 });
    const first = await budget.acquire(60);
    let second: unknown;
    const waiting = budget.acquire(60).then((grant) => (second = grant));
    await new Promise((resolve) => setImmediate(resolve));
    expect(second).to.equal(undefined);
    expect(budget.inUse()).to.equal(60);
    first?.release();
    await waiting;
    expect(second).to.not.equal(undefined);
    expect(budget.inUse()).to.equal(60);
  });

  it('answers undefined when the budget stays full for the wait time, and forgets the waiter', async () => {
    const budget = createByteBudget({ maxBytes: 100, maxWaitMs: 20 });
    const held = await budget.acquire(100);
    expect(await budget.acquire(1)).to.equal(undefined);
    held?.release();
    expect(budget.inUse()).to.equal(0);
    expect(await budget.acquire(100)).to.not.equal(undefined);
  });

  it('admits waiters in arrival order, so a large review is not starved by small ones', async () => {
    const budget = createByteBudget({ maxBytes: 100, maxWaitMs: 10_000 });
    const held = await budget.acquire(50);
    const order: string[] = [];
    const large = budget.acquire(100).then((grant) => (order.push('large'), grant));
    const small = budget.acquire(10).then((grant) => (order.push('small'), grant));
    held?.release();
    (await large)?.release();
    await small;
    expect(order).to.deep.equal(['large', 'small']);
  });

  it('grants a reservation larger than the budget when nothing else is in flight', async () => {
    const budget = createByteBudget({ maxBytes: 100, maxWaitMs: 20 });
    const grant = await budget.acquire(500);
    expect(budget.inUse()).to.equal(500);
    grant?.release();
    grant?.release();
    expect(budget.inUse()).to.equal(0);
  });

  it('corrects a grant to the bytes it really holds, admitting waiters when it shrinks', async () => {
    const budget = createByteBudget({ maxBytes: 100, maxWaitMs: 10_000 });
    const grant = await budget.acquire(90);
    grant?.resize(150);
    expect(budget.inUse()).to.equal(150);
    const waiting = budget.acquire(50);
    grant?.resize(40);
    expect(await waiting).to.not.equal(undefined);
    expect(budget.inUse()).to.equal(90);
    grant?.release();
    expect(budget.inUse()).to.equal(50);
  });
});

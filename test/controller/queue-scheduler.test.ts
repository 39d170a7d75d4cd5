/** The work queue's dedupe guarantees and the scheduler's spread and rate, with time passed in. */
import { expect } from 'chai';
import { describe, it } from 'mocha';
import { ImportScheduler } from '../../src/controller/scheduler.js';
import { WorkQueue } from '../../src/controller/work-queue.js';

describe('WorkQueue', () => {
  it('queues a key once and merges the demand of repeated adds', async () => {
    const queue = new WorkQueue();
    queue.add('ns/a', { due: new Set(['1']) });
    queue.add('ns/a', { forced: new Set(['2']) });
    queue.add('ns/b');
    expect(queue.depth()).to.equal(2);
    const first = await queue.take();
    expect(first?.key).to.equal('ns/a');
    expect([...(first?.demand.due ?? [])]).to.deep.equal(['1']);
    expect([...(first?.demand.forced ?? [])]).to.deep.equal(['2']);
    expect((await queue.take())?.key).to.equal('ns/b');
  });

  it('never hands out a key being processed; a re-add is processed after done', async () => {
    const queue = new WorkQueue();
    queue.add('ns/a');
    const item = await queue.take();
    queue.add('ns/a', { forced: new Set(['x']) });
    expect(queue.depth()).to.equal(0);
    queue.done(item?.key ?? '');
    const again = await queue.take();
    expect(again?.key).to.equal('ns/a');
    expect([...(again?.demand.forced ?? [])]).to.deep.equal(['x']);
  });

  it('wakes a waiting worker on add and releases workers on shutdown', async () => {
    const queue = new WorkQueue();
    const waiting = queue.take();
    queue.add('ns/c');
    expect((await waiting)?.key).to.equal('ns/c');
    const idle = queue.take();
    queue.shutdown();
    expect(await idle).to.equal(undefined);
    queue.add('ns/d');
    expect(queue.depth()).to.equal(0);
  });
});

const MINUTE = 60_000;

describe('ImportScheduler', () => {
  it('spreads the first checks of many tags over the interval instead of all at once', () => {
    const scheduler = new ImportScheduler({ intervalMs: 15 * MINUTE, maxPerMinute: 1_000_000 });
    for (let i = 0; i < 1000; i += 1) scheduler.sync(`ns/s${i}`, ['latest'], 0);
    const firstThird = [...scheduler.take(5 * MINUTE).values()].reduce((sum, tags) => sum + tags.size, 0);
    expect(firstThird).to.be.within(250, 420);
  });

  it('checks a tag again one interval (plus at most 10 % jitter) after its check', () => {
    const scheduler = new ImportScheduler({ intervalMs: 15 * MINUTE, maxPerMinute: 60 });
    scheduler.sync('ns/a', ['t'], 0);
    expect(scheduler.take(15 * MINUTE).get('ns/a')).to.deep.equal(new Set(['t']));
    expect(scheduler.take(29 * MINUTE).size).to.equal(0);
    expect(scheduler.take(31.6 * MINUTE).get('ns/a')).to.deep.equal(new Set(['t']));
  });

  it('holds checks to the configured rate and reports the rest as backlog', () => {
    const scheduler = new ImportScheduler({ intervalMs: MINUTE, maxPerMinute: 60 });
    for (let i = 0; i < 300; i += 1) scheduler.sync(`ns/s${i}`, ['a'], 0);
    let checked = 0;
    for (let second = 60; second <= 120; second += 1) checked += scheduler.take(second * 1000).size;
    expect(checked).to.be.within(60, 62);
    expect(scheduler.backlog(120_000)).to.equal(300 - checked);
  });

  it('drops tags that are no longer scheduled and forgets deleted streams', () => {
    const scheduler = new ImportScheduler({ intervalMs: MINUTE, maxPerMinute: 1000 });
    scheduler.sync('ns/a', ['x', 'y'], 0);
    scheduler.sync('ns/a', ['y'], 0);
    scheduler.sync('ns/b', ['z'], 0);
    scheduler.forget('ns/b');
    expect(scheduler.size()).to.equal(1);
    expect(scheduler.take(2 * MINUTE)).to.deep.equal(new Map([['ns/a', new Set(['y'])]]));
  });
});

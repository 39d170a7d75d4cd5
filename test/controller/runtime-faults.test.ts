/**
 * The controller runtime under the API server faults end-to-end tests cannot force: a watch that
 * drops, 410 Gone, a storm of conflicting status writers, and an outage followed by a relist.
 */
import { expect } from 'chai';
import type { NamedTagEventList } from '../../src/core/types.js';
import { eventually } from '../http/support.js';
import { Da, Db, dockerTag, event, stream } from '../import/support.js';
import { advanceUntil, imported, REF, startHarness, statusTags, statusWrites, type Harness } from './runtime-harness.js';

const STATUS_PUT = /^\/apis\/image\.openshift\.io\/v1\/namespaces\/myproject\/imagestreams\/ruby\/status$/;

describe('controller runtime: API server faults, with the clock in the test', () => {
  let h: Harness;
  afterEach(() => h.stop());

  it('imports a new stream and writes its status with the resourceVersion it read', async () => {
    h = await startHarness({ streams: [stream([dockerTag('1', REF)])] });
    await eventually('imported', () => imported(h.api, 'ruby', '1') === Da);
    expect(statusWrites(h.api)).to.have.length(1);
    expect(h.registry.requests).to.have.length(1);
  });

  it('a dropped watch resumes from its resourceVersion, and a stream created meanwhile is imported', async () => {
    h = await startHarness();
    const lists = h.api.count('GET /apis/image.openshift.io/v1/imagestreams?limit');
    h.api.dropWatches();
    h.api.put(stream([dockerTag('1', REF)], [], { name: 'late' }));
    await advanceUntil(h.clock, 'imported after the watch resumed', () => imported(h.api, 'late', '1') === Da);
    expect(h.api.count('GET /apis/image.openshift.io/v1/imagestreams?limit'), 'no relist for a drop').to.equal(lists);
  });

  it('after a 410 the relist forgets a stream deleted meanwhile and imports one created meanwhile', async () => {
    const scheduled = dockerTag('1', REF, { importPolicy: { scheduled: true } });
    h = await startHarness({ streams: [stream([scheduled], [], { name: 'gone' })] });
    await eventually('the first stream imported', () => imported(h.api, 'gone', '1') === Da);
    expect(h.runtime.controller.scheduler.size()).to.equal(1);
    h.api.dropWatches();
    h.api.remove('myproject', 'gone');
    h.api.put(stream([dockerTag('1', REF)], [], { name: 'fresh' }));
    h.api.store.compact();
    await advanceUntil(h.clock, 'the new stream imported after the relist', () => imported(h.api, 'fresh', '1') === Da);
    expect(h.runtime.informer.get('myproject', 'gone')).to.equal(undefined);
    expect(h.runtime.controller.scheduler.size(), 'the deleted stream is unscheduled').to.equal(0);
  });

  it('in a 409 storm each write loses to a concurrent writer; the controller re-reads and keeps the writer\'s change', async () => {
    h = await startHarness();
    let storms = 0;
    h.api.intercept('PUT', STATUS_PUT, () => {
      storms += 1;
      const current = h.api.stream('myproject', 'ruby');
      const tags = [...statusTags(h.api, 'ruby').filter((t) => t.tag !== 'other'), { tag: 'other', items: [event(`other@${Db}`, Db, storms)] }];
      h.api.put({ ...current, status: { tags } });
    }, 3);
    h.api.put(stream([dockerTag('1', REF)]));
    await eventually('written after the storm', () => imported(h.api, 'ruby', '1') === Da);
    const tags = statusTags(h.api, 'ruby');
    expect(tags.map((t: NamedTagEventList) => t.tag).sort()).to.deep.equal(['1', 'other']);
    expect(tags.find((t) => t.tag === 'other')?.items?.[0]?.generation, 'the last concurrent write is kept').to.equal(3);
    // The three conflict retries reuse the registry's answer. A second round may start from the
    // informer's copy before the write reaches it and ask once more; its write then conflicts and changes nothing.
    expect(h.registry.requests.length, 'registry requests').to.be.at.most(2);
    const writes = await h.metrics.registry.getSingleMetricAsString('imagestream_controller_status_writes_total');
    expect(writes, 'one write got through').to.include('result="written"} 1');
    expect(Number(/result="conflict"} (\d+)/.exec(writes)?.[1]), 'each concurrent write was a conflict').to.be.at.least(3);
  });

  it('a storm longer than the conflict retries is retried later with backoff, never written over', async () => {
    h = await startHarness();
    h.api.intercept('PUT', STATUS_PUT, () => ({ code: 409, reason: 'Conflict' }), 6);
    h.api.put(stream([dockerTag('1', REF)]));
    await eventually('the round gave up', () => statusWrites(h.api).length === 6);
    expect(imported(h.api, 'ruby', '1')).to.equal(undefined);
    await advanceUntil(h.clock, 'written on the retry', () => imported(h.api, 'ruby', '1') === Da);
    expect(statusWrites(h.api)).to.have.length(7);
  });

  it('after an outage long enough to reach the longest delay, the relist brings the delay back, so the next restart costs half a second', async () => {
    h = await startHarness();
    await h.api.stop();
    await advanceUntil(h.clock, 'the delay at its maximum', () => h.runtime.informer.retryDelayMs() === 30_000, 1000);
    h.api.store.compact();
    await h.api.start();
    await advanceUntil(h.clock, 'relisted', () => h.runtime.informer.state() === 'Synced', 1000);
    expect(h.runtime.informer.retryDelayMs()).to.equal(500);
    await h.api.stop();
    await eventually('the watch failed', () => h.runtime.informer.state() === 'Disconnected');
    h.api.put(stream([dockerTag('1', REF)], [], { name: 'after-restart' }));
    await h.api.start();
    const started = h.clock.monotonic();
    await advanceUntil(h.clock, 'imported after the restart', () => imported(h.api, 'after-restart', '1') === Da, 100);
    expect(h.clock.monotonic() - started, 'waited the shortest delay, not 30 s').to.be.at.most(1000);
  });
});

/**
 * The shared informer against the fake API server, with the clock in the test's hand: the faults a
 * real kube-apiserver cannot be made to show on demand (a dropped watch, 410 Gone, an outage).
 */
import { expect } from 'chai';
import { IMAGE_STREAM_COLLECTION } from '../../src/kube/image-stream-api.js';
import { Informer } from '../../src/kube/informer.js';
import type { KubeObject } from '../../src/kube/list-watch.js';
import { createRestClient, type RestClient } from '../../src/kube/rest-client.js';
import { createLogger } from '../../src/log.js';
import { eventually } from '../http/support.js';
import { FakeApiServer } from '../support/fake-apiserver.js';
import { ManualClock } from '../support/manual-clock.js';

interface Kept {
  key: string;
  version: string | undefined;
}

const stream = (name: string, label = 'v1'): object => ({
  apiVersion: 'image.openshift.io/v1', kind: 'ImageStream', metadata: { name, namespace: 'team', annotations: { label } }, spec: { tags: [] },
});

const LIST = 'GET /apis/image.openshift.io/v1/imagestreams?limit';
const WATCH = 'GET /apis/image.openshift.io/v1/imagestreams?watch';

describe('Informer: list, watch and recovery with an injected clock', () => {
  let api: FakeApiServer;
  let client: RestClient;
  let clock: ManualClock;
  let informer: Informer<Kept>;
  let heard: string[];
  let projected: number;

  beforeEach(async () => {
    api = new FakeApiServer({ protocol: 'http' });
    for (const name of ['a', 'b', 'c']) api.put(stream(name));
    await api.start();
    client = createRestClient(api.connection());
    clock = new ManualClock();
    heard = [];
    projected = 0;
    informer = new Informer<Kept>({
      client,
      collection: IMAGE_STREAM_COLLECTION,
      project: (object: KubeObject) => {
        projected += 1;
        return { key: object.metadata?.name ?? '', version: object.metadata?.resourceVersion };
      },
      versionOf: (kept) => kept.version,
      handlers: {
        added: (kept) => heard.push(`added ${kept.key}`),
        updated: (before, after) => heard.push(`updated ${after.key} ${before.version ?? ''}→${after.version ?? ''}`),
        deleted: (kept) => heard.push(`deleted ${kept.key}`),
      },
      logger: createLogger({ level: 'silent' }),
      clock,
      pageSize: 2,
      backoff: { initialMs: 500, maxMs: 30_000 },
    });
    informer.start();
    await eventually('synced and watching', () => informer.isSynced() && api.count(WATCH) === 1);
  });
  afterEach(async () => {
    await informer.stop();
    client.close();
    await api.stop();
  });

  /** Waits until the informer sleeps on its one retry timer, then returns that timer's delay. */
  async function retryDelay(): Promise<number> {
    await eventually('a retry timer', () => clock.pending().length === 1);
    return clock.pending()[0] ?? Number.NaN;
  }

  const watchedFrom = (): string => new URL(api.requests.filter((r) => r.startsWith(WATCH)).at(-1)?.split(' ')[1] ?? '', 'http://x').searchParams.get('resourceVersion') ?? '';

  it('lists in pages and reports each stream once as added', () => {
    expect(api.count(LIST)).to.equal(2);
    expect(heard).to.deep.equal(['added a', 'added b', 'added c']);
    expect(informer.size()).to.equal(3);
  });

  it('resumes a dropped watch from the last resourceVersion without listing again', async () => {
    const version = String(api.store.rv);
    api.dropWatches();
    api.put(stream('d'));
    expect(await retryDelay()).to.equal(500);
    clock.advance(500);
    await eventually('d arrives', () => heard.includes('added d'));
    expect(watchedFrom()).to.equal(version);
    expect(api.count(LIST)).to.equal(2);
  });

  it('follows bookmarks, so a watch that ends starts again from the bookmarked version', async () => {
    api.store.put('configmaps', { metadata: { name: 'unrelated', namespace: 'team' } });
    api.sendBookmarks();
    const bookmarked = String(api.store.rv);
    await eventually('the bookmark is read', async () => {
      api.endWatches();
      return api.count(WATCH) >= 2 && watchedFrom() === bookmarked;
    });
    expect(api.count(LIST)).to.equal(2);
  });

  it('lists again at once after a 410 (an ERROR event after compaction) and reports what changed meanwhile', async () => {
    api.dropWatches();
    api.remove('team', 'b');
    api.put(stream('c', 'v2'));
    api.put(stream('e'));
    api.store.compact();
    const before = informer.get('team', 'c')?.version ?? '';
    clock.advance(await retryDelay());
    await eventually('relisted', () => heard.includes('added e'));
    expect(api.count(LIST)).to.equal(4);
    expect(heard.slice(3).sort()).to.deep.equal(['added e', 'deleted b', `updated c ${before}→${api.stream('team', 'c')?.metadata.resourceVersion ?? ''}`]);
    expect(projected, 'a, unchanged, is not projected again').to.equal(3 + 2);
  });

  it('lists again when the watch is answered 410 Gone', async () => {
    api.goneNextWatch = true;
    api.endWatches();
    clock.advance(await retryDelay());
    await eventually('relisted and watching again', () => api.count(LIST) === 4 && api.count(WATCH) === 3);
    expect(clock.pending(), 'no waiting after the 410').to.deep.equal([]);
  });

  it('after a relist that ends an outage, waits the shortest delay again at the next failure', async () => {
    await api.stop();
    const delays: number[] = [];
    for (let i = 0; i < 8; i += 1) {
      const delay = await retryDelay();
      delays.push(delay);
      if (i < 7) clock.advance(delay);
    }
    expect(delays).to.deep.equal([500, 1000, 2000, 4000, 8000, 16_000, 30_000, 30_000]);
    api.put(stream('late'));
    api.store.compact();
    await api.start();
    clock.advance(30_000);
    await eventually('relisted after the outage', () => heard.includes('added late') && informer.state() === 'Synced');
    expect(api.count(LIST)).to.equal(4);
    expect(informer.retryDelayMs()).to.equal(500);
    await api.stop();
    expect(await retryDelay(), 'a 2 s restart now costs half a second, not 30').to.equal(500);
  });

  it('stops at once even while a list is waiting for its answer', async () => {
    api.holdLists = new Promise(() => undefined);
    api.goneNextWatch = true;
    api.endWatches();
    clock.advance(await retryDelay());
    await eventually('a list is waiting', () => api.count(LIST) === 3);
    await informer.stop();
    expect(informer.state()).to.equal('Stopped');
  });

  it('keeps the last known streams through an outage and stays synced', async () => {
    await api.stop();
    await retryDelay();
    expect(informer.state()).to.equal('Disconnected');
    expect(informer.isSynced()).to.equal(true);
    expect(informer.size()).to.equal(3);
  });

  it('survives a handler that throws: later events still arrive', async () => {
    const failing = new Informer<Kept>({
      client, collection: IMAGE_STREAM_COLLECTION, clock, logger: createLogger({ level: 'silent' }),
      project: (object) => ({ key: object.metadata?.name ?? '', version: object.metadata?.resourceVersion }),
      versionOf: (kept) => kept.version,
      handlers: { added: (kept) => { if (kept.key === 'a') throw new Error('a bug in a user of the informer'); } },
    });
    failing.start();
    try {
      await eventually('synced', () => failing.isSynced());
      api.put(stream('z'));
      await eventually('z arrives', () => failing.get('team', 'z') !== undefined);
      expect(failing.size()).to.equal(4);
    } finally {
      await failing.stop();
    }
  });
});

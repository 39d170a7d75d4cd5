/**
 * The proof against the real thing: Debian's `docker-registry` (distribution 2.8) configured as the
 * chart will configure it, token auth pointing at the companion's /token and notifications at its
 * /events, and images pushed over the registry API with a Kubernetes token as the password. The
 * Kubernetes side is the fake API server (TokenReviews and RBAC answered by the test).
 */
import { expect } from 'chai';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'mocha';
import type { ImageStream } from '../../src/core/types.js';
import { pushImage, startRegistry, type TestRegistry } from '../support/registry/index.js';
import { eventCount, EVENTS_TOKEN, ISSUER, SERVICE, startCompanion, type CompanionHarness } from './companion-harness.js';

const HOSTNAME = 'registry.example:5000';

/** Waits for the registry's notification to have been handled: a deadline for a hung run, not a timing assertion. */
async function eventually<T>(read: () => T | undefined | Promise<T | undefined>, what: string): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await sleep(25);
  }
}

describe('integrated registry companion with the real docker-registry', function () {
  this.timeout(60_000);
  let h: CompanionHarness;
  let registry: TestRegistry;
  const as = (user: string) => ({ url: registry.url, caPem: h.ca, user: 'anyone', password: `${user}-token` });
  const stream = (name: string): ImageStream | undefined => h.api.stream('myproject', name) as ImageStream | undefined;
  const tagImages = (name: string, tag: string): string[] | undefined => {
    const items = stream(name)?.status?.tags?.find((t) => t.tag === tag)?.items;
    return items === undefined || items === null ? undefined : items.map((i) => i.image ?? '');
  };

  before(async () => {
    h = await startCompanion(HOSTNAME);
    registry = await startRegistry({
      mode: 'token', tls: false,
      tokenAuth: { realm: h.realm, service: SERVICE, issuer: ISSUER, rootCertBundle: h.tokenCertFile },
      notifications: { url: h.eventsUrl, token: EVENTS_TOKEN, timeout: '5s' },
    });
  });
  after(async () => {
    await registry?.stop();
    await h?.stop();
  });

  it('a user with push rights pushes with a Kubernetes token and the stream appears with the pushed digest', async () => {
    const pushed = await pushImage({ registry: as('alice'), repository: 'myproject/app', tags: ['v1'], kind: 'docker', content: 'app v1' });
    const images = await eventually(() => tagImages('app', 'v1'), 'the push of myproject/app:v1 to be recorded');
    expect(images).to.deep.equal([pushed.digest]);
    const recorded = stream('app');
    expect(recorded?.status?.dockerImageRepository).to.equal(`${HOSTNAME}/myproject/app`);
    expect(recorded?.status?.tags?.[0]?.items?.[0]?.dockerImageReference).to.equal(`${HOSTNAME}/myproject/app@${pushed.digest}`);
    // sub of the token is the event's actor.name: the registry saw the Kubernetes user. The log line
    // follows the status write, so under load the stream can be read before it is written.
    const line = await eventually(() => h.logs.withMessage('push recorded').find((entry) => entry.image === pushed.digest), 'the push recorded log line');
    expect(line).to.include({ actor: 'alice', tag: 'v1' });
  });

  it('new content under the same tag moves it and keeps the history', async () => {
    const first = tagImages('app', 'v1') ?? [];
    const pushed = await pushImage({ registry: as('alice'), repository: 'myproject/app', tags: ['v1'], kind: 'docker', content: 'app v1, rebuilt' });
    const images = await eventually(() => {
      const now = tagImages('app', 'v1');
      return now?.[0] === pushed.digest ? now : undefined;
    }, 'the tag to move');
    expect(images).to.deep.equal([pushed.digest, ...first]);
  });

  it('re-pushing the same manifest adds nothing', async () => {
    const before = tagImages('app', 'v1');
    const unchanged = h.logs.lines.length;
    const seen = await eventCount(h, 'unchanged');
    await pushImage({ registry: as('alice'), repository: 'myproject/app', tags: ['v1'], kind: 'docker', content: 'app v1, rebuilt' });
    await eventually(async () => ((await eventCount(h, 'unchanged')) > seen ? true : undefined), 'the re-push event to be handled');
    expect(tagImages('app', 'v1')).to.deep.equal(before);
    expect(h.logs.lines.slice(unchanged).filter((line) => line.msg === 'push recorded')).to.deep.equal([]);
  });

  it('a multi-arch index records its own digest once; its children pushed by digest record nothing', async () => {
    const pushed = await pushImage({ registry: as('alice'), repository: 'myproject/multi', tags: ['latest'], kind: 'oci-index', content: 'multi' });
    const images = await eventually(() => tagImages('multi', 'latest'), 'the index push to be recorded');
    expect(images).to.deep.equal([pushed.digest]);
    expect(stream('multi')?.status?.tags?.map((t) => t.tag)).to.deep.equal(['latest']);
  });

  it('a user with update on layers but no create cannot push a new stream: the registry refuses the token', async () => {
    await pushImage({ registry: as('bob'), repository: 'myproject/bobs', tags: ['v1'], kind: 'docker' })
      .then(() => expect.fail('the push should be refused'), (err: Error) => expect(err.message).to.match(/still 401/));
    expect(stream('bobs')).to.equal(undefined);
  });

  it('the same user pushes to an existing stream', async () => {
    const pushed = await pushImage({ registry: as('bob'), repository: 'myproject/app', tags: ['bob'], kind: 'docker', content: 'by bob' });
    expect(await eventually(() => tagImages('app', 'bob'), 'bob\'s push to be recorded')).to.deep.equal([pushed.digest]);
  });

  it('a user without rights gets no push access and nothing is written', async () => {
    await pushImage({ registry: as('carol'), repository: 'myproject/app', tags: ['carol'], kind: 'docker' })
      .then(() => expect.fail('the push should be refused'), (err: Error) => expect(err.message).to.match(/still 401/));
    expect(tagImages('app', 'carol')).to.equal(undefined);
  });

  it('a forged password gets no token at all', async () => {
    await pushImage({ registry: { ...as('mallory'), password: 'forged' }, repository: 'myproject/app', tags: ['x'], kind: 'docker' })
      .then(() => expect.fail('the push should be refused'), (err: Error) => expect(err.message).to.match(/token realm answered 401/));
  });
});

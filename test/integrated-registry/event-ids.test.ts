/** Events are handled once per id, including ids still being handled when the registry redelivers them. */
import { expect } from 'chai';
import { describe, it } from 'mocha';
import { EventIds } from '../../src/integrated-registry/event-ids.js';

describe('integrated registry: event ids', () => {
  it('a new id is handled and its result returned', async () => {
    const ids = new EventIds();
    expect(await ids.once('a', async () => 'written')).to.deep.equal({ first: 'written' });
  });

  it('an id handled before is a duplicate and is not handled again', async () => {
    const ids = new EventIds();
    let runs = 0;
    await ids.once('a', async () => (runs += 1));
    expect(await ids.once('a', async () => (runs += 1))).to.deep.equal({ duplicate: true });
    expect(runs).to.equal(1);
  });

  it('an id redelivered while its first handling runs waits for it and is a duplicate', async () => {
    const ids = new EventIds();
    let finish = (): void => undefined;
    let runs = 0;
    const first = ids.once('a', () => new Promise<string>((resolve) => {
      runs += 1;
      finish = () => resolve('written');
    }));
    const second = ids.once('a', async () => (runs += 1));
    expect(ids.pending).to.equal(1);
    finish();
    expect(await first).to.deep.equal({ first: 'written' });
    expect(await second).to.deep.equal({ duplicate: true });
    expect(runs).to.equal(1);
    expect(ids.pending).to.equal(0);
  });

  it('a failed handling is forgotten, so the redelivery handles it again', async () => {
    const ids = new EventIds();
    let fail = true;
    const handle = async (): Promise<string> => {
      if (fail) throw new Error('conflict storm');
      return 'written';
    };
    await ids.once('a', handle).then(() => expect.fail('should fail'), (err: Error) => expect(err.message).to.equal('conflict storm'));
    fail = false;
    expect(await ids.once('a', handle)).to.deep.equal({ first: 'written' });
  });

  it('a redelivery waiting on a handling that fails fails too, so the registry retries', async () => {
    const ids = new EventIds();
    let reject = (_: Error): void => undefined;
    const first = ids.once('a', () => new Promise<string>((_, no) => (reject = no)));
    const second = ids.once('a', async () => 'never');
    reject(new Error('api server down'));
    await first.catch(() => undefined);
    await second.then(() => expect.fail('should fail'), (err: Error) => expect(err.message).to.equal('api server down'));
  });

  it('remembers only the newest ids, so memory stays bounded', async () => {
    const ids = new EventIds(2);
    for (const id of ['a', 'b', 'c']) await ids.once(id, async () => id);
    expect(await ids.once('a', async () => 'again')).to.deep.equal({ first: 'again' });
    expect(await ids.once('c', async () => 'again')).to.deep.equal({ duplicate: true });
  });
});

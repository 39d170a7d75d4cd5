import { expect } from 'chai';
import {
  formatRemovedTags, isFenceApplied, readRemovedTags, REMOVED_TAGS_ANNOTATION, withoutRemovedHistory, type FencedStatusTag, type RemovedTag,
} from '../../src/core/removed-tags.js';
import { Da, Db, Dc } from '../helpers/builders.js';

const event = (created: string, image: string, generation: number) => ({ created, dockerImageReference: `quay.io/acme/app@${image}`, image, generation });
const OLD = event('2024-05-01T10:00:00Z', Da, 2);
const READ = event('2024-05-01T11:00:00Z', Db, 3);
const LATER = event('2024-05-01T12:00:00Z', Dc, 7);
const FENCE: RemovedTag = { generation: 5, created: READ.created, image: Db };
const failed = (generation: number) => ({ type: 'ImportSuccess', status: 'False', reason: 'NotFound', message: 'not found', generation });

describe('removed-tags marker: reading and writing the annotation', () => {
  it('reads the entries it writes, in tag order', () => {
    const removed = new Map([['z', { generation: 1 }], ['a', FENCE]]);
    const text = formatRemovedTags(removed);
    expect(text).to.equal(`{"a":{"generation":5,"created":"${READ.created}","image":"${Db}"},"z":{"generation":1}}`);
    expect(readRemovedTags({ [REMOVED_TAGS_ANNOTATION]: text })).to.deep.equal(new Map([['a', FENCE], ['z', { generation: 1 }]]));
  });

  const unreadable: { name: string; value: string }[] = [
    { name: 'text that is not JSON', value: 'v1,v2' },
    { name: 'a JSON array', value: '["v1"]' },
    { name: 'an entry without a whole-number generation', value: '{"v1":{"generation":"5"}}' },
  ];
  for (const c of unreadable) {
    it(`drops nothing on a guess: ${c.name} yields no entry`, () => {
      expect(readRemovedTags({ [REMOVED_TAGS_ANNOTATION]: c.value }).size).to.equal(0);
    });
  }

  it('takes a tag named like an Object.prototype member as a tag', () => {
    expect([...readRemovedTags({ [REMOVED_TAGS_ANNOTATION]: '{"__proto__":{"generation":1},"constructor":{"generation":2}}' }).keys()]).to.deep.equal(['__proto__', 'constructor']);
  });
});

describe('removed-tags marker: what the import controller drops', () => {
  const cases: { name: string; statusTag: FencedStatusTag; want: FencedStatusTag | undefined }[] = [
    { name: 'the whole history as read, so the status tag goes', statusTag: { tag: 'v1', items: [READ, OLD], conditions: [failed(4)] }, want: undefined },
    { name: 'only what was read: an event recorded later stays', statusTag: { tag: 'v1', items: [LATER, READ, OLD] }, want: { tag: 'v1', items: [LATER], conditions: [] } },
    { name: 'conditions of a later generation stay', statusTag: { tag: 'v1', items: [READ], conditions: [failed(6)] }, want: { tag: 'v1', items: [], conditions: [failed(6)] } },
    { name: 'nothing once the fenced event has left the history', statusTag: { tag: 'v1', items: [LATER] }, want: { tag: 'v1', items: [LATER] } },
  ];
  for (const c of cases) {
    it(`drops ${c.name}`, () => {
      expect(withoutRemovedHistory(c.statusTag, FENCE)).to.deep.equal(c.want);
    });
  }

  it('returns the same object when there is nothing to drop, so the controller writes nothing', () => {
    const statusTag = { tag: 'v1', items: [LATER] };
    expect(withoutRemovedHistory(statusTag, FENCE)).to.equal(statusTag);
    expect(isFenceApplied(statusTag, FENCE)).to.equal(true);
    expect(isFenceApplied(undefined, FENCE)).to.equal(true);
    expect(isFenceApplied({ tag: 'v1', items: [READ] }, FENCE)).to.equal(false);
  });

  it('with a fence from a tag that had no events, drops only old conditions', () => {
    expect(withoutRemovedHistory({ tag: 'v1', items: [LATER], conditions: [failed(5)] }, { generation: 5 })).to.deep.equal({ tag: 'v1', items: [LATER], conditions: [] });
  });
});

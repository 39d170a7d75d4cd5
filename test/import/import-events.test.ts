/** Table of the Events a status write records: once per change of a failure's reason, and on each new image. */
import { expect } from 'chai';
import { describe, it } from 'mocha';
import { importEvents } from '../../src/import/import-events.js';
import type { ImageStreamStatus, NamedTagEventList } from '../../src/core/types.js';
import { Da, Db, event } from './support.js';

const REPO = '127.0.0.1:5000/acme/app';
const UNAUTHORIZED = `you may not have access to the container image "${REPO}:1"`;

function failing(reason: string, message: string, items = [] as NamedTagEventList['items'], generation = 1): NamedTagEventList {
  return { tag: '1', items, conditions: [{ type: 'ImportSuccess', status: 'False', reason, message, generation }] };
}
const good = (image: string): NamedTagEventList => ({ tag: '1', items: [event(`${REPO}@${image}`, image, 1)] });
const status = (...tags: NamedTagEventList[]): ImageStreamStatus => ({ tags });

describe('importEvents: what a status write records on the stream', () => {
  const cases: { name: string; before?: ImageStreamStatus; after: ImageStreamStatus; want: string[] }[] = [
    { name: 'a first failure records ImportFailed with the condition message verbatim', before: status(), after: status(failing('Unauthorized', UNAUTHORIZED)),
      want: [`Warning ImportFailed Importing tag "1" failed (Unauthorized): ${UNAUTHORIZED}`] },
    { name: 'the same reason again (a retry) records nothing', before: status(failing('Unauthorized', UNAUTHORIZED)), after: status(failing('Unauthorized', UNAUTHORIZED, [], 2)), want: [] },
    { name: 'a new message with the same reason records nothing', before: status(failing('InternalError', 'connection refused')), after: status(failing('InternalError', 'answered HTTP 503')), want: [] },
    { name: 'a new reason records ImportFailed again', before: status(failing('BadRequest', 'HTTP only')), after: status(failing('Unauthorized', UNAUTHORIZED)),
      want: [`Warning ImportFailed Importing tag "1" failed (Unauthorized): ${UNAUTHORIZED}`] },
    { name: 'a tag\'s first image records Imported', before: undefined, after: status(good(Da)), want: [`Normal Imported Tag "1" imported: ${REPO}@${Da}`] },
    { name: 'a new digest records Imported', before: status(good(Da)), after: status({ tag: '1', items: [event(`${REPO}@${Db}`, Db, 2), event(`${REPO}@${Da}`, Da, 1)] }), want: [`Normal Imported Tag "1" imported: ${REPO}@${Db}`] },
    { name: 'the same digest at a new generation records nothing', before: status(good(Da)), after: status({ tag: '1', items: [event(`${REPO}@${Da}`, Da, 2)] }), want: [] },
    { name: 'a heal with the same digest as before the failure records nothing (the condition just goes)', before: status(failing('InternalError', 'down', [event(`${REPO}@${Da}`, Da, 1)])), after: status(good(Da)), want: [] },
    { name: 'a failure after a heal records ImportFailed again, even with the earlier reason', before: status(good(Da)), after: status(failing('Unauthorized', UNAUTHORIZED, [event(`${REPO}@${Da}`, Da, 1)])),
      want: [`Warning ImportFailed Importing tag "1" failed (Unauthorized): ${UNAUTHORIZED}`] },
    { name: 'a reference tag\'s new pull spec records Imported', before: status(), after: status({ tag: '1', items: [event(`${REPO}:1`, '', 1)] }), want: [`Normal Imported Tag "1" imported: ${REPO}:1`] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(importEvents(c.before, c.after).map((e) => `${e.type} ${e.reason} ${e.message}`)).to.deep.equal(c.want);
    });
  }
});

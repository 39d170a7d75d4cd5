/** RBAC answers → the actions a token grants: pull = get imagestreams/layers, push = update layers (+ create imagestreams for a new stream). */
import { expect } from 'chai';
import { describe, it } from 'mocha';
import { grantedActions, questionsFor, type AccessQuestion } from '../../src/integrated-registry/grant.js';
import type { RequestedAccess } from '../../src/integrated-registry/scope.js';

const both: RequestedAccess = { namespace: 'ns', name: 'app', actions: ['pull', 'push'] };
const pullOnly: RequestedAccess = { namespace: 'ns', name: 'app', actions: ['pull'] };
const GET: AccessQuestion = 'get imagestreams/layers';
const UPDATE: AccessQuestion = 'update imagestreams/layers';
const CREATE: AccessQuestion = 'create imagestreams';

const cases: { name: string; access: RequestedAccess; exists: boolean; allowed: AccessQuestion[]; questions: AccessQuestion[]; granted: string[] }[] = [
  { name: 'an editor pushes to a new stream', access: both, exists: false, allowed: [GET, UPDATE, CREATE], questions: [GET, UPDATE, CREATE], granted: ['pull', 'push'] },
  { name: 'an editor pushes to an existing stream without create being asked', access: both, exists: true, allowed: [GET, UPDATE], questions: [GET, UPDATE], granted: ['pull', 'push'] },
  { name: 'update on layers alone pushes to an existing stream', access: both, exists: true, allowed: [GET, UPDATE], questions: [GET, UPDATE], granted: ['pull', 'push'] },
  { name: 'update on layers alone cannot create a stream', access: both, exists: false, allowed: [GET, UPDATE], questions: [GET, UPDATE, CREATE], granted: ['pull'] },
  { name: 'a viewer pulls but does not push', access: both, exists: true, allowed: [GET], questions: [GET, UPDATE], granted: ['pull'] },
  { name: 'a user without rights gets nothing', access: both, exists: false, allowed: [], questions: [GET, UPDATE, CREATE], granted: [] },
  { name: 'pull does not depend on the stream existing', access: pullOnly, exists: false, allowed: [GET], questions: [GET], granted: ['pull'] },
  { name: 'push rights without get still grant push alone', access: both, exists: true, allowed: [UPDATE], questions: [GET, UPDATE], granted: ['push'] },
];

describe('integrated registry: grants', () => {
  for (const c of cases) {
    it(c.name, () => {
      expect(questionsFor(c.access, c.exists)).to.deep.equal(c.questions);
      expect(grantedActions(c.access, c.exists, new Set(c.allowed))).to.deep.equal(c.granted);
    });
  }
});

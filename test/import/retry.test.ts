/** Tables of the retry rule: which failed tags are tried again, on what, and after how long. */
import { expect } from 'chai';
import { describe, it } from 'mocha';
import { triggerOf, REPOSITORY_KEY, type ImportDemand } from '../../src/import/plan.js';
import { importMetadataChanged, retryDelayMs, retryRuleOf, tagsToRetry, MAX_RETRY_DELAY_MS, type RetryRule, type RetryWake } from '../../src/import/retry.js';
import type { NamedTagEventList, TagReference } from '../../src/core/types.js';
import { Da, dockerTag, event, stream } from './support.js';

const REF = '127.0.0.1:5001/insec/img:1';
const HTTP_ONLY = 'the repository 127.0.0.1:5001/insec/img is HTTP only and requires the insecure flag to import';

function failed(tag: string, reason: string, message = `${reason} happened`, generation = 1): NamedTagEventList {
  return { tag, items: [], conditions: [{ type: 'ImportSuccess', status: 'False', reason, message, generation }] };
}

describe('retryRuleOf: what may heal a failed import', () => {
  const cases: { name: string; reason: string; message?: string; want: RetryRule }[] = [
    { name: 'Unauthorized is retried with backoff and at once on a pull Secret or metadata change', reason: 'Unauthorized', want: { backoff: true, wakeOn: ['ImportMetadata', 'PullSecret'] } },
    { name: 'NotFound is retried with backoff (the tag may be pushed) and on a pull Secret change', reason: 'NotFound', want: { backoff: true, wakeOn: ['ImportMetadata', 'PullSecret'] } },
    { name: 'TooManyRequests is retried with backoff and on a pull Secret change', reason: 'TooManyRequests', want: { backoff: true, wakeOn: ['ImportMetadata', 'PullSecret'] } },
    { name: 'Forbidden is retried with backoff and at once on an RBAC or pull Secret change', reason: 'Forbidden', want: { backoff: true, wakeOn: ['ImportMetadata', 'PullSecret', 'Binding'] } },
    { name: 'InternalError (unreachable registry) is retried with backoff', reason: 'InternalError', want: { backoff: true, wakeOn: ['ImportMetadata'] } },
    { name: 'BadRequest of an HTTP-only registry is retried with backoff and at once on the insecure annotation', reason: 'BadRequest', message: HTTP_ONLY, want: { backoff: true, wakeOn: ['ImportMetadata'] } },
    { name: 'BadRequest of a malformed reference waits for a spec change', reason: 'BadRequest', message: 'invalid image reference "x": bad', want: { backoff: false, wakeOn: [] } },
    { name: 'Invalid waits for a spec change', reason: 'Invalid', want: { backoff: false, wakeOn: [] } },
    { name: 'Blocked waits for a spec change', reason: 'Blocked', want: { backoff: false, wakeOn: [] } },
    { name: 'an unknown reason waits for a spec change', reason: 'SomethingElse', want: { backoff: false, wakeOn: [] } },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(retryRuleOf(c.reason, c.message ?? `${c.reason} happened`)).to.deep.equal(c.want);
    });
  }
});

describe('retryDelayMs: the backoff', () => {
  const cases: { name: string; attempt: number; baseMs?: number; want: number }[] = [
    { name: 'the first retry waits the default base, within 30 s', attempt: 1, want: 10_000 },
    { name: 'the second retry waits twice as long', attempt: 2, want: 20_000 },
    { name: 'the seventh retry waits 64 times the base', attempt: 7, want: 640_000 },
    { name: 'the eighth retry is capped at 15 minutes', attempt: 8, want: MAX_RETRY_DELAY_MS },
    { name: 'a thousandth retry stays capped (no overflow)', attempt: 1000, want: MAX_RETRY_DELAY_MS },
    { name: 'an attempt below 1 counts as the first', attempt: 0, baseMs: 1000, want: 1000 },
    { name: 'a configured base doubles from itself', attempt: 3, baseMs: 1000, want: 4000 },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(retryDelayMs(c.attempt, c.baseMs)).to.equal(c.want);
    });
  }
});

describe('tagsToRetry: which failed tags a cause retries', () => {
  const mixed = stream(
    [dockerTag('auth', REF), dockerTag('xns', 'x', { from: { kind: 'ImageStreamTag', name: 'app:1', namespace: 'other' } } as Partial<TagReference>), dockerTag('http', REF), dockerTag('bad', REF), dockerTag('ok', REF), dockerTag('blocked', REF)],
    [failed('auth', 'Unauthorized'), failed('xns', 'Forbidden'), failed('http', 'BadRequest', HTTP_ONLY), failed('bad', 'Invalid'), { tag: 'ok', items: [event(REF, Da, 1)] }, failed('blocked', 'Blocked'), failed('removed', 'Unauthorized')],
  );
  const cases: { name: string; cause: RetryWake | 'Backoff'; want: string[] }[] = [
    { name: 'the backoff retries every healable failure, never Invalid, Blocked, a good tag or a removed tag', cause: 'Backoff', want: ['auth', 'xns', 'http'] },
    { name: 'a pull Secret change retries Unauthorized and Forbidden', cause: 'PullSecret', want: ['auth', 'xns'] },
    { name: 'an RBAC change retries only Forbidden', cause: 'Binding', want: ['xns'] },
    { name: 'an import metadata change retries every healable failure', cause: 'ImportMetadata', want: ['auth', 'xns', 'http'] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect([...tagsToRetry(mixed, c.cause)]).to.deep.equal(c.want);
    });
  }
  it('a failed tag of spec.dockerImageRepository is retried by listing the repository again', () => {
    const repository = stream([], [failed('v9', 'Unauthorized')], { repository: '127.0.0.1:5001/insec/img' });
    expect([...tagsToRetry(repository, 'PullSecret')]).to.deep.equal([REPOSITORY_KEY]);
  });
  it('a condition that is not False is not a failure', () => {
    const healed = stream([dockerTag('t', REF)], [{ tag: 't', items: [], conditions: [{ type: 'ImportSuccess', status: 'True', reason: 'Unauthorized' }] }]);
    expect([...tagsToRetry(healed, 'Backoff')]).to.deep.equal([]);
  });
});

describe('triggerOf with a retry demand', () => {
  const demand: ImportDemand = { due: new Set(), forced: new Set(), retry: new Set(['t']) };
  it('a failed tag asked to be retried is imported as Retry at its observed generation', () => {
    const before = stream([dockerTag('t', REF, { generation: 2 })], [failed('t', 'Unauthorized', 'x', 2)], { generation: 2 });
    expect(triggerOf(before, before.spec?.tags?.[0] as TagReference, demand)).to.deep.equal({ trigger: 'Retry', generation: 2 });
  });
  it('a tag that no longer fails is not imported for a stale retry', () => {
    const before = stream([dockerTag('t', REF, { generation: 2 })], [{ tag: 't', items: [event(REF, Da, 2)] }], { generation: 2 });
    expect(triggerOf(before, before.spec?.tags?.[0] as TagReference, demand)).to.equal(undefined);
  });
  it('a spec change seen with a retry is a change, not a retry', () => {
    const before = stream([dockerTag('t', REF, { generation: 3 })], [failed('t', 'Unauthorized', 'x', 2)], { generation: 3 });
    expect(triggerOf(before, before.spec?.tags?.[0] as TagReference, demand)?.trigger).to.equal('Changed');
  });
});

describe('importMetadataChanged', () => {
  const cases: { name: string; before?: Record<string, string>; after?: Record<string, string>; want: boolean }[] = [
    { name: 'adding the insecure annotation is a change', after: { 'openshift.io/image.insecureRepository': 'true' }, want: true },
    { name: 'removing it is a change', before: { 'openshift.io/image.insecureRepository': 'true' }, want: true },
    { name: 'another annotation is not', before: { a: '1' }, after: { a: '2' }, want: false },
    { name: 'the same value is not', before: { 'openshift.io/image.insecureRepository': 'true' }, after: { 'openshift.io/image.insecureRepository': 'true', b: '1' }, want: false },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const before = stream([], [], c.before === undefined ? {} : { annotations: c.before });
      const after = stream([], [], c.after === undefined ? {} : { annotations: c.after });
      expect(importMetadataChanged(before, after)).to.equal(c.want);
    });
  }
});

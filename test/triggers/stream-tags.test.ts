import { expect } from 'chai';
import { describe, it } from 'mocha';
import type { ImageStream, TagReference } from '../../src/core/types.js';
import { movedTags, streamTagLookupFrom, streamTagStates, triggeredPullSpec, type StreamTagState } from '../../src/triggers/stream-tags.js';
import { Da, Db, Dc, REG } from '../helpers/builders.js';
import { NS, STREAMS } from './support.js';

const REPO = `${REG}/${NS}/app`;

/** A stream `app` with the given spec tags and status events (`[reference, image]` pairs, newest first). */
function app(specTags: TagReference[], status: Record<string, [string, string][]>, repository: string | undefined = REPO): ImageStream {
  return {
    metadata: { name: 'app', namespace: NS },
    spec: { tags: specTags },
    status: {
      ...(repository === undefined ? {} : { dockerImageRepository: repository }),
      tags: Object.entries(status).map(([tag, items]) => ({ tag, items: items.map(([dockerImageReference, image]) => ({ dockerImageReference, image })) })),
    },
  };
}

describe('triggeredPullSpec', () => {
  const cases: { name: string; state: StreamTagState; want: string | undefined }[] = [
    { name: 'Source pins the event\'s reference to its digest', state: { tagKnown: true, event: { dockerImageReference: `quay.io/acme/app@${Da}`, image: Da } },
      want: `quay.io/acme/app@${Da}` },
    { name: 'Source drops a tag the event\'s reference still carries, so the result is a digest reference',
      state: { tagKnown: true, event: { dockerImageReference: 'quay.io/acme/app:v1', image: Da } }, want: `quay.io/acme/app@${Da}` },
    { name: 'Local of an image pushed to the integrated registry gives the stream\'s repository at the digest',
      state: { tagKnown: true, referencePolicyType: 'Local', dockerImageRepository: REPO, event: { dockerImageReference: `${REPO}:v1`, image: Da } },
      want: `${REPO}@${Da}` },
    { name: 'D20: Local of an imported image gives its source, since the integrated registry does not hold it',
      state: { tagKnown: true, referencePolicyType: 'Local', dockerImageRepository: REPO, event: { dockerImageReference: `quay.io/acme/app@${Da}`, image: Da } },
      want: `quay.io/acme/app@${Da}` },
    { name: 'D20: Local of an image pushed to another stream\'s repository gives that repository, where the image is',
      state: { tagKnown: true, referencePolicyType: 'Local', dockerImageRepository: REPO, event: { dockerImageReference: `${REG}/${NS}/base@${Da}`, image: Da } },
      want: `${REG}/${NS}/base@${Da}` },
    { name: 'Local without a stream repository falls back to the source',
      state: { tagKnown: true, referencePolicyType: 'Local', event: { dockerImageReference: `quay.io/acme/app@${Da}`, image: Da } }, want: `quay.io/acme/app@${Da}` },
    { name: 'a tag without an event has none', state: { tagKnown: true }, want: undefined },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(triggeredPullSpec(c.state, 'v1')).to.equal(c.want);
    });
  }
});

describe('streamTagStates', () => {
  it('reads every tag of spec and status once, the first entry of a name counting', () => {
    const stream = app([{ name: 'v1', referencePolicy: { type: 'Local' } }, { name: 'v1' }, { name: 'pending' }], {
      v1: [[`quay.io/acme/app@${Da}`, Da], [`quay.io/acme/app@${Db}`, Db]],
      ref: [['quay.io/acme/app:ref', '']],
    });
    stream.status?.tags?.push({ tag: 'v1', items: [{ dockerImageReference: `quay.io/acme/app@${Dc}`, image: Dc }] });
    expect(Object.fromEntries(streamTagStates(stream))).to.deep.equal({
      v1: { tagKnown: true, dockerImageRepository: REPO, referencePolicyType: 'Local', event: { dockerImageReference: `quay.io/acme/app@${Da}`, image: Da } },
      pending: { tagKnown: true, dockerImageRepository: REPO },
      ref: { tagKnown: true, dockerImageRepository: REPO },
    });
  });

  it('answers lookups: a missing stream, a missing tag, and a known tag', () => {
    const lookup = streamTagLookupFrom(STREAMS);
    expect(lookup(NS, 'nothere', 'v1')).to.equal(undefined);
    expect(lookup(NS, 'app', 'v9')).to.deep.equal({ tagKnown: false });
    expect(lookup(NS, 'app', 'pending')).to.deep.equal({ tagKnown: true, dockerImageRepository: REPO });
  });
});

describe('movedTags', () => {
  const v1 = (digest: string): [string, string] => [`quay.io/acme/app@${digest}`, digest];
  const pushed = (digest: string): [string, string] => [`${REPO}@${digest}`, digest];
  const cases: { name: string; before: ImageStream | undefined; after: ImageStream; want: string[] }[] = [
    { name: 'a new stream moves every tag that has an image', before: undefined,
      after: app([{ name: 'v1' }, { name: 'pending' }], { v1: [v1(Da)], v2: [v1(Db)] }), want: ['v1', 'v2'] },
    { name: 'an unchanged stream moves nothing', before: app([], { v1: [v1(Da)] }), after: app([], { v1: [v1(Da)] }), want: [] },
    { name: 'a new current event moves its tag only', before: app([], { v1: [v1(Da)], v2: [v1(Db)] }),
      after: app([], { v1: [v1(Dc), v1(Da)], v2: [v1(Db)] }), want: ['v1'] },
    { name: 'history growing behind the current event moves nothing', before: app([], { v1: [v1(Da)] }), after: app([], { v1: [v1(Da), v1(Db)] }), want: [] },
    { name: 'D20: a reference policy turned Local moves nothing, since an imported image is still pulled from its source',
      before: app([{ name: 'v1' }], { v1: [v1(Da)] }), after: app([{ name: 'v1', referencePolicy: { type: 'Local' } }], { v1: [v1(Da)] }), want: [] },
    { name: 'D20: a new stream repository moves nothing, since a pushed image stays where it was pushed',
      before: app([{ name: 'l', referencePolicy: { type: 'Local' } }], { l: [pushed(Da)], s: [v1(Db)] }),
      after: app([{ name: 'l', referencePolicy: { type: 'Local' } }], { l: [pushed(Da)], s: [v1(Db)] }, `${REG}/moved/app`), want: [] },
    { name: 'a push to a Local tag moves it to the integrated registry', before: app([{ name: 'l', referencePolicy: { type: 'Local' } }], { l: [v1(Da)] }),
      after: app([{ name: 'l', referencePolicy: { type: 'Local' } }], { l: [pushed(Db), v1(Da)] }), want: ['l'] },
    { name: 'a tag that lost its image moves nothing, since there is nothing to write', before: app([], { v1: [v1(Da)] }),
      after: app([{ name: 'v1' }], {}), want: [] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(movedTags(c.before, c.after)).to.deep.equal(c.want);
    });
  }
});

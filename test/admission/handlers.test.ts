/**
 * The two handlers behind the admission edge, without HTTP: which requests each takes, and the
 * ImageStream handler's decision (refuse what the import controller could never act on, else stamp).
 */
import { expect } from 'chai';
import { createImageStreamHandler, LISTED_PROBLEMS_MAX } from '../../src/admission/imagestream-handler.js';
import { createPodTemplateHandler } from '../../src/admission/pod-template-handler.js';
import { createStaticLookups } from '../../src/core/static-lookups.js';
import type { AdmissionAttributes, Decision, Phase } from '../../src/core/types.js';
import { ALL, attrs, C0, Da, pod, workload } from '../helpers/builders.js';

const STREAMS = { group: 'image.openshift.io', resource: 'imagestreams' };
const FROM = { kind: 'DockerImage', name: 'quay.io/acme/app:1' };

function stream(tags: unknown, generation?: number): Record<string, unknown> {
  return { apiVersion: 'image.openshift.io/v1', kind: 'ImageStream', metadata: { name: 'app', ...(generation === undefined ? {} : { generation }) }, spec: { tags } };
}
const streamWrite = (object: Record<string, unknown>, o: Partial<AdmissionAttributes> = {}): AdmissionAttributes => attrs(object, { resource: STREAMS, name: 'app', ...o });

const imageStreams = createImageStreamHandler();
const podTemplates = createPodTemplateHandler({ config: C0, lookups: createStaticLookups(ALL, 'myproject') });
const deployment = workload('apps/v1', 'Deployment', { containers: [{ name: 'app', image: 'ruby:2.5' }] });

describe('which requests each admission handler takes', () => {
  const cases: { name: string; request: AdmissionAttributes; phase?: Phase; podTemplate: boolean; imageStream: boolean }[] = [
    { name: 'a Pod CREATE goes to the pod-template policy', request: attrs(pod({ containers: [{ name: 'a', image: 'ruby' }] })), podTemplate: true, imageStream: false },
    { name: 'a Deployment UPDATE goes to the pod-template policy', request: attrs(deployment, { operation: 'UPDATE' }), podTemplate: true, imageStream: false },
    { name: 'a Pod DELETE still goes to the pod-template policy, which lets it pass', request: attrs(pod({ containers: [] }), { operation: 'DELETE' }), podTemplate: true, imageStream: false },
    { name: 'a ConfigMap goes to neither', request: attrs({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } }), podTemplate: false, imageStream: false },
    { name: 'an ImageStream CREATE goes to the ImageStream handler', request: streamWrite(stream([])), podTemplate: false, imageStream: true },
    { name: 'an ImageStream UPDATE in the validating phase goes to the ImageStream handler', request: streamWrite(stream([]), { operation: 'UPDATE' }), phase: 'validate', podTemplate: false, imageStream: true },
    { name: 'an ImageStream status write goes to neither', request: streamWrite(stream([]), { operation: 'UPDATE', subResource: 'status' }), podTemplate: false, imageStream: false },
    { name: 'an ImageStream DELETE goes to neither', request: streamWrite(stream([]), { operation: 'DELETE' }), podTemplate: false, imageStream: false },
    { name: 'imagestreams of another API group go to neither', request: streamWrite(stream([]), { resource: { group: 'acme.io', resource: 'imagestreams' } }), podTemplate: false, imageStream: false },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const phase = c.phase ?? 'mutate';
      expect({ podTemplate: podTemplates.handles(c.request, phase), imageStream: imageStreams.handles(c.request, phase) }).to.deep.equal({ podTemplate: c.podTemplate, imageStream: c.imageStream });
    });
  }
});

const decide = (request: AdmissionAttributes, phase: Phase = 'mutate'): Decision => {
  const decision = imageStreams.decide(request, phase);
  if (decision instanceof Promise) throw new Error('the ImageStream handler never waits');
  return decision;
};

describe('ImageStream handler: refuses spec tags the import controller could never act on', () => {
  const cases: { name: string; tags: unknown[]; says: string[] }[] = [
    {
      name: 'an unknown from.kind, named by its tag',
      tags: [{ name: 'v1', from: FROM }, { name: 'v2', from: { kind: 'Image', name: 'x' } }],
      says: ['tag "v2": spec.tags[1].from.kind: Unsupported value: "Image": supported values: "DockerImage", "ImageStreamTag", "ImageStreamImage"'],
    },
    {
      name: 'an ImageStreamTag source with two colons',
      tags: [{ name: 'alias', from: { kind: 'ImageStreamTag', name: 'a:b:c' } }],
      says: ['tag "alias": spec.tags[0].from.name: Invalid value: "a:b:c": must be <tag> or <stream>:<tag>'],
    },
    {
      name: 'an ImageStreamImage source without a digest',
      tags: [{ name: 'pinned', from: { kind: 'ImageStreamImage', name: 'other:1' } }],
      says: ['tag "pinned": spec.tags[0].from.name: Invalid value: "other:1": must be <stream>@<digest>'],
    },
    {
      name: 'a DockerImage source that is not a registry reference',
      tags: [{ name: 'up', from: { kind: 'DockerImage', name: 'acme/App:1' } }],
      says: ['tag "up": spec.tags[0].from.name: Invalid value: "acme/App:1": repository name must be lowercase'],
    },
    {
      name: 'a duplicate tag name, reported on its second entry',
      tags: [{ name: 'v1', from: FROM }, { name: 'v1', from: FROM }],
      says: ['tag "v1": spec.tags[1].name: Duplicate value: "v1"'],
    },
    {
      name: 'a tag without a name, by position only',
      tags: [{ from: FROM }],
      says: ['spec.tags[0].name: Invalid value: undefined: a tag name is 1-128 letters'],
    },
  ];
  for (const c of cases) {
    it(`${c.name}: 422 Invalid`, () => {
      const decision = decide(streamWrite(stream(c.tags)));
      expect(decision).to.deep.include({ allowed: false, outcome: 'Rejected', patch: [] });
      expect(decision.status).to.include({ code: 422, reason: 'Invalid' });
      const message = decision.status?.message ?? '';
      expect(message.startsWith('ImageStream.image.openshift.io "app" is invalid: ')).to.equal(true, message);
      for (const text of c.says) expect(message).to.include(text);
    });
  }

  it('refuses in the validating phase too, with the same message', () => {
    const request = streamWrite(stream([{ name: 'v2', from: { kind: 'Image', name: 'x' } }]));
    expect(decide(request, 'validate')).to.deep.equal(decide(request, 'mutate'));
  });

  it(`lists at most ${LISTED_PROBLEMS_MAX} problems and counts the rest`, () => {
    const tags = Array.from({ length: 1000 }, (_, index) => ({ name: `t${index}`, from: { kind: 'Image', name: 'x' } }));
    const message = decide(streamWrite(stream(tags))).status?.message ?? '';
    expect(message).to.include(`tag "t${LISTED_PROBLEMS_MAX - 1}"`).and.not.include(`tag "t${LISTED_PROBLEMS_MAX}"`);
    expect(message).to.include(`and ${1000 - LISTED_PROBLEMS_MAX} more problems`);
  });

  it('quotes only an excerpt of a 1 MiB source name', () => {
    const message = decide(streamWrite(stream([{ name: 'big', from: { kind: 'ImageStreamTag', name: 'a:'.repeat(512 * 1024) } }]))).status?.message ?? '';
    expect(message.length).to.be.below(1000);
    expect(message).to.include('(1048576 characters)');
  });
});

describe('ImageStream handler on UPDATE: only what the write brings is refused', () => {
  const BAD = { kind: 'ImageStreamImage', name: 'other:1' };
  const stored = stream([{ name: 'old', from: BAD, generation: 1 }, { name: 'v1', from: FROM, generation: 1 }], 1);
  const update = (tags: unknown[], oldObject: unknown = stored): AdmissionAttributes => streamWrite(stream(tags, 1), { operation: 'UPDATE', oldObject });
  const cases: { name: string; request: AdmissionAttributes; refused: string[]; allowed: string[] }[] = [
    {
      name: 'an invalid tag stored while the webhook was away, unchanged, lets the rest of the write through',
      request: update([{ name: 'old', from: BAD, generation: 1 }, { name: 'v1', from: FROM, generation: 1 }, { name: 'v2', from: FROM }]),
      refused: [],
      allowed: [],
    },
    {
      name: 'that tag changed to another invalid source is refused',
      request: update([{ name: 'old', from: { kind: 'ImageStreamImage', name: 'other:2' }, generation: 1 }]),
      refused: ['tag "old": spec.tags[0].from.name: Invalid value: "other:2"'],
      allowed: [],
    },
    {
      name: 'a new invalid tag is refused, naming only that tag',
      request: update([{ name: 'old', from: BAD, generation: 1 }, { name: 'new', from: { kind: 'Image', name: 'x' } }]),
      refused: ['tag "new": spec.tags[1].from.kind'],
      allowed: ['tag "old"'],
    },
    {
      name: 'an invalid tag renamed is a new tag, and refused',
      request: update([{ name: 'renamed', from: BAD, generation: 1 }]),
      refused: ['tag "renamed": spec.tags[0].from.name'],
      allowed: [],
    },
    {
      name: 'a repeated name is refused even when each entry matches a stored one',
      request: update([{ name: 'v1', from: FROM, generation: 1 }, { name: 'v1', from: FROM, generation: 1 }]),
      refused: ['tag "v1": spec.tags[1].name: Duplicate value: "v1"'],
      allowed: [],
    },
    {
      name: 'a CREATE refuses every invalid tag, old or not',
      request: streamWrite(stream([{ name: 'old', from: BAD }])),
      refused: ['tag "old": spec.tags[0].from.name'],
      allowed: [],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const decision = decide(c.request);
      expect(decision.allowed).to.equal(c.refused.length === 0, decision.status?.message);
      const message = decision.status?.message ?? '';
      for (const text of c.refused) expect(message).to.include(text);
      for (const text of c.allowed) expect(message).to.not.include(text);
    });
  }
});

describe('ImageStream handler: stamps a valid stream', () => {
  const cases: { name: string; request: AdmissionAttributes; phase?: Phase; want: Pick<Decision, 'allowed' | 'outcome' | 'patch'> }[] = [
    {
      name: 'a CREATE of valid tags of every kind gets generation 1 on each',
      request: streamWrite(stream([{ name: 'a', from: FROM }, { name: 'b', from: { kind: 'ImageStreamTag', name: 'a' } }, { name: 'c', from: { kind: 'ImageStreamImage', name: `other@${Da}` } }])),
      want: { allowed: true, outcome: 'Mutated', patch: [0, 1, 2].map((index) => ({ op: 'add', path: `/spec/tags/${index}/generation`, value: 1 })) },
    },
    {
      name: 'an UPDATE re-requesting an import (generation 0) gets the stored generation + 1',
      request: streamWrite(stream([{ name: 'a', from: FROM, generation: 0 }], 4), { operation: 'UPDATE', oldObject: stream([{ name: 'a', from: FROM, generation: 4 }], 4) }),
      want: { allowed: true, outcome: 'Mutated', patch: [{ op: 'add', path: '/spec/tags/0/generation', value: 5 }] },
    },
    {
      name: 'an UPDATE that changes no tag is allowed unchanged',
      request: streamWrite(stream([{ name: 'a', from: FROM, generation: 2 }], 2), { operation: 'UPDATE', oldObject: stream([{ name: 'a', from: FROM, generation: 2 }], 2) }),
      want: { allowed: true, outcome: 'Unchanged', patch: [] },
    },
    {
      name: 'the validating phase allows a valid stream without a patch',
      request: streamWrite(stream([{ name: 'a', from: FROM }])),
      phase: 'validate',
      want: { allowed: true, outcome: 'Unchanged', patch: [] },
    },
    {
      name: 'spec.tags that is not an array is left to the API server schema check',
      request: streamWrite(stream('v1')),
      want: { allowed: true, outcome: 'Unchanged', patch: [] },
    },
    {
      name: 'entries that are not objects are left to the schema check, the others still stamped',
      request: streamWrite(stream([7, null, { name: 'a', from: 'quay.io/acme/app:1' }])),
      want: { allowed: true, outcome: 'Mutated', patch: [{ op: 'add', path: '/spec/tags/2/generation', value: 1 }] },
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(decide(c.request, c.phase)).to.deep.include(c.want);
    });
  }
});

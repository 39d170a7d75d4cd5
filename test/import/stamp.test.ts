/** Table of tag generation stamping (what OpenShift's API server does on ImageStream writes). */
import { expect } from 'chai';
import { describe, it } from 'mocha';
import { stampTagGenerations } from '../../src/import/stamp.js';

const REF = { kind: 'DockerImage', name: 'quay.io/acme/app:1' };
const OTHER = { kind: 'DockerImage', name: 'quay.io/acme/app:2' };

function is(generation: number | undefined, tags: unknown[]): object {
  return { metadata: { name: 's', ...(generation === undefined ? {} : { generation }) }, spec: { tags } };
}

const at = (index: number, value: number) => ({ op: 'add', path: `/spec/tags/${index}/generation`, value });

describe('stampTagGenerations: which spec tags get the new generation', () => {
  const cases: [string, unknown, unknown, object[]][] = [
    ['CREATE stamps every tag with generation 1', undefined, is(undefined, [{ name: 'a', from: REF }, { name: 'b', from: REF, generation: 7 }]), [at(0, 1), at(1, 1)]],
    ['CREATE with a tag already at 1 needs no operation for it', undefined, is(undefined, [{ name: 'a', from: REF, generation: 1 }]), []],
    ['CREATE without spec.tags stamps nothing', undefined, { metadata: { name: 's' }, spec: {} }, []],
    ['UPDATE with unchanged stamped tags stamps nothing', is(4, [{ name: 'a', from: REF, generation: 2 }]), is(4, [{ name: 'a', from: REF, generation: 2 }]), []],
    ['UPDATE adding a tag stamps it with old generation + 1', is(4, [{ name: 'a', from: REF, generation: 2 }]), is(4, [{ name: 'a', from: REF, generation: 2 }, { name: 'b', from: REF }]), [at(1, 5)]],
    ['UPDATE changing from stamps the tag even with a positive generation', is(4, [{ name: 'a', from: REF, generation: 2 }]), is(4, [{ name: 'a', from: OTHER, generation: 2 }]), [at(0, 5)]],
    ['UPDATE changing importPolicy stamps the tag', is(3, [{ name: 'a', from: REF, generation: 3 }]), is(3, [{ name: 'a', from: REF, generation: 3, importPolicy: { scheduled: true } }]), [at(0, 4)]],
    ['UPDATE changing referencePolicy stamps the tag', is(3, [{ name: 'a', from: REF, generation: 1 }]), is(3, [{ name: 'a', from: REF, generation: 1, referencePolicy: { type: 'Local' } }]), [at(0, 4)]],
    ['UPDATE changing reference stamps the tag', is(3, [{ name: 'a', from: REF, generation: 1 }]), is(3, [{ name: 'a', from: REF, generation: 1, reference: true }]), [at(0, 4)]],
    ['UPDATE setting generation 0 stamps the tag (a re-import request)', is(6, [{ name: 'a', from: REF, generation: 6 }]), is(6, [{ name: 'a', from: REF, generation: 0 }]), [at(0, 7)]],
    ['UPDATE with a tag still at 0 stamps it (the second request that was a no-op)', is(6, [{ name: 'a', from: REF, generation: 0 }]), is(6, [{ name: 'a', from: REF, generation: 0 }]), [at(0, 7)]],
    ['UPDATE with generation null or unset stamps the tag', is(2, [{ name: 'a', from: REF, generation: 2 }, { name: 'b', from: REF }]), is(2, [{ name: 'a', from: REF, generation: null }, { name: 'b', from: REF }]), [at(0, 3), at(1, 3)]],
    ['UPDATE only touching other tags leaves an unchanged tag alone', is(2, [{ name: 'a', from: REF, generation: 1 }, { name: 'b', from: REF, generation: 2 }]), is(2, [{ name: 'b', from: OTHER, generation: 2 }, { name: 'a', from: REF, generation: 1 }]), [at(0, 3)]],
    ['null, false and {} are the same as absent', is(2, [{ name: 'a', from: REF, generation: 1, reference: false, importPolicy: {}, referencePolicy: null }]), is(2, [{ name: 'a', from: { name: REF.name, kind: REF.kind }, generation: 1, importPolicy: { scheduled: false } }]), []],
    ['annotations and other fields are not a change', is(2, [{ name: 'a', from: REF, generation: 1 }]), is(2, [{ name: 'a', from: REF, generation: 1, annotations: { x: 'y' } }]), []],
    ['a renamed tag is a new tag', is(2, [{ name: 'a', from: REF, generation: 1 }]), is(2, [{ name: 'b', from: REF, generation: 1 }]), [at(0, 3)]],
    ['entries that are not objects are left alone', is(2, []), is(2, ['x', null, { name: 'a', from: REF }]), [at(2, 3)]],
    ['a stream that is not an object stamps nothing', is(1, []), 'garbage', []],
    ['an old stream without metadata.generation counts as generation 0', { spec: { tags: [] } }, is(undefined, [{ name: 'a', from: REF }]), [at(0, 1)]],
  ];
  for (const [name, before, after, want] of cases) {
    it(name, () => {
      expect(stampTagGenerations(before, after)).to.deep.equal(want);
    });
  }

  it('does not change its inputs', () => {
    const after = is(1, [{ name: 'a', from: REF, generation: 0 }]);
    const copy = JSON.parse(JSON.stringify(after)) as unknown;
    stampTagGenerations(is(1, []), after);
    expect(after).to.deep.equal(copy);
  });
});

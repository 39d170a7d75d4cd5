import { expect } from 'chai';
import type { Operation } from 'fast-json-patch';
import { jsonPointer, removeGuarded, setGuarded } from '../../src/plugin/guarded-patch.js';

const KEY = 'alpha.image.policy.openshift.io/resolve-names';

describe('guarded patches: a test on the deepest part read, then the change', () => {
  const object = {
    metadata: { name: 'web', resourceVersion: '7', annotations: { [KEY]: 'x', 'a~b': '1' } },
    spec: { template: { metadata: {} }, nothing: null, list: [1, 2] },
  };
  const cases: { name: string; ops: Operation[]; want: Operation[] }[] = [
    {
      name: 'an existing member is tested and replaced; / and ~ in a key are escaped',
      ops: setGuarded(object, ['metadata', 'annotations', KEY], '*'),
      want: [{ op: 'test', path: '/metadata/annotations/alpha.image.policy.openshift.io~1resolve-names', value: 'x' }, { op: 'replace', path: '/metadata/annotations/alpha.image.policy.openshift.io~1resolve-names', value: '*' }],
    },
    {
      name: 'a missing member is added under its parent, which is tested',
      ops: setGuarded(object, ['spec', 'template', 'metadata', 'annotations', KEY], '*'),
      want: [{ op: 'test', path: '/spec/template/metadata', value: {} }, { op: 'add', path: '/spec/template/metadata/annotations', value: { [KEY]: '*' } }],
    },
    {
      name: 'a null on the way is replaced, its parent tested',
      ops: setGuarded(object, ['spec', 'nothing', 'x'], 1),
      want: [{ op: 'test', path: '/spec', value: object.spec }, { op: 'add', path: '/spec/nothing', value: { x: 1 } }],
    },
    {
      name: 'a path missing from the top is guarded by the resourceVersion',
      ops: setGuarded(object, ['status', 'x'], 1),
      want: [{ op: 'test', path: '/metadata/resourceVersion', value: '7' }, { op: 'add', path: '/status', value: { x: 1 } }],
    },
    {
      name: 'appending with - tests the array',
      ops: setGuarded(object, ['spec', 'list', '-'], 3),
      want: [{ op: 'test', path: '/spec/list', value: [1, 2] }, { op: 'add', path: '/spec/list/-', value: 3 }],
    },
    {
      name: 'appending to a missing array creates it',
      ops: setGuarded(object, ['spec', 'other', '-'], 3),
      want: [{ op: 'test', path: '/spec', value: object.spec }, { op: 'add', path: '/spec/other', value: [3] }],
    },
    {
      name: 'removing tests the value removed',
      ops: removeGuarded(object, ['spec', 'list', '1']),
      want: [{ op: 'test', path: '/spec/list/1', value: 2 }, { op: 'remove', path: '/spec/list/1' }],
    },
    { name: 'removing what is not there does nothing', ops: removeGuarded(object, ['metadata', 'labels', 'x']), want: [] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(c.ops).to.deep.equal(c.want);
    });
  }

  it('escapes ~ before /, as RFC 6901 requires', () => {
    expect(jsonPointer(['a~/b'])).to.equal('/a~0~1b');
  });
});

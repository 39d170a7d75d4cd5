import { join } from 'node:path';
import { expect } from 'chai';
import { readImageStreams } from '../../src/config/image-stream-source.js';
import { streamJsonObject } from '../../src/config/json-object-stream.js';
import type { ImageStream } from '../../src/core/types.js';
import { projectImageStream } from '../../src/kube/image-stream-projection.js';
import { loaded } from './loaded.js';
import { createTempFiles, removeTempFiles } from './temp-files.js';

const digest = (n: number): string => `sha256:${n.toString(16).padStart(64, '0')}`;

/** A stream with escapes, unicode and nested arrays in it, so the scanner's string and depth tracking are exercised. */
function stream(n: number, typed = true): Record<string, unknown> {
  return {
    ...(typed ? { apiVersion: 'image.openshift.io/v1', kind: 'ImageStream' } : {}),
    metadata: { name: `app-${n}`, namespace: 'team', annotations: { note: `quote " brace } bracket ] back\\slash ü ${n}` } },
    spec: { lookupPolicy: { local: n % 2 === 0 }, tags: [{ name: 'v1', referencePolicy: { type: n % 3 === 0 ? 'Local' : 'Source' } }] },
    status: {
      dockerImageRepository: `registry.local:5000/team/app-${n}`,
      tags: [{ tag: 'v1', items: [{ dockerImageReference: `quay.io/team/app-${n}@${digest(n)}`, image: digest(n) }, { image: digest(n + 1) }] }],
    },
  };
}

/** What the whole-file path (one JSON.parse) makes of the same text: the reference answer. */
function wholeFile(text: string): { keys: string[]; streams: ImageStream[]; problems: string[] } {
  const { found, problems } = readImageStreams(text);
  return { keys: found.map(({ stream: s }) => `${s.metadata.namespace ?? ''}/${s.metadata.name}`), streams: found.map(({ stream: s }) => s), problems };
}


describe('JSON List files are read in chunks with the same result as one parse', () => {
  const many = Array.from({ length: 1200 }, (_, n) => stream(n));
  const files: Record<string, string> = {
    'big-list.json': JSON.stringify({ apiVersion: 'v1', kind: 'List', items: many }, null, 2),
    'oc-order.json': JSON.stringify({ apiVersion: 'v1', items: many.slice(0, 5), kind: 'List', metadata: { resourceVersion: '' } }),
    'isl-untyped.json': JSON.stringify({ items: [stream(1, false), stream(2, false)], kind: 'ImageStreamList', apiVersion: 'image.openshift.io/v1' }),
    'list-untyped.json': JSON.stringify({ items: [stream(1), stream(2, false), 'text', stream(3)], kind: 'List', apiVersion: 'v1' }),
    'empty-list.json': '{"apiVersion":"v1","kind":"List","items":[]}',
    'single.json': JSON.stringify({ ...stream(7), items: [1, 2] }),
    'untyped-single.json': JSON.stringify({ items: [stream(1)], metadata: { name: 'x' } }),
    'items-not-list.json': JSON.stringify({ apiVersion: 'v1', kind: 'List', items: { a: 1 } }),
    'bad-item.json': JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [{ ...stream(1), spec: { lookupPolicy: { local: 'yes' } } }] }),
  };
  let dir = '';
  before(async () => {
    dir = await createTempFiles(files);
  });
  after(() => removeTempFiles(dir));

  for (const [name, text] of Object.entries(files)) {
    it(`reads ${name} like one JSON.parse of it`, async () => {
      const want = wholeFile(text);
      const got = await loaded(dir, name);
      expect(got.problems).to.deep.equal(want.problems.length > 0 ? want.problems : []);
      // Compared as projected: an `items` member of a lone ImageStream is not kept (nor read by anything).
      if (want.problems.length === 0) expect(got.streams.map(projectImageStream)).to.deep.equal(want.streams.map(projectImageStream));
    });
  }

  it('hands a List of more than one chunk to the caller item by item', async () => {
    const seen: number[] = [];
    const result = await streamJsonObject(join(dir, 'big-list.json'), (_item, index) => seen.push(index));
    expect(files['big-list.json']?.length).to.be.greaterThan(1 << 20);
    expect(seen).to.deep.equal(many.map((_s, n) => n));
    expect(result?.members).to.deep.equal({ apiVersion: 'v1', kind: 'List' });
  });

  it('keeps a member named __proto__ as data, as JSON.parse does', async () => {
    const odd = await createTempFiles({ 'proto.json': '{"__proto__": {"polluted": true}, "kind": "List", "items": []}' });
    try {
      const result = await streamJsonObject(join(odd, 'proto.json'), () => undefined);
      expect(Object.getPrototypeOf(result?.members)).to.equal(Object.prototype);
      expect(Object.keys(result?.members ?? {})).to.deep.equal(['__proto__', 'kind']);
    } finally {
      await removeTempFiles(odd);
    }
  });

  const notObjects: Record<string, string> = {
    'trailing garbage': '{"kind":"List","items":[]} x',
    'trailing comma in items': '{"kind":"List","items":[{"a":1},]}',
    'unterminated': '{"kind":"List","items":[{"a":1}',
    'a top-level array': '[{"kind":"ImageStream"}]',
    'YAML': 'kind: List\nitems: []\n',
  };
  for (const [name, text] of Object.entries(notObjects)) {
    it(`leaves ${name} to the whole-file parser`, async () => {
      const odd = await createTempFiles({ 'f.json': text });
      try {
        expect(await streamJsonObject(join(odd, 'f.json'), () => undefined)).to.equal(undefined);
      } finally {
        await removeTempFiles(odd);
      }
    });
  }

});

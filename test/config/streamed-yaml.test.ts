/**
 * YAML files are read a document and a list element at a time (yaml-list-stream.ts); whatever the
 * layout, the streams found and the problems reported (with their lines) must be those of one parse
 * of the whole file.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { readImageStreams } from '../../src/config/image-stream-source.js';
import { streamYamlLists } from '../../src/config/yaml-list-stream.js';
import type { ImageStream } from '../../src/core/types.js';
import { projectImageStream } from '../../src/kube/image-stream-projection.js';
import { loaded } from './loaded.js';
import { createTempFiles, removeTempFiles } from './temp-files.js';

const digest = (n: number): string => `sha256:${n.toString(16).padStart(64, '0')}`;

/** A stream whose block scalar holds lines that look like structure: `# x`, `- y`, `items:`, `---`. */
function stream(n: number, typed = true): Record<string, unknown> {
  return {
    ...(typed ? { apiVersion: 'image.openshift.io/v1', kind: 'ImageStream' } : {}),
    metadata: { name: `app-${n}`, namespace: 'team', annotations: { note: `# not a comment ${n}\n- not an item\nitems:\n---\nü "quoted"\n` } },
    spec: { lookupPolicy: { local: n % 2 === 0 }, tags: [{ name: 'v1', referencePolicy: { type: n % 3 === 0 ? 'Local' : 'Source' } }] },
    status: {
      dockerImageRepository: `registry.local:5000/team/app-${n}`,
      tags: [{ tag: 'v1', items: [{ dockerImageReference: `quay.io/team/app-${n}@${digest(n)}`, image: digest(n) }, { image: digest(n + 1) }] }],
    },
  };
}

const many = Array.from({ length: 300 }, (_, n) => stream(n));
const kubectl = (value: unknown): string => stringify(value, { indentSeq: false });

const files: Record<string, string> = {
  'kubectl-order.yaml': kubectl({ apiVersion: 'v1', items: many, kind: 'List', metadata: { resourceVersion: '' } }),
  'indented.yaml': stringify({ apiVersion: 'v1', kind: 'List', items: many.slice(0, 20) }),
  'documents.yaml': `%YAML 1.2\n# three streams\n---\n${kubectl(stream(1))}---\n${kubectl(stream(2))}...\n---\n${kubectl(stream(3))}`,
  'two-lists.yml': `${kubectl({ kind: 'List', apiVersion: 'v1', items: [stream(4), stream(5)] })}---\n${kubectl({ kind: 'ImageStreamList', items: [stream(6, false)] })}`,
  'untyped-in-list.yaml': kubectl({ apiVersion: 'v1', kind: 'List', items: [stream(1), stream(2, false), 'text', stream(3)] }),
  'comments-between.yaml': kubectl({ apiVersion: 'v1', kind: 'List', items: [stream(7), stream(8)] }).replace(/^- /gm, '# an item follows\n\n- '),
  'crlf.yaml': kubectl({ apiVersion: 'v1', kind: 'List', items: [stream(9), stream(10)] }).replace(/\n/g, '\r\n'),
  'flow-items.yaml': `apiVersion: v1\nkind: List\nitems: [${JSON.stringify(stream(11))}]\n`,
  'empty-items.yaml': 'apiVersion: v1\nkind: List\nitems: []\n',
  'empty-documents.yaml': `---\n---\n# nothing\n---\n${kubectl(stream(12))}`,
  'broken-item.yaml': kubectl({ apiVersion: 'v1', kind: 'List', items: [stream(13), stream(14), stream(15)] }).replace('name: app-14', 'name: [app-14'),
  'broken-rest.yaml': `${kubectl({ apiVersion: 'v1', items: [stream(16)] })}kind: List\nmetadata: {resourceVersion: ""\n`,
  'bad-kind.yaml': kubectl({ apiVersion: 'v1', kind: 'Deployment', items: [stream(17)] }),
  'lone-stream-with-items.yaml': kubectl({ ...stream(19), items: [1, 2] }),
  'bad-value.yaml': kubectl({ apiVersion: 'v1', kind: 'List', items: [{ ...stream(18), spec: { lookupPolicy: { local: 'yes' } } }] }),
};

/** What the whole-file parser makes of the same text: the reference answer. */
function wholeFile(text: string): { streams: ImageStream[]; problems: string[] } {
  const { found, problems } = readImageStreams(text);
  return { streams: found.map(({ stream: s }) => s), problems };
}


describe('YAML files are read a document and a list element at a time, with the same result as one parse', () => {
  let dir = '';
  before(async () => {
    dir = await createTempFiles(files);
  });
  after(() => removeTempFiles(dir));

  for (const [name, text] of Object.entries(files)) {
    it(`reads ${name} like one parse of it`, async () => {
      const want = wholeFile(text);
      const got = await loaded(dir, name);
      expect(got.problems).to.deep.equal(want.problems);
      if (want.problems.length === 0) {
        if (name !== 'empty-items.yaml') expect(want.streams.length).to.be.greaterThan(0);
        expect(got.streams.map(projectImageStream)).to.deep.equal(want.streams.map(projectImageStream));
      }
    });
  }

  it('names the line of a broken element in the file, not in the element', async () => {
    const got = await loaded(dir, 'broken-item.yaml');
    const line = (files['broken-item.yaml'] ?? '').split('\n').findIndex((text) => text.includes('[app-14')) + 1;
    expect(got.problems.join('\n')).to.match(new RegExp(`at line (${line}|${line + 1}), column`));
  });

  it('hands each element of a long List over on its own', async () => {
    const seen: number[] = [];
    const rests: unknown[] = [];
    await streamYamlLists(join(dir, 'kubectl-order.yaml'), {
      item: (_value, index) => seen.push(index),
      document: (value, _document, itemsStreamed) => rests.push({ value, itemsStreamed }),
      problem: (_document, message) => expect.fail(message),
    });
    expect(seen).to.deep.equal(many.map((_s, n) => n));
    expect(rests).to.deep.equal([{ value: { apiVersion: 'v1', items: null, kind: 'List', metadata: { resourceVersion: '' } }, itemsStreamed: true }]);
  });
});

/** Strings that stress a line splitter: newlines, comment and sequence markers, colons, quotes, document markers. */
const tricky = fc.string({ unit: fc.constantFrom('a', ' ', '\n', '#', '-', ':', '"', "'", '|', '>', '---', '...', 'items:', 'ü', '\t', '[', '{'), maxLength: 24 });

const randomStream = (n: number): fc.Arbitrary<Record<string, unknown>> =>
  fc.record({ note: tricky, typed: fc.boolean(), key: tricky }).map(({ note, typed, key }) => ({
    ...stream(n, typed),
    metadata: { name: `app-${n}`, namespace: 'team', annotations: { note, [`k${key.length}`]: key } },
  }));

const layout = fc.record({
  streams: fc.array(fc.nat(50), { minLength: 0, maxLength: 6 }).chain((ids) => fc.tuple(...ids.map((id, i) => randomStream(id * 10 + i)))),
  indentSeq: fc.boolean(),
  lineWidth: fc.constantFrom(0, 20, 80),
  kind: fc.constantFrom('List', 'ImageStreamList', 'documents'),
  kindFirst: fc.boolean(),
});

describe('YAML streaming agrees with one parse on random layouts (property)', () => {
  it('finds the same streams and problems for 150 random files', async () => {
    const dir = await createTempFiles({});
    try {
      let run = 0;
      await fc.assert(
        fc.asyncProperty(layout, async ({ streams, indentSeq, lineWidth, kind, kindFirst }) => {
          const options = { indentSeq, lineWidth };
          const text = kind === 'documents'
            ? streams.map((s) => `---\n${stringify(s, options)}`).join('')
            : stringify(kindFirst ? { apiVersion: 'v1', kind, items: streams } : { apiVersion: 'v1', items: streams, kind }, options);
          const name = `random-${(run += 1)}.yaml`;
          await writeFile(join(dir, name), text);
          const want = wholeFile(text);
          const got = await loaded(dir, name);
          expect(got.problems, text).to.deep.equal(want.problems);
          if (want.problems.length === 0) expect(got.streams.map(projectImageStream), text).to.deep.equal(want.streams.map(projectImageStream));
        }),
        { numRuns: 150, seed: 42 },
      );
    } finally {
      await removeTempFiles(dir);
    }
  });
});

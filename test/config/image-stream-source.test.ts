import { join } from 'node:path';
import { expect } from 'chai';
import { loadImageStreams } from '../../src/config/image-stream-source.js';
import { InputError } from '../../src/errors.js';
import { createTempFiles, removeTempFiles } from './temp-files.js';

const DIGEST = `sha256:${'3f'.repeat(32)}`;

/** A real-shaped ImageStream as YAML, with one imported tag. */
function streamYaml(name: string, extra = ''): string {
  return [
    'apiVersion: image.openshift.io/v1',
    'kind: ImageStream',
    `metadata: {name: ${name}, namespace: myproject}`,
    'spec:',
    '  lookupPolicy: {local: true}',
    '  tags:',
    `    - {name: "2.5", from: {kind: DockerImage, name: "docker.io/library/${name}:2.5"}, referencePolicy: {type: Source}}`,
    'status:',
    `  dockerImageRepository: image-registry.example.com:5000/myproject/${name}`,
    '  tags:',
    `    - tag: "2.5"`,
    `      items: [{created: "2025-11-20T09:14:02Z", dockerImageReference: "docker.io/library/${name}@${DIGEST}", image: "${DIGEST}", generation: 1}]`,
    extra,
  ].join('\n');
}

function streamJson(name: string): string {
  return JSON.stringify({ apiVersion: 'image.openshift.io/v1', kind: 'ImageStream', metadata: { name, namespace: 'myproject' } }, null, '\t');
}

async function loadError(path: string): Promise<InputError> {
  const err: unknown = await loadImageStreams(path).catch((e: unknown) => e);
  expect(err).to.be.instanceOf(InputError);
  return err as InputError;
}

describe('loadImageStreams', () => {
  let dir = '';
  before(async () => {
    dir = await createTempFiles({
      'one.yaml': streamYaml('ruby'),
      'multi.yaml': `${streamYaml('ruby')}\n---\n# nothing here\n---\n${streamYaml('mysql')}`,
      'list.yaml': `apiVersion: v1\nkind: List\nitems:\n  - ${JSON.stringify(JSON.parse(streamJson('php')))}\n  - ${JSON.stringify(JSON.parse(streamJson('nginx')))}\n`,
      'isl.json': JSON.stringify({ apiVersion: 'image.openshift.io/v1', kind: 'ImageStreamList', items: [{ metadata: { name: 'go' } }] }),
      'stream.json': streamJson('perl'),
      'legacy.yaml': 'apiVersion: v1\nkind: ImageStream\nmetadata: {name: python}\n',
      'streams/b.yml': streamYaml('mysql'),
      'streams/a.yaml': streamYaml('ruby'),
      'streams/c.json': streamJson('php'),
      'streams/README.md': 'not a stream',
      'empty/README.md': 'no streams here',
      'dup/a.yaml': streamYaml('ruby'),
      'dup/b.yaml': streamYaml('ruby'),
      'bad/a.yaml': streamYaml('ruby'),
      'bad/b.yaml': 'kind: ImageStream\n',
      'bad/c.yaml': 'kind: ImageStream\n',
    });
  });
  after(() => removeTempFiles(dir));

  const loads: { name: string; path: string; want: string[] }[] = [
    { name: 'one stream in one file', path: 'one.yaml', want: ['myproject/ruby'] },
    { name: 'several documents, skipping an empty one', path: 'multi.yaml', want: ['myproject/ruby', 'myproject/mysql'] },
    { name: 'the items of a kind: List', path: 'list.yaml', want: ['myproject/php', 'myproject/nginx'] },
    { name: 'an ImageStreamList whose items carry no apiVersion/kind', path: 'isl.json', want: ['-/go'] },
    { name: 'a tab-indented JSON file', path: 'stream.json', want: ['myproject/perl'] },
    { name: 'the legacy group-less apiVersion v1 without a namespace', path: 'legacy.yaml', want: ['-/python'] },
    { name: 'every .yaml/.yml/.json file of a directory, in name order', path: 'streams', want: ['myproject/ruby', 'myproject/mysql', 'myproject/php'] },
  ];
  for (const c of loads) {
    it(`loads ${c.name}`, async () => {
      const streams = await loadImageStreams(join(dir, c.path));
      expect(streams.map((s) => `${s.metadata.namespace ?? '-'}/${s.metadata.name}`)).to.deep.equal(c.want);
    });
  }

  it('keeps the fields the core reads', async () => {
    const [ruby] = await loadImageStreams(join(dir, 'one.yaml'));
    expect(ruby?.spec?.lookupPolicy?.local).to.equal(true);
    expect(ruby?.status?.tags?.[0]?.items?.[0]?.image).to.equal(DIGEST);
    expect(ruby?.spec?.tags?.[0]?.referencePolicy?.type).to.equal('Source');
  });

  it('maps every stream through the projection as its file is read', async () => {
    const seen: string[] = [];
    const streams = await loadImageStreams(join(dir, 'streams'), (stream) => {
      seen.push(stream.metadata.name);
      return { metadata: { name: stream.metadata.name.toUpperCase() } };
    });
    expect(seen).to.deep.equal(['ruby', 'mysql', 'php']);
    expect(streams).to.deep.equal([{ metadata: { name: 'RUBY' } }, { metadata: { name: 'MYSQL' } }, { metadata: { name: 'PHP' } }]);
  });

  it('reads a JSON file with a syntax error through YAML, which names the line', async () => {
    const broken = await createTempFiles({ 'broken.json': '{\n  "kind": "ImageStream",\n  "metadata": {"name": "ruby"\n' });
    try {
      const err = await loadError(join(broken, 'broken.json'));
      expect(err.problems.join('\n')).to.match(/document 1: .* at line \d+, column \d+/);
    } finally {
      await removeTempFiles(broken);
    }
  });

  it('reports a missing path', async () => {
    const err = await loadError(join(dir, 'nope'));
    expect(err.source).to.equal(join(dir, 'nope'));
    expect(err.problems).to.deep.equal(['cannot read: no such file or directory']);
  });

  it('reports a directory without stream files', async () => {
    const err = await loadError(join(dir, 'empty'));
    expect(err.problems).to.deep.equal(['directory has no .yaml, .yml, .json files']);
  });

  it('reports a stream defined twice, naming both places', async () => {
    const err = await loadError(join(dir, 'dup'));
    expect(err.source).to.equal(join(dir, 'dup', 'b.yaml'));
    expect(err.problems).to.deep.equal([
      `document 1: ImageStream myproject/ruby is already defined in ${join(dir, 'dup', 'a.yaml')}, document 1`,
    ]);
  });

  it('names the first bad file of a directory', async () => {
    const err = await loadError(join(dir, 'bad'));
    expect(err.source).to.equal(join(dir, 'bad', 'b.yaml'));
  });
});

describe('loadImageStreams rejects malformed files', () => {
  const ok = streamYaml('ruby');
  const cases: { name: string; text: string; problems: string[] }[] = [
    {
      name: 'broken YAML, naming the document and line',
      text: `${ok}\n---\nkind: ImageStream\nmetadata: {name: [x\n`,
      problems: [
        'document 2: Flow sequence in block collection must be sufficiently indented and end with a ] at line 17, column 1',
        'document 2: Flow map in block collection must be sufficiently indented and end with a } at line 17, column 1',
      ],
    },
    {
      name: 'a stream without metadata.name',
      text: `${ok}\n---\napiVersion: image.openshift.io/v1\nkind: ImageStream\nmetadata: {namespace: myproject}\n`,
      problems: ['document 2: metadata.name: required'],
    },
    { name: 'a scalar document', text: 'just text', problems: ['document 1: (top level): must be a mapping (got "just text")'] },
    {
      name: 'another kind',
      text: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n',
      problems: ['document 1: kind: must be ImageStream, ImageStreamList or List (got "Deployment")'],
    },
    {
      name: 'a wrong apiVersion and missing metadata',
      text: 'apiVersion: image.openshift.io/v2\nkind: ImageStream\n',
      problems: ['document 1: apiVersion: must be image.openshift.io/v1 or v1 (got "image.openshift.io/v2")', 'document 1: metadata: required'],
    },
    {
      name: 'a List item without kind and an empty namespace',
      text: 'apiVersion: v1\nkind: List\nitems:\n  - {apiVersion: image.openshift.io/v1, kind: ImageStream, metadata: {name: a}}\n  - {apiVersion: image.openshift.io/v1, metadata: {name: b, namespace: ""}}\n',
      problems: ['document 1: items[1].kind: required', 'document 1: items[1].metadata.namespace: must not be empty when set'],
    },
    { name: 'a List without items', text: 'apiVersion: v1\nkind: List\nitems: {}\n', problems: ['document 1: items: must be a list (got a mapping)'] },
    {
      name: 'every wrong shape of spec and status at once',
      text: [
        'apiVersion: image.openshift.io/v1',
        'kind: ImageStream',
        'metadata: {name: ruby, annotations: {a: 1}}',
        'spec:',
        '  lookupPolicy: {local: "true"}',
        '  tags: [{from: {kind: DockerImage, name: 5}}, "2.5", {name: x, importPolicy: {scheduled: yes}}]',
        'status:',
        '  dockerImageRepository: [a]',
        '  tags:',
        '    - {tag: "2.5", items: [{image: 5, generation: "1"}]}',
        '    - {items: ["sha256:x"]}',
        '    - {tag: "3", conditions: [{type: ImportSuccess, status: "False", message: 7}, "x"]}',
      ].join('\n'),
      problems: [
        'document 1: metadata.annotations.a: must be a string (got 1)',
        'document 1: spec.lookupPolicy.local: must be true or false (got "true")',
        'document 1: spec.tags[1]: must be a mapping (got "2.5")',
        'document 1: spec.tags[0].name: required',
        'document 1: spec.tags[0].from.name: must be a string (got 5)',
        'document 1: spec.tags[2].importPolicy.scheduled: must be true or false (got "yes")',
        'document 1: status.dockerImageRepository: must be a string (got a list)',
        'document 1: status.tags[0].items[0].image: must be a string (got 5)',
        'document 1: status.tags[0].items[0].generation: must be a number (got "1")',
        'document 1: status.tags[1].tag: required',
        'document 1: status.tags[1].items[0]: must be a mapping (got "sha256:x")',
        'document 1: status.tags[2].conditions[1]: must be a mapping (got "x")',
        'document 1: status.tags[2].conditions[0].message: must be a string (got 7)',
      ],
    },
  ];
  let dir = '';
  before(async () => {
    dir = await createTempFiles(Object.fromEntries(cases.map((c, i) => [`case-${i}.yaml`, c.text])));
  });
  after(() => removeTempFiles(dir));

  cases.forEach((c, i) => {
    it(`reports ${c.name}`, async () => {
      const path = join(dir, `case-${i}.yaml`);
      const err = await loadError(path);
      expect(err.source).to.equal(path);
      expect(err.problems).to.deep.equal(c.problems);
      expect(err.message).to.equal(`${path}: ${c.problems.join('; ')}`);
    });
  });
});

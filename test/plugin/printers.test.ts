/**
 * The printed forms, checked as whole texts: oc's `describe is` layout, `get`'s table, the
 * `import-image` report, and `-o json|yaml`.
 */
import { expect } from 'chai';
import { describeImageStream } from '../../src/plugin/describe-stream.js';
import { formatStreamTable, noResourcesLine } from '../../src/plugin/get-table.js';
import { importReport } from '../../src/plugin/import-result.js';
import { formatObject, nameLine } from '../../src/plugin/object-output.js';
import type { ShownImageStream } from '../../src/plugin/shown-stream.js';
import { appStream, before, Da, Db, Dc, emptyStream, NOW } from './streams.js';

const APP_DESCRIPTION = [
  'Name:\t\t\tapp',
  'Namespace:\t\tteam',
  'Created:\t\t3 days ago',
  'Labels:\t\t\tapp=shop',
  '\t\t\ttier=web',
  'Description:\t\tThe shop front end',
  'Annotations:\t\texample.com/owner=team-a',
  'Image Repository:\tregistry.example.com/team/app',
  'Image Lookup:\t\tlocal=true',
  'Unique Images:\t\t4',
  'Tags:\t\t\t6',
  '',
  'v2',
  '  tagged from quay.io/acme/app:v2',
  '    prefer registry pullthrough when referencing this tag',
  '',
  `  * quay.io/acme/app@${Dc}`,
  '      30 minutes ago',
  '',
  'v1 (latest)',
  '  updates automatically from registry quay.io/acme/app:v1',
  '',
  `  * quay.io/acme/app@${Db}`,
  '      5 minutes ago',
  `    quay.io/acme/app@${Da}`,
  '      2 hours ago',
  '',
  'ref',
  '  reference to registry quay.io/acme/tools:1',
  '',
  '  * quay.io/acme/tools:1',
  '      About an hour ago',
  '',
  'prod',
  `  tagged from app@${Da}`,
  '',
  `  * quay.io/acme/app@${Da}`,
  '      About an hour ago',
  '',
  'broken',
  '  tagged from quay.io/acme/app:missing',
  '    will use insecure HTTPS or HTTP connections',
  '',
  '  ! error: Import failed (NotFound): quay.io/acme/app:missing: not found',
  '      2 minutes ago',
  '',
].join('\n');

/** A stream whose tags wait for imports, follow other namespaces and carry sample annotations. */
function pendingStream(): ShownImageStream {
  return {
    metadata: { name: 'tools', namespace: 'team', generation: 9 },
    spec: {
      tags: [
        { name: '1.2', from: { kind: 'DockerImage', name: 'quay.io/acme/tools:1.2' }, generation: 0, annotations: { description: 'Tools 1.2', tags: 'builder,tools', supports: 'go:1.22', sampleRepo: 'https://example.com/tools.git' } },
        { name: 'copy', from: { kind: 'ImageStreamTag', name: 'tools:1.2', namespace: 'shared' } },
        { name: 'loop', from: { kind: 'ImageStreamTag', name: 'loop' } },
        { name: 'empty' },
      ],
    },
    status: {
      dockerImageRepository: 'registry.example.com/team/tools',
      publicDockerImageRepository: 'tools.example.com/team/tools',
      tags: [{ tag: 'copy', items: [{ created: before(10), dockerImageReference: 'quay.io/acme/tools:1.2', image: Dc, generation: 9 }] }],
    },
  };
}

const PENDING_DESCRIPTION = [
  'Name:\t\t\ttools',
  'Namespace:\t\tteam',
  'Labels:\t\t\t<none>',
  'Annotations:\t\t<none>',
  'Image Repository:\ttools.example.com/team/tools',
  'Image Lookup:\t\tlocal=false',
  'Unique Images:\t\t1',
  'Tags:\t\t\t4',
  '',
  '1.2',
  '  tagged from quay.io/acme/tools:1.2',
  '',
  '  Tools 1.2',
  '  Tags: builder, tools',
  '  Supports: go:1.22',
  '  Example Repo: https://example.com/tools.git',
  '',
  '  ~ importing latest image ...',
  '',
  'loop',
  '  tagged from loop',
  '',
  '  ~ importing latest image ...',
  '',
  'empty',
  '  tag without source image',
  '',
  '',
  'copy',
  '  tagged from shared/tools:1.2',
  '',
  '  * quay.io/acme/tools:1.2',
  `      10 minutes ago\t${Dc}`,
  '',
].join('\n');

describe('describe: the layout of oc describe is', () => {
  const cases: { name: string; stream: ShownImageStream; want: string }[] = [
    { name: 'a registry-fed stream: aliases beside their tag, pull-through, insecure, a failed import, history with ages', stream: appStream(), want: APP_DESCRIPTION },
    { name: 'pending imports, a source in another namespace, a digest the pull spec does not show, tag notes', stream: pendingStream(), want: PENDING_DESCRIPTION },
    {
      name: 'a stream with no tags at all',
      stream: emptyStream(),
      want: 'Name:\t\t\tempty\nNamespace:\t\tteam\nLabels:\t\t\t<none>\nAnnotations:\t\t<none>\nImage Repository:\t<none>\nImage Lookup:\t\tlocal=false\nTags:\t\t\t<none>\n',
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(describeImageStream(c.stream, NOW)).to.equal(c.want);
    });
  }
});

describe('get: NAME, IMAGE REPOSITORY, every tag, UPDATED', () => {
  it('aligns the columns as kubectl does and ages the newest event in kubectl\'s short form', () => {
    expect(formatStreamTable([appStream(), pendingStream(), emptyStream()], NOW)).to.equal([
      'NAME    IMAGE REPOSITORY                TAGS                           UPDATED',
      'app     registry.example.com/team/app   latest,v2,v1,ref,prod,broken   5m',
      'tools   tools.example.com/team/tools    copy                           10m',
      'empty                                                                  ',
      '',
    ].join('\n'));
  });

  it('has kubectl\'s line for an empty namespace', () => {
    expect(noResourcesLine('team')).to.equal('No resources found in team namespace.');
  });
});

describe('import-image: the report of oc import-image', () => {
  it('names the stream as imported and describes it, exit code 0', () => {
    expect(importReport(appStream(), [], NOW)).to.deep.equal({
      stdout: `imagestream.image.openshift.io/app imported\n\n${APP_DESCRIPTION}\n\n`, stderr: [], exitCode: 0,
    });
  });

  it('says imported with errors, lists each failed tag with its message on stderr, exit code 1', () => {
    const report = importReport(appStream(), [{ tag: 'broken', message: 'quay.io/acme/app:missing: not found' }], NOW);
    expect(report.stdout.split('\n')[0]).to.equal('imagestream.image.openshift.io/app imported with errors');
    expect(report.stderr).to.deep.equal(['error: tag broken failed: quay.io/acme/app:missing: not found', 'error: imported completed with errors']);
    expect(report.exitCode).to.equal(1);
  });
});

describe('object output', () => {
  it('-o json: keys in name order, four spaces, < > & escaped as Go escapes them', () => {
    expect(formatObject({ spec: { b: '<x>&', a: [1] }, kind: 'ImageStream' }, 'json')).to.equal(
      '{\n    "kind": "ImageStream",\n    "spec": {\n        "a": [\n            1\n        ],\n        "b": "\\u003cx\\u003e\\u0026"\n    }\n}\n',
    );
  });

  it('-o yaml: keys in name order, list items not indented under their key', () => {
    expect(formatObject({ spec: { tags: [{ name: 'v1', from: { name: 'a', kind: 'DockerImage' } }] }, kind: 'ImageStream' }, 'yaml')).to.equal(
      'kind: ImageStream\nspec:\n  tags:\n  - from:\n      kind: DockerImage\n      name: a\n    name: v1\n',
    );
  });

  const lines: { name: string; got: string; want: string }[] = [
    { name: 'a grouped kind', got: nameLine('ImageStream', 'image.openshift.io', 'app', 'image lookup updated'), want: 'imagestream.image.openshift.io/app image lookup updated' },
    { name: 'a core kind', got: nameLine('Pod', '', 'p', 'image lookup updated', 'client'), want: 'pod/p image lookup updated (dry run)' },
    { name: 'a server dry run', got: nameLine('Deployment', 'apps', 'web', 'triggers updated', 'server'), want: 'deployment.apps/web triggers updated (server dry run)' },
  ];
  for (const c of lines) {
    it(`names the object as kubectl's name printer does: ${c.name}`, () => {
      expect(c.got).to.equal(c.want);
    });
  }
});

/**
 * `tag` decided end to end without a cluster: arguments → request → source (resolved against the
 * stream as read) → the spec tag each destination gets and oc's line for it, or oc's error.
 */
import { expect } from 'chai';
import { CommandError } from '../../src/plugin/command-error.js';
import type { ShownImageStream, ShownTagReference } from '../../src/plugin/shown-stream.js';
import { specTagFor, tagSuccessLine } from '../../src/plugin/tag-reference.js';
import { readTagRequest, settleSource, sourceStreamToRead, type TagArguments } from '../../src/plugin/tag-request.js';
import { appStream, Da, Db } from './streams.js';
import { expectCommandError } from './support.js';

const NAMESPACE = 'team';

function sharedStream(): ShownImageStream {
  const stream = appStream();
  stream.metadata.namespace = 'shared';
  return stream;
}

const STREAMS = new Map([['team/app', appStream()], ['shared/app', sharedStream()]]);

function tagArguments(args: string[], flags: Partial<TagArguments> = {}): TagArguments {
  return { args, alias: false, reference: false, scheduled: false, insecure: false, delete: false, referencePolicy: 'source', ...flags };
}

/** Runs the pure pipeline the command runs, reading source streams from STREAMS. */
function decide(a: TagArguments): { tag: ShownTagReference; line: string }[] {
  const request = readTagRequest(a, NAMESPACE);
  const read = sourceStreamToRead(request);
  const source = settleSource(request, read === undefined ? undefined : STREAMS.get(`${read.namespace}/${read.name}`));
  return request.destinations.map((destination) => ({ tag: specTagFor(request, source, destination), line: tagSuccessLine(request, source, destination) }));
}

describe('tag: what each destination gets', () => {
  const SOURCE = { referencePolicy: { type: 'Source' } };
  const cases: { name: string; a: TagArguments; want: { tag: ShownTagReference; line: string }[] }[] = [
    {
      name: 'a stream tag is pinned to the image it points at now',
      a: tagArguments(['app:v1', 'app:prod2']),
      want: [{ tag: { name: 'prod2', from: { kind: 'ImageStreamImage', name: `app@${Db}` }, ...SOURCE }, line: `Tag app:prod2 set to app@${Db}.` }],
    },
    {
      name: '--alias makes the destination follow the source tag',
      a: tagArguments(['app:v1', 'app:stable'], { alias: true }),
      want: [{ tag: { name: 'stable', from: { kind: 'ImageStreamTag', name: 'app:v1' }, ...SOURCE }, line: 'Tag app:stable set up to track app:v1.' }],
    },
    {
      name: 'a registry image asks for an import (generation 0) and --scheduled keeps importing it',
      a: tagArguments(['quay.io/acme/app:nightly', 'app:nightly'], { scheduled: true }),
      want: [{
        tag: { name: 'nightly', from: { kind: 'DockerImage', name: 'quay.io/acme/app:nightly' }, generation: 0, importPolicy: { scheduled: true }, ...SOURCE },
        line: 'Tag app:nightly set to import quay.io/acme/app:nightly periodically.',
      }],
    },
    {
      name: '--source=docker reads a name without a registry host as a registry image',
      a: tagArguments(['ruby:3.3', 'ruby:3.3'], { sourceKind: 'docker' }),
      want: [{ tag: { name: '3.3', from: { kind: 'DockerImage', name: 'ruby:3.3' }, generation: 0, ...SOURCE }, line: 'Tag ruby:3.3 set to ruby:3.3.' }],
    },
    {
      name: 'a digest of a stream is an ImageStreamImage',
      a: tagArguments([`app@${Da}`, 'app:pinned']),
      want: [{ tag: { name: 'pinned', from: { kind: 'ImageStreamImage', name: `app@${Da}` }, ...SOURCE }, line: `Tag app:pinned set to app@${Da}.` }],
    },
    {
      name: 'a reference tag without an image resolves to its pull spec as a registry image',
      a: tagArguments(['app:ref', 'app:tools'], { scheduled: true }),
      want: [{
        tag: { name: 'tools', from: { kind: 'DockerImage', name: 'quay.io/acme/tools:1' }, generation: 0, importPolicy: { scheduled: true }, ...SOURCE },
        line: 'Tag app:tools set to import quay.io/acme/tools:1 periodically.',
      }],
    },
    {
      name: 'a destination in another namespace names the source namespace and itself with its namespace',
      a: tagArguments(['app:v1', 'other/app:v1']),
      want: [{ tag: { name: 'v1', from: { kind: 'ImageStreamImage', name: `app@${Db}`, namespace: 'team' }, ...SOURCE }, line: `Tag other/app:v1 set to app@${Db}.` }],
    },
    {
      name: 'a scheduled destination in another namespace gets oc\'s shorter line',
      a: tagArguments(['quay.io/acme/x:1', 'other/x:1'], { scheduled: true }),
      want: [{
        tag: { name: '1', from: { kind: 'DockerImage', name: 'quay.io/acme/x:1' }, generation: 0, importPolicy: { scheduled: true }, ...SOURCE },
        line: 'Tag other/x:1 set to quay.io/acme/x:1 periodically.',
      }],
    },
    {
      name: 'a source in another namespace is read there and named with it',
      a: tagArguments(['shared/app:v1', 'app:shared']),
      want: [{ tag: { name: 'shared', from: { kind: 'ImageStreamImage', name: `app@${Db}`, namespace: 'shared' }, ...SOURCE }, line: `Tag app:shared set to shared/app@${Db}.` }],
    },
    {
      name: 'every import and reference flag lands in the spec tag',
      a: tagArguments(['quay.io/acme/app:v3', 'app:v3'], { reference: true, insecure: true, referencePolicy: 'local', importMode: 'PreserveOriginal' }),
      want: [{
        tag: {
          name: 'v3', from: { kind: 'DockerImage', name: 'quay.io/acme/app:v3' }, reference: true, generation: 0,
          importPolicy: { insecure: true, importMode: 'PreserveOriginal' }, referencePolicy: { type: 'Local' },
        },
        line: 'Tag app:v3 set to quay.io/acme/app:v3.',
      }],
    },
    {
      name: 'a registry image with tag and digest is written with the digest only, as oc does',
      a: tagArguments([`quay.io/acme/app:v1@${Da}`, 'app:exact']),
      want: [{ tag: { name: 'exact', from: { kind: 'DockerImage', name: `quay.io/acme/app@${Da}` }, generation: 0, ...SOURCE }, line: `Tag app:exact set to quay.io/acme/app@${Da}.` }],
    },
    {
      name: 'with --source=istag the namespace library means the current namespace',
      a: tagArguments(['library/app:v1', 'app:lib'], { sourceKind: 'ImageStreamTag' }),
      want: [{ tag: { name: 'lib', from: { kind: 'ImageStreamImage', name: `app@${Db}`, namespace: 'team' }, ...SOURCE }, line: `Tag app:lib set to team/app@${Db}.` }],
    },
    {
      name: 'several destinations each get the tag; an empty tag means latest',
      a: tagArguments(['app:v1', 'app:a', 'app:']),
      want: [
        { tag: { name: 'a', from: { kind: 'ImageStreamImage', name: `app@${Db}` }, ...SOURCE }, line: `Tag app:a set to app@${Db}.` },
        { tag: { name: 'latest', from: { kind: 'ImageStreamImage', name: `app@${Db}` }, ...SOURCE }, line: `Tag app: set to app@${Db}.` },
      ],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(decide(c.a)).to.deep.equal(c.want);
    });
  }
});

describe('tag: oc\'s errors', () => {
  const cases: { name: string; a: TagArguments; message: string; hint?: string }[] = [
    { name: 'nothing to tag', a: tagArguments([]), message: 'you must specify a source and at least one destination or one or more tags to delete', hint: "See 'kubectl imagestream tag -h' for help and examples" },
    { name: 'a source without destination', a: tagArguments(['app:v1']), message: 'you must specify a source and at least one destination or one or more tags to delete' },
    { name: 'an unknown --source', a: tagArguments(['a:1', 'b:1'], { sourceKind: 'git' }), message: 'invalid source "git"; valid values are docker, dockerimage, imagestreamimage, imagestreamtag, isimage, istag', hint: "See 'kubectl imagestream tag -h' for help and examples" },
    { name: 'an alias into another stream', a: tagArguments(['app:v1', 'other:v1'], { alias: true }), message: 'cannot set alias across different Image Streams' },
    { name: 'an alias into the same name in another namespace', a: tagArguments(['app:v1', 'elsewhere/app:v1'], { alias: true }), message: 'cannot set alias across different Image Streams' },
    { name: 'a source tag with no image yet', a: tagArguments(['app:broken', 'app:x']), message: '"app:broken" is not currently pointing to an image, cannot use it as the source of a tag' },
    { name: 'a source tag that does not exist', a: tagArguments(['app:nope', 'app:x']), message: '"app:nope" is not currently pointing to an image, cannot use it as the source of a tag' },
    { name: 'a source stream that does not exist', a: tagArguments(['nope:v1', 'app:x']), message: 'imagestreams.image.openshift.io "nope" not found' },
    { name: 'importing flags on a stream tag with an image', a: tagArguments(['app:v1', 'app:x'], { scheduled: true }), message: 'only container images can have importing flags set' },
    { name: 'importing flags on an alias', a: tagArguments(['app:v1', 'app:x'], { alias: true, insecure: true }), message: 'only container images can have importing flags set' },
    { name: 'an alias of a registry image with importing flags', a: tagArguments(['quay.io/acme/app:v1', 'app:x'], { alias: true, insecure: true }), message: 'cannot set a container image tag as an alias and also set import flags' },
    { name: 'deleting an alias', a: tagArguments(['app:x'], { delete: true, alias: true }), message: '--alias and --delete may not be both specified' },
    { name: 'a reference policy other than source or local', a: tagArguments(['a:1', 'b:1'], { referencePolicy: 'Local' }), message: "reference policy must be set to 'source' or 'local'" },
    { name: 'an unknown import mode', a: tagArguments(['quay.io/a:1', 'b:1'], { importMode: 'All' }), message: 'valid ImportMode values are Legacy or PreserveOriginal' },
    { name: 'a source kind when deleting', a: tagArguments(['app:x'], { delete: true, sourceKind: 'docker' }), message: 'cannot specify a source kind when deleting' },
    { name: 'importing flags when deleting', a: tagArguments(['app:x'], { delete: true, scheduled: true }), message: 'cannot set flags for importing images when deleting a tag' },
    { name: 'an import mode when deleting', a: tagArguments(['app:x'], { delete: true, importMode: 'Legacy' }), message: 'cannot specify an import mode when deleting' },
    { name: 'a destination with two slashes', a: tagArguments(['quay.io/a:1', 'a/b/c:1']), message: 'invalid image stream "a/b/c:1"' },
    { name: 'a destination with an empty namespace', a: tagArguments(['quay.io/a:1', '/c:1']), message: 'invalid namespace "" for image stream "/c:1"' },
    { name: 'a destination without a tag', a: tagArguments(['quay.io/a:1', 'app']), message: '"app" must be of the form <stream_name>:<tag>' },
    {
      name: 'a destination tag the grammar refuses',
      a: tagArguments(['quay.io/a:1', 'app:-x']),
      message: 'invalid tag "-x" format, tags must start with an alphanumeric character followed by alphanumeric, \'.\' or \'-\' characters, and have a maximum of 128 characters',
    },
    { name: 'a source that is not a reference', a: tagArguments(['App:1', 'app:x']), message: 'invalid SOURCE: repository name must be lowercase' },
    { name: 'a registry host in a stream source', a: tagArguments(['quay.io/app:1', 'app:x'], { sourceKind: 'istag' }), message: 'server in SOURCE is only allowed when providing a container image' },
    { name: 'a stream image source without a digest', a: tagArguments(['app:v1', 'app:x'], { sourceKind: 'isimage' }), message: '--source=ImageStreamImage requires a valid <name>@<id> in SOURCE' },
    { name: 'a stream tag source without a tag', a: tagArguments(['app', 'app:x'], { sourceKind: 'istag' }), message: '--source=ImageStreamTag requires a valid <name>:<tag> in SOURCE' },
  ];
  for (const c of cases) {
    it(`refuses ${c.name}`, () => {
      expectCommandError(() => decide(c.a), c.message, c.hint);
    });
  }

  it('checks every destination before anything is decided, so a bad one among good ones stops them all', () => {
    expect(() => readTagRequest(tagArguments(['quay.io/a:1', 'app:good', 'app']), NAMESPACE)).to.throw(CommandError, 'must be of the form');
  });

  it('lets a tag the grammar refuses be deleted, since it may already exist', () => {
    expect(readTagRequest(tagArguments(['app:-x'], { delete: true }), NAMESPACE).destinations).to.deep.equal([{ namespace: 'team', stream: 'app', tag: '-x', nameAndTag: 'app:-x' }]);
  });
});

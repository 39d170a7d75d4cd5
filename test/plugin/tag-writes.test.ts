/**
 * What `tag` writes: patches guarded by tests on what was read (applied here with a JSON patch
 * library, once to the stream as read and once to a stream someone changed in between), the new
 * stream when there is none, and `-d` with its removed-tags marker.
 */
import { expect } from 'chai';
import fastJsonPatch from 'fast-json-patch';
import type { Operation } from 'fast-json-patch';
import { readRemovedTags, REMOVED_TAGS_ANNOTATION, withoutRemovedHistory } from '../../src/core/removed-tags.js';
import { CommandError } from '../../src/plugin/command-error.js';
import type { ShownImageStream, ShownTagReference } from '../../src/plugin/shown-stream.js';
import type { TagDestination } from '../../src/plugin/tag-request.js';
import { deleteTagWrite, tagWrite, type StreamWrite } from '../../src/plugin/tag-write.js';
import { appStream, before, Da, Db, Dc, emptyStream } from './streams.js';

const { applyPatch } = fastJsonPatch;

const destination = (stream: string, tag: string, namespace = 'team'): TagDestination => ({ namespace, stream, tag, nameAndTag: `${stream}:${tag}` });
const NEW_TAG: ShownTagReference = { name: 'v2', from: { kind: 'DockerImage', name: 'quay.io/acme/app:v2.1' }, generation: 0, referencePolicy: { type: 'Source' } };

function patchOf(write: StreamWrite | undefined): Operation[] {
  if (write?.kind !== 'patch') throw new Error(`expected a patch, got ${JSON.stringify(write)}`);
  return write.patch;
}

function applied(stream: ShownImageStream, patch: Operation[]): ShownImageStream {
  return applyPatch(stream, patch, true, false).newDocument;
}

function refused(stream: ShownImageStream, patch: Operation[]): string {
  try {
    applyPatch(stream, patch, true, false);
  } catch (err) {
    return (err as Error).name;
  }
  return 'applied';
}

describe('tag: the write for one destination', () => {
  it('replaces an existing spec tag in place, and the patch fails when that tag changed after it was read', () => {
    const read = appStream();
    const patch = patchOf(tagWrite(read, destination('app', 'v2'), NEW_TAG));
    expect(patch).to.deep.equal([
      { op: 'test', path: '/spec/tags/1', value: read.spec?.tags?.[1] },
      { op: 'replace', path: '/spec/tags/1', value: NEW_TAG },
    ]);
    expect(applied(read, patch).spec?.tags?.map((tag) => tag.from?.name)).to.include('quay.io/acme/app:v2.1');
    const changed = appStream();
    const v2 = changed.spec?.tags?.[1];
    if (v2 !== undefined) v2.importPolicy = { insecure: true };
    expect(refused(changed, patch)).to.equal('TEST_OPERATION_FAILED');
  });

  it('appends a new tag, and the patch fails when another writer added a tag meanwhile', () => {
    const read = appStream();
    const tag = { ...NEW_TAG, name: 'v3' };
    const patch = patchOf(tagWrite(read, destination('app', 'v3'), tag));
    expect(patch).to.deep.equal([
      { op: 'test', path: '/spec/tags', value: read.spec?.tags },
      { op: 'add', path: '/spec/tags/-', value: tag },
    ]);
    expect(applied(read, patch).spec?.tags?.at(-1)).to.deep.equal(tag);
    const changed = appStream();
    changed.spec?.tags?.push({ name: 'v3', from: { kind: 'DockerImage', name: 'quay.io/other:1' } });
    expect(refused(changed, patch)).to.equal('TEST_OPERATION_FAILED');
  });

  it('adds the tag list to a stream without spec, guarded by the resourceVersion it was read at', () => {
    const read = emptyStream();
    const patch = patchOf(tagWrite(read, destination('empty', 'v2'), NEW_TAG));
    expect(patch).to.deep.equal([
      { op: 'test', path: '/metadata/resourceVersion', value: '12' },
      { op: 'add', path: '/spec', value: { tags: [NEW_TAG] } },
    ]);
    expect(applied(read, patch).spec).to.deep.equal({ tags: [NEW_TAG] });
    expect(refused({ ...read, metadata: { ...read.metadata, resourceVersion: '13' } }, patch)).to.equal('TEST_OPERATION_FAILED');
  });

  it('creates the destination stream when it does not exist', () => {
    expect(tagWrite(undefined, destination('new', 'v2', 'other'), NEW_TAG)).to.deep.equal({
      kind: 'create', namespace: 'other', name: 'new',
      object: { apiVersion: 'image.openshift.io/v1', kind: 'ImageStream', metadata: { name: 'new', namespace: 'other' }, spec: { tags: [NEW_TAG] } },
    });
  });
});

describe('tag -d: the spec tag goes, and the marker asks the import controller to drop its history', () => {
  it('removes the spec tag and records the fence: the generation read and the newest event', () => {
    const read = appStream();
    const deletion = deleteTagWrite(read, destination('app', 'v2'));
    expect(deletion.line).to.equal('Deleted tag team/app:v2.');
    const after = applied(read, patchOf(deletion.write));
    expect(after.spec?.tags?.map((tag) => tag.name)).to.deep.equal(['v1', 'latest', 'prod', 'ref', 'broken']);
    expect(Object.fromEntries(readRemovedTags(after.metadata.annotations))).to.deep.equal({ v2: { generation: 6, created: before(30), image: Dc } });
    expect(after.metadata.annotations?.['example.com/owner']).to.equal('team-a');
  });

  it('gives the controller what it needs to drop exactly the history that was there', () => {
    const read = appStream();
    const after = applied(read, patchOf(deleteTagWrite(read, destination('app', 'v1')).write));
    const fence = readRemovedTags(after.metadata.annotations).get('v1');
    const statusTag = after.status?.tags?.find((entry) => entry.tag === 'v1');
    expect(fence).to.not.equal(undefined);
    if (fence === undefined || statusTag === undefined) return;
    expect(withoutRemovedHistory(statusTag, fence)).to.equal(undefined);
    const pushedAgain = { ...statusTag, items: [{ created: before(0), dockerImageReference: `quay.io/acme/app@${Dc}`, image: Dc, generation: 7 }, ...(statusTag.items ?? [])] };
    expect(withoutRemovedHistory(pushedAgain, fence)?.items).to.deep.equal([pushedAgain.items[0]]);
  });

  it('marks a tag that has status but no spec tag (a pushed tag), and writes nothing else', () => {
    const read = appStream();
    read.status?.tags?.push({ tag: 'pushed', items: [{ created: before(1), dockerImageReference: `registry.example.com/team/app@${Db}`, image: Db, generation: 6 }] });
    const patch = patchOf(deleteTagWrite(read, destination('app', 'pushed')).write);
    expect(patch.map((op) => `${op.op} ${op.path}`)).to.deep.equal(['test /metadata/annotations', `add /metadata/annotations/${REMOVED_TAGS_ANNOTATION.replace('/', '~1')}`]);
  });

  it('removes a tag without history without a marker', () => {
    const read = appStream();
    read.spec?.tags?.push({ name: 'fresh', from: { kind: 'DockerImage', name: 'quay.io/acme/app:fresh' } });
    const patch = patchOf(deleteTagWrite(read, destination('app', 'fresh')).write);
    expect(patch).to.deep.equal([{ op: 'test', path: '/spec/tags/6', value: read.spec?.tags?.[6] }, { op: 'remove', path: '/spec/tags/6' }]);
  });

  it('forgets marker entries the controller has carried out and keeps the others', () => {
    const read = appStream();
    read.metadata.annotations = {
      ...read.metadata.annotations,
      [REMOVED_TAGS_ANNOTATION]: JSON.stringify({ gone: { generation: 3, created: before(500), image: Db }, v1: { generation: 2, created: before(2 * 60), image: Da } }),
    };
    const after = applied(read, patchOf(deleteTagWrite(read, destination('app', 'v2')).write));
    expect([...readRemovedTags(after.metadata.annotations).keys()]).to.deep.equal(['v1', 'v2']);
  });

  it('fails when the tag is in neither spec nor status, as oc does', () => {
    expect(() => deleteTagWrite(appStream(), destination('app', 'nope'))).to.throw(CommandError, 'destination tag team/app:nope does not exist.');
  });

  it('only reports a stream that does not exist', () => {
    expect(deleteTagWrite(undefined, destination('gone', 'v1'))).to.deep.equal({ line: 'Image stream "gone" does not exist.' });
  });
});

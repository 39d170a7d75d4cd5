import { expect } from 'chai';
import type { ImportImageArguments } from '../../src/plugin/import-image-arguments.js';
import { importRequest, IMPORT_REQUESTED_ANNOTATION } from '../../src/plugin/import-request.js';
import { importAnswer } from '../../src/plugin/import-wait.js';
import type { ShownImageStream, ShownTagReference } from '../../src/plugin/shown-stream.js';
import { expectCommandError } from './support.js';

const AT = '2026-12-07T14:00:00Z';
const args = (extra: Partial<ImportImageArguments>): ImportImageArguments => ({
  target: 'app', stream: 'app', tag: 'latest', confirm: false, all: false, scheduled: false, requestTimeoutMs: 0, ...extra,
});

function stream(tags: ShownTagReference[], extra: Partial<ShownImageStream['metadata']> = {}, repository = ''): ShownImageStream {
  return {
    metadata: { name: 'app', namespace: 'team', resourceVersion: '5', generation: 3, ...extra },
    spec: { tags, ...(repository === '' ? {} : { dockerImageRepository: repository }) },
  };
}

const docker = (name: string, from: string, extra: Partial<ShownTagReference> = {}): ShownTagReference => ({ name, from: { kind: 'DockerImage', name: from }, ...extra });

/** The spec tag a request's patch writes at `index`. */
function written(request: ReturnType<typeof importRequest>): unknown[] {
  return request.write.kind === 'patch' ? request.write.patch.filter((op) => op.op !== 'test').map((op) => ('value' in op ? op.value : undefined)) : [];
}

describe('import-image requests', () => {
  it("asks for a re-import by setting the tag's generation to 0, keeping its settings", () => {
    const request = importRequest(stream([docker('latest', 'quay.io/acme/app:latest', { generation: 3, importPolicy: { insecure: true, scheduled: true } })]), 'team', args({}), AT);
    expect(written(request)).to.deep.equal([docker('latest', 'quay.io/acme/app:latest', { generation: 0, importPolicy: { insecure: true, scheduled: true } })]);
    expect(request.tags).to.deep.equal(['latest']);
  });

  it('makes a repeated request on a tag already at 0 a real change with the request time', () => {
    const request = importRequest(stream([docker('latest', 'quay.io/acme/app:latest', { generation: 0 })]), 'team', args({ insecure: false }), AT);
    expect(written(request)).to.deep.equal([
      docker('latest', 'quay.io/acme/app:latest', { generation: 0, importPolicy: { insecure: false }, annotations: { [IMPORT_REQUESTED_ANNOTATION]: AT } }),
    ]);
  });

  it("refuses oc's cases with oc's texts", () => {
    expectCommandError(() => importRequest(undefined, 'team', args({ target: 'x', stream: 'x' }), AT), 'no image stream named "x" exists, pass --confirm to create and import');
    expectCommandError(
      () => importRequest(stream([{ name: 'latest', from: { kind: 'ImageStreamTag', name: 'app:v1' } }]), 'team', args({}), AT),
      'tag "latest" points to existing ImageStreamTag "app:v1", it cannot be re-imported',
    );
    expectCommandError(
      () => importRequest(stream([]), 'team', args({ tag: 'v9' }), AT),
      "the tag \"v9\" does not exist on the image stream - choose an existing tag to import or use the 'tag' command to create a new tag",
    );
  });

  it('creates the stream with --confirm, importing NAME when --from is not given', () => {
    const request = importRequest(undefined, 'team', args({ target: 'quay.io/acme/app:v1', tag: 'v1', confirm: true }), AT);
    expect(request.write).to.deep.include({ kind: 'create', namespace: 'team', name: 'app' });
    expect(request.write.kind === 'create' ? request.write.object.spec?.tags : undefined).to.deep.equal([
      docker('v1', 'quay.io/acme/app:v1', { generation: 0, referencePolicy: { type: 'Source' } }),
    ]);
  });

  it('asks a repository stream for a new listing by emptying its check annotation', () => {
    const request = importRequest(stream([], { annotations: { 'openshift.io/image.dockerRepositoryCheck': '2026-12-07T13:00:00Z' } }, 'quay.io/acme/app'), 'team', args({ all: true, tag: undefined } as Partial<ImportImageArguments>), AT);
    expect(request).to.deep.include({ repository: true, tags: [] });
    expect(request.write.kind === 'patch' ? request.write.patch : []).to.deep.equal([
      { op: 'test', path: '/metadata/annotations/openshift.io~1image.dockerRepositoryCheck', value: '2026-12-07T13:00:00Z' },
      { op: 'replace', path: '/metadata/annotations/openshift.io~1image.dockerRepositoryCheck', value: '' },
    ]);
  });

  it("is answered by the tag's new event or its failed condition at the requested generation, not before", () => {
    const tags = [docker('latest', 'quay.io/acme/app:latest', { generation: 4 })];
    const pending: ShownImageStream = { ...stream(tags, { generation: 4 }), status: { tags: [{ tag: 'latest', items: [{ created: AT, dockerImageReference: 'x', image: 'sha256:a', generation: 3 }] }] } };
    expect(importAnswer(pending, ['latest'], false, AT)).to.deep.equal({ done: false });
    const imported: ShownImageStream = { ...pending, status: { tags: [{ tag: 'latest', items: [{ created: AT, dockerImageReference: 'x', image: 'sha256:b', generation: 4 }] }] } };
    expect(importAnswer(imported, ['latest'], false, AT)).to.deep.equal({ done: true, failures: [] });
    const failed: ShownImageStream = {
      ...pending,
      status: { tags: [{ tag: 'latest', items: [{ created: AT, dockerImageReference: 'x', image: 'sha256:a', generation: 3 }], conditions: [{ type: 'ImportSuccess', status: 'False', reason: 'NotFound', message: 'not found', generation: 4 }] }] },
    };
    expect(importAnswer(failed, ['latest'], false, AT)).to.deep.equal({ done: true, failures: [{ tag: 'latest', message: 'not found' }] });
  });
});

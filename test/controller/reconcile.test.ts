/**
 * reconcile's optimistic concurrency: a status write that loses to a concurrent write is
 * recomputed from the fresh object, never written over it, and the registry is not asked twice.
 */
import { expect } from 'chai';
import jsonpatch from 'fast-json-patch';
import { describe, it } from 'mocha';
import { Counter, Registry } from 'prom-client';
import type { ImportDeps } from '../../src/controller/import-stream.js';
import type { StreamApi } from '../../src/controller/kube-io.js';
import { ConflictError } from '../../src/kube/api-server-error.js';
import { reconcile } from '../../src/controller/reconcile.js';
import { tagsToRetry } from '../../src/import/retry.js';
import type { ImageStream, ImageStreamStatus } from '../../src/core/types.js';
import type { MetadataOperation } from '../../src/import/repository-check.js';
import { ApiServerError } from '../../src/kube/api-server-error.js';
import { RegistryError } from '../../src/registry/types.js';
import { Da, Db, Dc, dockerTag, event, FakeRegistry, NOW, SETTINGS, stream } from '../import/support.js';

const REF = '127.0.0.1:5000/acme/app:1';

/**
 * An in-memory StreamApi holding one stored version; a status write with another resourceVersion
 * conflicts, and a JSON patch is applied as the API server applies it (a failed `test` is a 422).
 */
class StoredStream implements Pick<StreamApi, 'get' | 'writeStatus' | 'patchMetadata'> {
  readonly writes: { resourceVersion: string | undefined; status: ImageStreamStatus }[] = [];
  readonly patches: MetadataOperation[][] = [];
  constructor(public stored: ImageStream) {}
  patchMetadata(_namespace: string, _name: string, operations: MetadataOperation[]): Promise<void> {
    this.patches.push(operations);
    try {
      const patched = jsonpatch.applyPatch(structuredClone(this.stored), operations as jsonpatch.Operation[], true, false).newDocument;
      this.stored = { ...patched, metadata: { ...patched.metadata, resourceVersion: String(Number(this.stored.metadata.resourceVersion) + 1) } };
      return Promise.resolve();
    } catch (err) {
      return Promise.reject(new ApiServerError('patch imagestreams', 422, { cause: err }));
    }
  }
  get(): Promise<ImageStream | undefined> {
    return Promise.resolve(this.stored);
  }
  writeStatus(sent: ImageStream, status: ImageStreamStatus): Promise<ImageStream> {
    if (sent.metadata.resourceVersion !== this.stored.metadata.resourceVersion) {
      return Promise.reject(new ConflictError('update imagestreams/status', 409, { cause: new Error('conflict') }));
    }
    this.writes.push({ resourceVersion: sent.metadata.resourceVersion, status });
    this.stored = { ...this.stored, status, metadata: { ...this.stored.metadata, resourceVersion: String(Number(sent.metadata.resourceVersion) + 1) } };
    return Promise.resolve(this.stored);
  }
}

function withVersion(s: ImageStream, resourceVersion: string): ImageStream {
  return { ...s, metadata: { ...s.metadata, resourceVersion } };
}

function deps(api: StoredStream, cached: ImageStream, registry: FakeRegistry) {
  const imports: ImportDeps = { registry, pullSecrets: () => Promise.resolve([]), settings: SETTINGS, lookup: () => undefined, mayUseNamespace: () => Promise.resolve(false), elapsedMs: () => 0, onImport: () => undefined };
  const metrics = { statusWrites: new Counter({ name: 'writes', help: 'h', labelNames: ['result'], registers: [new Registry()] }) };
  return { cached: () => cached, api, imports, now: () => NOW, logger: { debug() {}, info() {}, warn() {}, error() {} }, metrics };
}

describe('reconcile: status writes with optimistic concurrency', () => {
  it('writes the imported status with the resourceVersion it read', async () => {
    const current = withVersion(stream([dockerTag('1', REF)]), '7');
    const api = new StoredStream(current);
    const outcome = await reconcile('myproject/ruby', { due: new Set(), forced: new Set() }, deps(api, current, new FakeRegistry({ [REF]: Da })));
    expect(outcome.written).to.equal(true);
    expect(api.writes.map((w) => w.resourceVersion)).to.deep.equal(['7']);
  });

  it('after a conflict recomputes on the fresh object, keeps the concurrent change and asks the registry once', async () => {
    const stale = withVersion(stream([dockerTag('1', REF), dockerTag('2', REF)]), '7');
    const concurrent = withVersion(stream([dockerTag('1', REF), dockerTag('2', REF)], [{ tag: '2', items: [event('x@' + Db, Db, 1)] }]), '8');
    const api = new StoredStream(concurrent);
    const registry = new FakeRegistry({ [REF]: Da });
    await reconcile('myproject/ruby', { due: new Set(), forced: new Set() }, deps(api, stale, registry));
    expect(registry.requests).to.have.length(1);
    expect(api.writes).to.have.length(1);
    expect(api.writes[0]?.resourceVersion).to.equal('8');
    expect(api.writes[0]?.status.tags?.map((t) => [t.tag, t.items?.[0]?.image])).to.deep.equal([['2', Db], ['1', Da]]);
  });

  it('asks the registry again when the fresh object requests a newer generation of the same tag', async () => {
    const stale = withVersion(stream([dockerTag('1', REF)]), '7');
    const requested = withVersion(stream([dockerTag('1', REF, { generation: 3 })], [], { generation: 3 }), '8');
    const answers: Record<string, string> = { [REF]: Da };
    const api = new StoredStream(requested);
    const conflictOnce = { ...api, get: () => api.get(), patchMetadata: () => Promise.resolve(), writeStatus: (sent: ImageStream, status: ImageStreamStatus) => {
      // The image was pushed again before the re-import was requested.
      answers[REF] = Db;
      return api.writeStatus(sent, status);
    } };
    const registry = new FakeRegistry(answers);
    await reconcile('myproject/ruby', { due: new Set(), forced: new Set() }, { ...deps(api, stale, registry), api: conflictOnce });
    expect(registry.requests).to.have.length(2);
    expect(api.writes.map((w) => w.status.tags?.map((t) => [t.tag, t.items?.[0]?.image, t.items?.[0]?.generation]))).to.deep.equal([[['1', Db, 3]]]);
  });

  it('writes nothing when the concurrent write already recorded the same import', async () => {
    const stale = withVersion(stream([dockerTag('1', REF)]), '7');
    const done = withVersion(stream([dockerTag('1', REF)], [{ tag: '1', items: [event(`127.0.0.1:5000/acme/app@${Da}`, Da, 1)] }]), '8');
    const api = new StoredStream(done);
    const outcome = await reconcile('myproject/ruby', { due: new Set(), forced: new Set() }, deps(api, stale, new FakeRegistry({ [REF]: Da })));
    expect(outcome.written).to.equal(false);
    expect(api.writes).to.deep.equal([]);
  });

  it('returns the stream as written, whose conditions the retry rule reads: unreachable is retried, malformed is not', async () => {
    const BAD = '127.0.0.1:5000/acme/bad:1';
    const current = withVersion(stream([dockerTag('1', REF), dockerTag('2', BAD)]), '7');
    const down = new RegistryError('InternalError', 'registry 127.0.0.1:5000 is unreachable', REF);
    const malformed = new RegistryError('BadRequest', `invalid image reference "${BAD}": no`, BAD);
    const outcome = await reconcile('myproject/ruby', { due: new Set(), forced: new Set() }, deps(new StoredStream(current), current, new FakeRegistry({ [REF]: down, [BAD]: malformed })));
    expect(outcome.stream?.metadata.resourceVersion).to.equal('8');
    expect([...tagsToRetry(outcome.stream as ImageStream, 'Backoff')]).to.deep.equal(['1']);
  });
});

describe('reconcile: re-importing a spec.dockerImageRepository stream (the repository check annotation)', () => {
  const REPO = '127.0.0.1:5000/acme/app';
  const CHECK = 'openshift.io/image.dockerRepositoryCheck';
  const listed = (tags: string[]) => new FakeRegistry({ [`${REPO}:1`]: Da, [`${REPO}:2`]: Db }, { [REPO]: tags });
  const repositoryStream = (annotations: Record<string, string> | undefined, status: ImageStream['status'] = { tags: [] }) =>
    withVersion({ ...stream([], [], { repository: REPO, ...(annotations ? { annotations } : {}) }), status }, '7');
  const importedOne = { tags: [{ tag: '1', items: [event(`${REPO}@${Da}`, Da, 1)] }] };

  it('records the check time once the repository was listed, so the next round lists nothing', async () => {
    const current = repositoryStream({ other: 'kept' });
    const api = new StoredStream(current);
    const registry = listed(['1']);
    await reconcile('myproject/ruby', { due: new Set(), forced: new Set() }, deps(api, current, registry));
    expect(api.stored.metadata.annotations).to.deep.equal({ other: 'kept', [CHECK]: '2026-11-30T07:00:00Z' });
    expect(api.patches[0]?.[0], 'an absent annotation cannot be tested: the resourceVersion after the status write is').to.deep.equal({ op: 'test', path: '/metadata/resourceVersion', value: '8' });
    await reconcile('myproject/ruby', { due: new Set(), forced: new Set() }, deps(api, api.stored, registry));
    expect(registry.listed).to.deep.equal([REPO]);
  });

  it('an emptied annotation asks the registry again for every listed tag, records a moved one and a new one, and is answered', async () => {
    const current = repositoryStream({ [CHECK]: '' }, importedOne);
    const api = new StoredStream(current);
    const registry = new FakeRegistry({ [`${REPO}:1`]: Dc, [`${REPO}:2`]: Db }, { [REPO]: ['1', '2'] });
    const triggers: string[] = [];
    const d = deps(api, current, registry);
    await reconcile('myproject/ruby', { due: new Set(), forced: new Set() }, { ...d, imports: { ...d.imports, onImport: (r) => triggers.push(`${r.tag}:${r.trigger}`) } });
    expect(triggers.sort()).to.deep.equal(['1:ReimportRequested', '2:New']);
    expect(api.writes[0]?.status.tags?.map((t) => [t.tag, t.items?.map((i) => i.image)])).to.deep.equal([['1', [Dc, Da]], ['2', [Db]]]);
    expect(api.patches[0]).to.deep.equal([
      { op: 'test', path: '/metadata/annotations/openshift.io~1image.dockerRepositoryCheck', value: '' },
      { op: 'replace', path: '/metadata/annotations/openshift.io~1image.dockerRepositoryCheck', value: '2026-11-30T07:00:00Z' },
    ]);
    expect(api.stored.metadata.annotations?.[CHECK]).to.equal('2026-11-30T07:00:00Z');
  });

  it('a stream without any annotations gets the map created', async () => {
    const current = repositoryStream(undefined, importedOne);
    const api = new StoredStream(current);
    await reconcile('myproject/ruby', { due: new Set(), forced: new Set() }, deps(api, current, listed(['1'])));
    expect(api.writes, 'the listing found nothing new').to.deep.equal([]);
    expect(api.stored.metadata.annotations).to.deep.equal({ [CHECK]: '2026-11-30T07:00:00Z' });
  });

  it('keeps the request when listing the repository failed', async () => {
    const current = repositoryStream({ [CHECK]: '' }, importedOne);
    const api = new StoredStream(current);
    await reconcile('myproject/ruby', { due: new Set(), forced: new Set() }, deps(api, current, new FakeRegistry({}, {})));
    expect(api.patches).to.deep.equal([]);
    expect(api.stored.metadata.annotations?.[CHECK]).to.equal('');
  });

  it('never overwrites an annotation another writer changed meanwhile', async () => {
    const current = repositoryStream({ [CHECK]: '' }, importedOne);
    const api = new StoredStream(withVersion({ ...current, metadata: { ...current.metadata, annotations: { [CHECK]: 'someone else' } } }, '7'));
    await reconcile('myproject/ruby', { due: new Set(), forced: new Set() }, deps(api, current, listed(['1'])));
    expect(api.patches).to.have.length(1);
    expect(api.stored.metadata.annotations?.[CHECK]).to.equal('someone else');
  });

  it('leaves streams of spec tags alone', async () => {
    const current = withVersion(stream([dockerTag('1', REF)]), '7');
    const api = new StoredStream(current);
    await reconcile('myproject/ruby', { due: new Set(), forced: new Set() }, deps(api, current, new FakeRegistry({ [REF]: Da })));
    expect(api.patches).to.deep.equal([]);
  });
});

describe('reconcile: refusals in the log', () => {
  it('logs a cross-namespace source refused without a registry request, with its reason and message', async () => {
    const copy = withVersion(stream([{ name: 'copy', from: { kind: 'ImageStreamTag', name: 'app:1', namespace: 'other' } }]), '7');
    const lines: { fields: Record<string, unknown>; message: string }[] = [];
    const logger = { debug() {}, info() {}, error() {}, warn: (fields: Record<string, unknown>, message: string) => lines.push({ fields, message }) };
    await reconcile('myproject/ruby', { due: new Set(), forced: new Set() }, { ...deps(new StoredStream(copy), copy, new FakeRegistry({})), logger });
    expect(lines.map((line) => [line.message, line.fields.tag, line.fields.reason])).to.deep.equal([['import refused', 'copy', 'Forbidden']]);
    expect(String(lines[0]?.fields.message)).to.include('may not get imagestreams in the namespace "other"');
  });
});

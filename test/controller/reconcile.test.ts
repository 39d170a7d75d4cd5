/**
 * reconcile's optimistic concurrency: a status write that loses to a concurrent write is
 * recomputed from the fresh object, never written over it, and the registry is not asked twice.
 */
import { expect } from 'chai';
import { describe, it } from 'mocha';
import { Counter, Registry } from 'prom-client';
import type { ImportDeps } from '../../src/controller/import-stream.js';
import type { StreamApi } from '../../src/controller/kube-io.js';
import { ConflictError } from '../../src/kube/api-server-error.js';
import { reconcile } from '../../src/controller/reconcile.js';
import type { ImageStreamStatus, ImportStream } from '../../src/import/types.js';
import { RegistryError } from '../../src/registry/types.js';
import { Da, Db, dockerTag, event, FakeRegistry, NOW, SETTINGS, stream } from '../import/support.js';

const REF = '127.0.0.1:5000/acme/app:1';

/** An in-memory StreamApi holding one stored version; a write with another resourceVersion conflicts. */
class StoredStream implements Pick<StreamApi, 'get' | 'writeStatus'> {
  readonly writes: { resourceVersion: string | undefined; status: ImageStreamStatus }[] = [];
  constructor(public stored: ImportStream) {}
  get(): Promise<ImportStream | undefined> {
    return Promise.resolve(this.stored);
  }
  writeStatus(sent: ImportStream, status: ImageStreamStatus): Promise<ImportStream> {
    if (sent.metadata.resourceVersion !== this.stored.metadata.resourceVersion) {
      return Promise.reject(new ConflictError('update imagestreams/status', 409, { cause: new Error('conflict') }));
    }
    this.writes.push({ resourceVersion: sent.metadata.resourceVersion, status });
    this.stored = { ...this.stored, status, metadata: { ...this.stored.metadata, resourceVersion: String(Number(sent.metadata.resourceVersion) + 1) } };
    return Promise.resolve(this.stored);
  }
}

function withVersion(s: ImportStream, resourceVersion: string): ImportStream {
  return { ...s, metadata: { ...s.metadata, resourceVersion } };
}

function deps(api: StoredStream, cached: ImportStream, registry: FakeRegistry) {
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
    const conflictOnce = { ...api, get: () => api.get(), writeStatus: (sent: ImportStream, status: ImageStreamStatus) => {
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

  it('asks to retry an unreachable registry soon, but not a missing image', async () => {
    const current = withVersion(stream([dockerTag('1', REF), dockerTag('2', '127.0.0.1:5000/acme/gone:1')]), '7');
    const down = new RegistryError('InternalError', 'registry 127.0.0.1:5000 is unreachable', REF);
    const outcome = await reconcile('myproject/ruby', { due: new Set(), forced: new Set() }, deps(new StoredStream(current), current, new FakeRegistry({ [REF]: down })));
    expect(outcome.retry).to.deep.equal(['1']);
  });
});

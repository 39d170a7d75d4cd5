import { expect } from 'chai';
import { SYSTEM_CLOCK } from '../../src/clock.js';
import { ApiServerError, ConflictError } from '../../src/kube/api-server-error.js';
import { createEventRecorder } from '../../src/kube/events.js';
import { IMAGE_STREAM_COLLECTION } from '../../src/kube/image-stream-api.js';
import { Informer } from '../../src/kube/informer.js';
import { loadKubeConnection } from '../../src/kube/kube-connection.js';
import { createLeaseClient, formatMicroTime, type Lease } from '../../src/kube/leases.js';
import { EVENTS, IMAGE_STREAMS } from '../../src/kube/resource-types.js';
import { createObject, deleteObject, listObjects, patchObject, replaceObject } from '../../src/kube/resources.js';
import { createRestClient, type RestClient } from '../../src/kube/rest-client.js';
import { createLogger } from '../../src/log.js';
import { waitFor } from '../harness/wait.js';
import { createNamespace } from '../support/api.js';
import type { E2eContext } from '../support/context.js';

interface Stream {
  metadata: { name: string; namespace: string; uid?: string; resourceVersion?: string; annotations?: Record<string, string> };
  status?: { tags?: { tag: string }[] };
}

/**
 * The typed helpers of src/kube against the real kube-apiserver, for what only its validation can
 * say: an Event and a Lease as written are accepted, a stale status write and a failed JSON-patch
 * test are refused, and the informer follows real watches.
 */
export function kubeLayerScenarios(ctx: E2eContext): void {
  describe('the one Kubernetes layer against the real kube-apiserver', () => {
    let client: RestClient;
    let ns = '';
    before(async () => {
      client = createRestClient(loadKubeConnection({ kubeconfig: ctx.environment.run.controlPlane.adminKubeconfig, env: {} }));
      ns = await createNamespace(ctx.admin, 'kube-layer');
    });
    after(() => client.close());

    const stream = (name: string): object => ({ apiVersion: 'image.openshift.io/v1', kind: 'ImageStream', metadata: { name, annotations: { owner: 'a' } }, spec: { tags: [] } });

    it('records a core/v1 Event about an ImageStream that the API server accepts and lists', async () => {
      const created = await createObject<Stream>(client, IMAGE_STREAMS, ns, stream('evented'));
      await createEventRecorder(client, SYSTEM_CLOCK)({
        involvedObject: { apiVersion: 'image.openshift.io/v1', kind: 'ImageStream', namespace: ns, name: 'evented', ...(created.metadata.uid === undefined ? {} : { uid: created.metadata.uid }) },
        reason: 'Imported', message: 'imported tag latest', type: 'Normal', reportingComponent: 'imagestream-webhook/e2e', reportingInstance: 'e2e',
      });
      const events = await listObjects<{ reason?: string; involvedObject?: { name?: string } }>(client, EVENTS, ns);
      expect(events.map((e) => [e.reason, e.involvedObject?.name])).to.deep.include(['Imported', 'evented']);
    });

    it('creates and renews a Lease with MicroTime times; a renewal from a stale read is a ConflictError', async () => {
      const leases = createLeaseClient(client);
      const now = formatMicroTime(Date.now());
      const lease: Lease = { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'e2e', namespace: ns }, spec: { holderIdentity: 'a', leaseDurationSeconds: 15, acquireTime: now, renewTime: now, leaseTransitions: 0 } };
      const created = await leases.create(lease);
      const renewed = await leases.replace({ ...created, spec: { ...created.spec, renewTime: formatMicroTime(Date.now()) } });
      expect(renewed.spec?.holderIdentity).to.equal('a');
      const err = await leases.replace({ ...created, spec: { ...created.spec, holderIdentity: 'b' } }).catch((e: unknown) => e);
      expect(err).to.be.instanceOf(ConflictError);
      expect((await leases.get(ns, 'e2e'))?.spec?.holderIdentity).to.equal('a');
    });

    it('refuses a status write on a stale resourceVersion and a JSON patch whose test fails, changing nothing', async () => {
      const created = await createObject<Stream>(client, IMAGE_STREAMS, ns, stream('guarded'));
      const ref = { namespace: ns, name: 'guarded' };
      await replaceObject(client, IMAGE_STREAMS, { ...ref, subresource: 'status' }, { ...created, status: { tags: [{ tag: 'x' }] } });
      const stale = await replaceObject(client, IMAGE_STREAMS, { ...ref, subresource: 'status' }, { ...created, status: { tags: [] } }).catch((e: unknown) => e);
      expect(stale).to.be.instanceOf(ConflictError);
      const test = [{ op: 'test', path: '/metadata/annotations/owner', value: 'b' }, { op: 'replace', path: '/metadata/annotations/owner', value: 'c' }];
      const refused = await patchObject(client, IMAGE_STREAMS, ref, 'application/json-patch+json', test).catch((e: unknown) => e);
      expect(refused).to.be.instanceOf(ApiServerError);
      expect((refused as ApiServerError).code).to.equal(422);
      const merged = await patchObject<Stream>(client, IMAGE_STREAMS, ref, 'application/merge-patch+json', { metadata: { annotations: { owner: 'd' } } });
      expect(merged.metadata.annotations?.owner).to.equal('d');
      expect(merged.status?.tags).to.deep.equal([{ tag: 'x' }]);
    });

    it('informs of ImageStreams added, changed and deleted through real watches', async () => {
      const heard: string[] = [];
      const informer = new Informer<{ name: string; rv: string | undefined }>({
        client, collection: IMAGE_STREAM_COLLECTION, logger: createLogger({ level: 'silent' }),
        project: (o) => ({ name: `${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`, rv: o.metadata?.resourceVersion }),
        versionOf: (kept) => kept.rv,
        handlers: { added: (k) => heard.push(`added ${k.name}`), updated: (_, k) => heard.push(`updated ${k.name}`), deleted: (k) => heard.push(`deleted ${k.name}`) },
      });
      informer.start();
      try {
        await waitFor(async () => (informer.isSynced() ? true : undefined), { what: 'informer synced', timeoutMs: 20_000 });
        await createObject(client, IMAGE_STREAMS, ns, stream('watched'));
        await patchObject(client, IMAGE_STREAMS, { namespace: ns, name: 'watched' }, 'application/merge-patch+json', { metadata: { annotations: { owner: 'z' } } });
        await deleteObject(client, IMAGE_STREAMS, { namespace: ns, name: 'watched' });
        const name = `${ns}/watched`;
        await waitFor(async () => (heard.includes(`deleted ${name}`) ? true : undefined), { what: 'the deletion heard', timeoutMs: 20_000 });
        expect(heard.filter((line) => line.endsWith(name))).to.deep.equal([`added ${name}`, `updated ${name}`, `deleted ${name}`]);
      } finally {
        await informer.stop();
      }
    });
  });
}

import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import { AuthorizationV1Api, CoreV1Api, CustomObjectsApi } from '@kubernetes/client-node';
import { namespaceAccessReview } from '../../src/controller/namespace-access.js';
import { LocalController, writeControllerFiles } from '../harness/controller.js';
import { RELEASE } from '../harness/environment.js';
import { freePort } from '../harness/ports.js';
import { waitFor } from '../harness/wait.js';
import { createNamespace } from '../support/api.js';
import { BASE_VALUES, type E2eContext } from '../support/context.js';
import { dryRunPod } from '../support/dry-run.js';
import { bindClusterRole } from './user-roles.js';

const GROUP = { group: 'image.openshift.io', version: 'v1', plural: 'imagestreams' };
const DIGEST = `sha256:${'c'.repeat(64)}`;

interface TagStatus {
  tag: string;
  items?: { image: string; dockerImageReference: string }[];
  conditions?: { type: string; status: string; reason?: string; message?: string }[];
}
interface Stream {
  metadata: { name: string; namespace: string; resourceVersion?: string };
  spec: { tags?: { name: string; from?: object; generation?: number | null }[] };
  status?: { dockerImageRepository?: string; tags?: TagStatus[] };
}

/**
 * A tag copied from another namespace's stream (ImageStreamTag with `from.namespace`) through the
 * real API server's authorizer: refused until that namespace binds the image-puller role to the
 * copying namespace's service accounts, then copied. Without this, any user who may create a stream
 * could read every other namespace's digests and registry locations through the controller.
 */
export function importCrossNamespaceScenarios(ctx: E2eContext): void {
  describe('import controller: tags copied from another namespace', () => {
    let controller: LocalController | undefined;
    let app = '';
    let images = '';
    const api = () => ctx.admin.makeApiClient(CustomObjectsApi);
    const authorization = () => ctx.admin.makeApiClient(AuthorizationV1Api);
    const read = async (namespace: string, name: string): Promise<Stream> => (await api().getNamespacedCustomObject({ ...GROUP, namespace, name })) as Stream;
    const copyStatus = async (): Promise<TagStatus | undefined> => (await read(app, 'copy')).status?.tags?.find((tag) => tag.tag === 'base');

    before(async function () {
      this.timeout(120_000);
      const run = ctx.environment.run;
      const dir = join(run.runDir, 'import-cross-namespace');
      await mkdir(dir, { recursive: true });
      const files = await writeControllerFiles(run.admin, RELEASE, dir, run.controlPlane.credentials, {
        registries: { useCredentials: false, allowed: ['127.0.0.1'] },
      });
      controller = new LocalController(files, await freePort(), dir, ctx.environment.processes);
      await controller.start();
      app = await createNamespace(ctx.admin, 'copy-app');
      images = await createNamespace(ctx.admin, 'copy-images');
      const source = { apiVersion: 'image.openshift.io/v1', kind: 'ImageStream', metadata: { name: 'base', namespace: images }, spec: {} };
      await api().createNamespacedCustomObject({ ...GROUP, namespace: images, body: source });
      const tags = [{ tag: '1', items: [{ created: '2026-11-30T07:00:00Z', dockerImageReference: `registry.example.com/private/base@${DIGEST}`, image: DIGEST, generation: 1 }] }];
      // The controller writes this stream's status too (dockerImageRepository): read, write, and on a conflict read again.
      await waitFor(async () => {
        const current = await read(images, 'base');
        return api().replaceNamespacedCustomObjectStatus({ ...GROUP, namespace: images, name: 'base', body: { ...current, status: { ...current.status, tags } } }).then(
          () => true,
          (err: unknown) => ((err as { code?: number }).code === 409 ? undefined : Promise.reject(err)),
        );
      }, { what: 'the source stream status written', timeoutMs: 10_000, intervalMs: 100 });
    });
    after(async function () {
      this.timeout(60_000);
      await controller?.stop();
    });

    it('refuses the copy with a Forbidden condition while the source namespace has not granted access', async () => {
      const copy = {
        apiVersion: 'image.openshift.io/v1',
        kind: 'ImageStream',
        metadata: { name: 'copy', namespace: app },
        spec: { lookupPolicy: { local: true }, tags: [{ name: 'base', from: { kind: 'ImageStreamTag', name: 'base:1', namespace: images } }] },
      };
      await api().createNamespacedCustomObject({ ...GROUP, namespace: app, body: copy });
      const condition = await waitFor(async () => (await copyStatus())?.conditions?.find((c) => c.type === 'ImportSuccess'), {
        what: 'ImportSuccess condition of copy:base', timeoutMs: 30_000, intervalMs: 200, abortReason: () => controller?.exitStatus(),
      });
      expect(condition).to.deep.include({ status: 'False', reason: 'Forbidden' });
      expect(condition.message).to.equal(`imagestreams.image.openshift.io "base" is forbidden: the service accounts of namespace "${app}" may not get imagestreams in the namespace "${images}"`);
      expect((await copyStatus())?.items ?? []).to.deep.equal([]);
    });

    it('warns at admission that copy:base falls back to the stream\'s own repository, naming the refused import', async () => {
      const repository = (await read(app, 'copy')).status?.dockerImageRepository;
      expect(repository, 'the controller writes the stream\'s own repository').to.equal(`${String(BASE_VALUES['internalRegistryHostname'])}/${app}/copy`);
      const { object, warnings } = await dryRunPod(ctx, app, 'copy:base');
      expect(object.spec?.containers?.[0]?.image).to.equal(`${repository}:base`);
      expect(warnings).to.deep.equal([
        `spec.containers[0].image: "copy:base" rewritten to "${repository}:base", the stream's own repository: ImageStream ${app}/copy tag "base" has no image for it: ` +
        `its import failed (Forbidden): imagestreams.image.openshift.io "base" is forbidden: the service accounts of namespace "${app}" may not get imagestreams in the namespace "${images}"`,
      ]);
    });

    it('copies the source tag once the source namespace binds the image-puller role to the copying namespace', async () => {
      await bindClusterRole(ctx.admin, images, `${RELEASE.name}-image-puller`, { kind: 'Group', name: `system:serviceaccounts:${app}` });
      const review = namespaceAccessReview(app, images);
      await waitFor(async () => ((await authorization().createSubjectAccessReview({ body: review })).status?.allowed === true ? true : undefined), {
        what: 'the API server authorizer to see the new binding', timeoutMs: 20_000, intervalMs: 200,
      });
      // No re-import request: the RoleBinding's watch event retries the Forbidden tag (or, had the
      // authorizer not seen the binding yet, the backoff's next retry, 10 s after the event).
      const generation = (await read(app, 'copy')).spec.tags?.[0]?.generation;
      const item = await waitFor(async () => (await copyStatus())?.items?.[0], {
        what: 'copy:base to take the source digest after the grant', timeoutMs: 30_000, intervalMs: 200, abortReason: () => controller?.exitStatus(),
      });
      expect((await read(app, 'copy')).spec.tags?.[0]?.generation, 'healed without a generation patch').to.equal(generation);
      const woken = await waitFor(async () => (await controller?.logText())?.split('\n').find((line) => line.includes('"cause":"Binding"')), {
        what: 'the RBAC watch to retry the Forbidden tag', timeoutMs: 5_000, intervalMs: 100,
      });
      expect(woken).to.include('retrying failed imports after a change that may heal them');
      expect(item).to.deep.include({ image: DIGEST, dockerImageReference: `registry.example.com/private/base@${DIGEST}` });
      const resolved = await waitFor(async () => {
        const answer = await dryRunPod(ctx, app, 'copy:base');
        return answer.object.spec?.containers?.[0]?.image === `registry.example.com/private/base@${DIGEST}` ? answer : undefined;
      }, { what: 'the webhook\'s cache to see the copied tag', timeoutMs: 10_000, intervalMs: 200 });
      expect(resolved.warnings, 'a resolved tag warns nothing').to.deep.equal([]);
      const events = await waitFor(async () => {
        const list = await ctx.admin.makeApiClient(CoreV1Api).listNamespacedEvent({ namespace: app, fieldSelector: 'involvedObject.name=copy,involvedObject.kind=ImageStream' });
        return list.items.length >= 2 ? list.items.map((event) => `${event.type ?? ''} ${event.reason ?? ''}`).sort() : undefined;
      }, { what: 'the Events on copy', timeoutMs: 10_000, intervalMs: 200 });
      expect(events, 'one ImportFailed for all the Forbidden retries, one Imported').to.deep.equal(['Normal Imported', 'Warning ImportFailed']);
    });
  });
}

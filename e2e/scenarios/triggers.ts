import { expect } from 'chai';
import { AuthorizationV1Api, CoreV1Api, CustomObjectsApi } from '@kubernetes/client-node';
import { namespaceAccessReview } from '../../src/controller/namespace-access.js';
import { TRIGGER_FIELD_MANAGER } from '../../src/controller/trigger-io.js';
import { containerTrigger, formatTriggerAnnotation } from '../../src/triggers/canonical.js';
import type { WorkloadKind } from '../../src/triggers/types.js';
import { pushImage, startRegistry, type TestRegistry } from '../../test/support/registry/index.js';
import { RELEASE } from '../harness/environment.js';
import { waitFor } from '../harness/wait.js';
import { createNamespace } from '../support/api.js';
import type { E2eContext } from '../support/context.js';
import { createWithWarnings } from '../support/dry-run.js';
import { ControllerFixture, IMAGE_STREAMS, newestEvent } from '../support/import-fixture.js';
import { imagesOf, workload, type Workload } from '../support/workloads.js';
import { bindClusterRole } from './user-roles.js';

const TRIGGERS = 'image.openshift.io/triggers';
const KINDS: readonly WorkloadKind[] = ['Deployment', 'StatefulSet', 'DaemonSet', 'CronJob'];
const COLLECTION: Record<WorkloadKind, string> = { Deployment: 'apps/v1/namespaces/NS/deployments', StatefulSet: 'apps/v1/namespaces/NS/statefulsets', DaemonSet: 'apps/v1/namespaces/NS/daemonsets', CronJob: 'batch/v1/namespaces/NS/cronjobs' };

/** What `oc set triggers <kind>/<name> --from-image=<stream>:<tag> -c app` writes. */
function annotation(kind: WorkloadKind, namespace: string, tag: { namespace: string; stream: string; tag: string }, paused = false): string {
  return formatTriggerAnnotation([containerTrigger({ owner: { kind, namespace }, list: 'containers', container: 'app', from: tag, paused })]);
}

interface Stored extends Workload {
  metadata: Workload['metadata'] & { managedFields?: { manager?: string }[]; generation?: number };
}

/**
 * Image change triggers end to end: the import controller records a tag's new image from the real
 * registry, and the trigger controller in the same process rolls every workload that follows the
 * tag to the new digest through the real API server (and the webhook, which leaves a digest alone).
 */
export function triggerScenarios(ctx: E2eContext): void {
  describe('image change triggers: tag moves in the registry roll workloads', () => {
    let registry: TestRegistry | undefined;
    const controller = new ControllerFixture(ctx);
    let ns = '';
    const registryOf = (): TestRegistry => {
      if (registry === undefined) throw new Error('registry not started');
      return registry;
    };
    const streams = () => ctx.admin.makeApiClient(CustomObjectsApi);
    const read = async (kind: WorkloadKind, name: string, namespace = ns): Promise<Stored> =>
      (await ctx.objects().read({ apiVersion: kind === 'CronJob' ? 'batch/v1' : 'apps/v1', kind, metadata: { name, namespace } })) as Stored;
    const imageOf = async (kind: WorkloadKind, name: string, namespace = ns): Promise<string | undefined> => imagesOf(await read(kind, name, namespace))[0];
    const waitForImage = (kind: WorkloadKind, name: string, image: string, namespace = ns): Promise<true> =>
      waitFor(async () => ((await imageOf(kind, name, namespace)) === image ? true : undefined), {
        what: `${kind} ${namespace}/${name} at ${image}`, timeoutMs: 30_000, intervalMs: 200,
      });
    const eventsOf = async (name: string, namespace = ns) =>
      (await ctx.admin.makeApiClient(CoreV1Api).listNamespacedEvent({ namespace, fieldSelector: `involvedObject.name=${name}` })).items;
    const createStream = (namespace: string, name: string, repository: string) =>
      streams().createNamespacedCustomObject({ ...IMAGE_STREAMS, namespace, body: {
        apiVersion: 'image.openshift.io/v1', kind: 'ImageStream', metadata: { name, namespace },
        spec: { lookupPolicy: { local: true }, tags: [{ name: 'v1', from: { kind: 'DockerImage', name: `${registryOf().host}/${repository}:v1` }, importPolicy: { scheduled: true } }] },
      } });
    const follower = (kind: WorkloadKind, name: string, image: string, from: { namespace: string; stream: string; tag: string }, paused = false, namespace = ns): Workload =>
      workload(kind, namespace, name, [{ name: 'app', image }], { annotations: { [TRIGGERS]: annotation(kind, namespace, from, paused) } });

    before(async function () {
      this.timeout(120_000);
      registry = await startRegistry({ mode: 'tls' });
      await controller.start({
        scheduledImport: { minimumIntervalSeconds: 2, maxPerMinute: 600 },
        registries: { caBundleFile: registry.caFile, useCredentials: false, allowed: ['127.0.0.1'] },
      });
      ns = await createNamespace(ctx.admin, 'triggers');
    });
    after(async function () {
      this.timeout(60_000);
      await controller.stop();
      await registry?.stop();
    });

    it('a pushed image rolls a Deployment, StatefulSet, DaemonSet and CronJob to the new digest, leaves a paused trigger alone, and the webhook keeps the digest', async function () {
      this.timeout(120_000);
      const first = await pushImage({ registry: registryOf(), repository: 'e2e/triggered', tags: ['v1'], kind: 'oci', content: 'triggered v1' });
      await createStream(ns, 'app', 'e2e/triggered');
      await controller.waitForStream(ns, 'app', 'app:v1 imported', (s) => (newestEvent(s, 'v1')?.image === first.digest ? true : undefined));
      const pinned = (digest: string): string => `${registryOf().host}/e2e/triggered@${digest}`;
      const tag = { namespace: ns, stream: 'app', tag: 'v1' };
      for (const kind of KINDS) await ctx.objects().create(follower(kind, `follows-${kind.toLowerCase()}`, 'app:v1', tag));
      await ctx.objects().create(follower('Deployment', 'paused', 'app:v1', tag, true));
      // The form OpenShift's documentation prints (single quotes), read as the canonical one (D11).
      const seedForm = `[{"from":{"kind":"ImageStreamTag","name":"app:v1"},"fieldPath":"spec.template.spec.containers[?(@.name='app')].image"}]`;
      await ctx.objects().create(workload('Deployment', ns, 'seed-form', [{ name: 'app', image: 'app:v1' }], { annotations: { [TRIGGERS]: seedForm } }));
      for (const kind of KINDS) expect(await imageOf(kind, `follows-${kind.toLowerCase()}`), 'the webhook resolved the short name').to.equal(pinned(first.digest));

      const moved = await pushImage({ registry: registryOf(), repository: 'e2e/triggered', tags: ['v1'], kind: 'docker', content: 'triggered v1 moved' });
      await controller.waitForStream(ns, 'app', 'the scheduled import of the moved tag', (s) => (newestEvent(s, 'v1')?.image === moved.digest ? true : undefined));
      for (const kind of KINDS) await waitForImage(kind, `follows-${kind.toLowerCase()}`, pinned(moved.digest));
      await waitForImage('Deployment', 'seed-form', pinned(moved.digest));
      for (const kind of KINDS) {
        const stored = await read(kind, `follows-${kind.toLowerCase()}`);
        expect(stored.metadata.managedFields?.map((f) => f.manager), `${kind}: written by the trigger controller`).to.include(TRIGGER_FIELD_MANAGER);
        const events = await waitFor(async () => {
          const found = (await eventsOf(stored.metadata.name)).filter((e) => e.reason === 'ImageTriggered');
          return found.length > 0 ? found : undefined;
        }, { what: `the ImageTriggered Event of ${kind}`, timeoutMs: 10_000, intervalMs: 200 });
        expect(events[0]?.message).to.equal(`Image stream tag app:v1 set the image of container app to ${pinned(moved.digest)} (was ${pinned(first.digest)})`);
      }
      expect(await imageOf('Deployment', 'paused'), 'a paused trigger does nothing').to.equal(pinned(first.digest));
      expect((await read('Deployment', 'paused')).metadata.managedFields?.map((f) => f.manager)).to.not.include(TRIGGER_FIELD_MANAGER);
      expect(await controller.counter('imagestream_controller_triggers_total{kind="Deployment",result="Updated"}'), 'follows-deployment and seed-form').to.equal(2);

      // A workload created at the tag's current image is visited at once and gets no write at all.
      await ctx.objects().create(follower('Deployment', 'current', 'app:v1', tag));
      await ctx.objects().create(follower('Deployment', 'behind', pinned(first.digest), tag));
      await waitForImage('Deployment', 'behind', pinned(moved.digest));
      const current = await read('Deployment', 'current');
      expect(imagesOf(current)).to.deep.equal([pinned(moved.digest)]);
      expect(current.metadata.managedFields?.map((f) => f.manager)).to.not.include(TRIGGER_FIELD_MANAGER);
      expect(current.metadata.generation, 'never updated').to.equal(1);
    });

    it('an invalid annotation is a warning at admission and an InvalidTrigger Event', async function () {
      this.timeout(60_000);
      const tag = { namespace: ns, stream: 'app', tag: 'v1' };
      const broken = workload('Deployment', ns, 'broken', [{ name: 'app', image: 'app:v1' }], {
        annotations: { [TRIGGERS]: annotation('Deployment', ns, tag).replace('\\"app\\"', '\\"nope\\"') },
      });
      const answer = await createWithWarnings(ctx, `/apis/${COLLECTION.Deployment.replace('NS', ns)}`, broken);
      expect(answer.status).to.equal(201);
      expect(answer.warnings).to.deep.equal([`${TRIGGERS}[0].fieldPath: no such container: nope`]);
      const event = await waitFor(async () => (await eventsOf('broken')).find((e) => e.reason === 'InvalidTrigger'), {
        what: 'the InvalidTrigger Event', timeoutMs: 20_000, intervalMs: 200,
      });
      expect(event).to.deep.include({ type: 'Warning', message: `${TRIGGERS}[0].fieldPath: no such container: nope` });
    });

    it('a cross-namespace trigger is refused without the grant, and followed at the next tag move after it', async function () {
      this.timeout(120_000);
      const source = await createNamespace(ctx.admin, 'trigger-images');
      const first = await pushImage({ registry: registryOf(), repository: 'e2e/base', tags: ['v1'], kind: 'oci', content: 'base v1' });
      await createStream(source, 'base', 'e2e/base');
      await controller.waitForStream(source, 'base', 'base:v1 imported', (s) => (newestEvent(s, 'v1')?.image === first.digest ? true : undefined));
      await ctx.objects().create(follower('Deployment', 'copies', 'ruby:3', { namespace: source, stream: 'base', tag: 'v1' }));
      const refused = await waitFor(async () => (await eventsOf('copies')).find((e) => e.reason === 'InvalidTrigger'), {
        what: 'the refusal Event', timeoutMs: 20_000, intervalMs: 200,
      });
      expect(refused.message).to.equal(`${TRIGGERS}[0]: image stream tag ${source}/base:v1 is not followed: the service accounts of namespace ${ns} may not get imagestreams in namespace ${source}`);
      expect(await imageOf('Deployment', 'copies')).to.equal('ruby:3');

      await bindClusterRole(ctx.admin, source, `${RELEASE.name}-image-puller`, { kind: 'Group', name: `system:serviceaccounts:${ns}` });
      const authorization = ctx.admin.makeApiClient(AuthorizationV1Api);
      await waitFor(async () => ((await authorization.createSubjectAccessReview({ body: namespaceAccessReview(ns, source) })).status?.allowed === true ? true : undefined), {
        what: 'the API server authorizer to see the new binding', timeoutMs: 20_000, intervalMs: 200,
      });
      const moved = await pushImage({ registry: registryOf(), repository: 'e2e/base', tags: ['v1'], kind: 'docker', content: 'base v1 moved' });
      await waitForImage('Deployment', 'copies', `${registryOf().host}/e2e/base@${moved.digest}`);
    });
  });
}

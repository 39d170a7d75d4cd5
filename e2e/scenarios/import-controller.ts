import { expect } from 'chai';
import { CoordinationV1Api, CustomObjectsApi, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { pushImage, startRegistry, type TestRegistry } from '../../test/support/registry/index.js';
import { controllerName, LocalController, writeControllerFiles } from '../harness/controller.js';
import { RELEASE } from '../harness/environment.js';
import { freePort } from '../harness/ports.js';
import { waitFor } from '../harness/wait.js';
import { createNamespace } from '../support/api.js';
import type { E2eContext } from '../support/context.js';
import { imagesOf, workload, type Workload } from '../support/workloads.js';

const GROUP = { group: 'image.openshift.io', version: 'v1', plural: 'imagestreams' };

const CHECK = 'openshift.io/image.dockerRepositoryCheck';

interface Stream {
  metadata: { name: string; namespace: string; generation?: number; annotations?: Record<string, string> };
  spec: { tags: { name: string; generation?: number | null }[] };
  status?: { dockerImageRepository?: string; tags?: { tag: string; items?: { image: string; dockerImageReference: string }[]; conditions?: { type: string; status: string; reason?: string; message?: string }[] }[] };
}

/** An ordinary ImageStream, as a user would `kubectl apply` it: no status, nothing stamped. */
function ordinaryStream(namespace: string, name: string, tag: string, from: string, scheduled = false): object {
  return {
    apiVersion: 'image.openshift.io/v1',
    kind: 'ImageStream',
    metadata: { name, namespace },
    spec: { lookupPolicy: { local: true }, tags: [{ name: tag, from: { kind: 'DockerImage', name: from }, ...(scheduled ? { importPolicy: { scheduled: true } } : {}) }] },
  };
}

/** The import log lines of one stream's tag, as `{trigger, digest}`. */
function importLines(log: string, namespace: string, stream: string, tag: string): { trigger: string; digest?: string }[] {
  return log.split('\n').filter((line) => line.includes('"msg":"import"')).map((line) => JSON.parse(line) as Record<string, string>)
    .filter((line) => line['namespace'] === namespace && line['stream'] === stream && line['tag'] === tag)
    .map((line) => ({ trigger: line['trigger'] ?? '', ...(line['digest'] === undefined ? {} : { digest: line['digest'] }) }));
}

/**
 * The import controller against the real API server and a real registry: streams fill their own
 * status (no hand-written status anywhere), a Deployment naming `<stream>:<tag>` is stored with the
 * registry's digest, moved tags are re-imported, and an unreachable registry is reported without
 * losing the last good image.
 */
export function importControllerScenarios(ctx: E2eContext): void {
  describe('import controller with the chart ServiceAccount and a real registry', () => {
    let registry: TestRegistry | undefined;
    let controller: LocalController | undefined;
    let files: { config: string; kubeconfig: string } | undefined;
    let ns = '';
    const api = () => ctx.admin.makeApiClient(CustomObjectsApi);
    const read = async (name: string): Promise<Stream> => (await api().getNamespacedCustomObject({ ...GROUP, namespace: ns, name })) as Stream;
    const registryOf = (): TestRegistry => {
      if (registry === undefined) throw new Error('registry not started');
      return registry;
    };
    const newest = (stream: Stream, tag: string) => stream.status?.tags?.find((t) => t.tag === tag)?.items?.[0];
    const condition = (stream: Stream, tag: string) => stream.status?.tags?.find((t) => t.tag === tag)?.conditions?.find((c) => c.type === 'ImportSuccess');
    // Log lines are written in batches, so the line of an import may follow its status write.
    const lastImport = (stream: string, tag: string, digest: string): Promise<string> => waitFor(async () => {
      const last = importLines(await controller?.logText() ?? '', ns, stream, tag).at(-1);
      return last?.digest === digest ? last.trigger : undefined;
    }, { what: `the import log line of ${stream}:${tag}`, timeoutMs: 5_000, intervalMs: 100 });
    const waitForStatus = <T>(what: string, check: (stream: Stream) => T | undefined, name: string): Promise<T> =>
      waitFor(async () => check(await read(name)), { what, timeoutMs: 30_000, intervalMs: 100, abortReason: () => controller?.exitStatus() });

    before(async function () {
      this.timeout(120_000);
      registry = await startRegistry({ mode: 'tls' });
      const run = ctx.environment.run;
      files = await writeControllerFiles(run.admin, RELEASE, run.runDir, run.controlPlane.credentials, {
        scheduledImport: { minimumIntervalSeconds: 2, maxPerMinute: 600 },
        // Streams of other scenarios name docker.io: tests reach no address but 127.0.0.1.
        registries: { caBundleFile: registry.caFile, useCredentials: true, allowed: ['127.0.0.1'] },
      });
      controller = new LocalController(files, await freePort(), run.runDir, ctx.environment.processes);
      await controller.start();
      ns = await createNamespace(ctx.admin, 'import');
    });
    after(async function () {
      this.timeout(60_000);
      await controller?.stop();
      await registry?.stop();
    });

    it('fills the status of an ordinary stream with the registry digest, and a Deployment is stored with it', async () => {
      const pushed = await pushImage({ registry: registryOf(), repository: 'e2e/app', tags: ['v1'], kind: 'oci', content: 'app v1' });
      await ctx.objects().create(ordinaryStream(ns, 'app', 'v1', `${registryOf().host}/e2e/app:v1`) as never);
      const event = await waitForStatus('status of app:v1', (stream) => newest(stream, 'v1'), 'app');
      expect(event).to.deep.include({ image: pushed.digest, dockerImageReference: `${registryOf().host}/e2e/app@${pushed.digest}` });
      const stream = await read('app');
      expect(stream.status?.dockerImageRepository).to.equal(`image-registry.openshift-image-registry.svc:5000/${ns}/app`);
      const deployment = workload('Deployment', ns, 'uses-app', [{ name: 'app', image: 'app:v1' }]);
      const stored: Workload = await ctx.objects().create(deployment);
      expect(imagesOf(stored)).to.deep.equal([`${registryOf().host}/e2e/app@${pushed.digest}`]);
    });

    it('re-imports a moved tag when its spec generation is set to 0, keeping the old event second', async () => {
      const before = await read('app');
      const old = newest(before, 'v1');
      const moved = await pushImage({ registry: registryOf(), repository: 'e2e/app', tags: ['v1'], kind: 'docker', content: 'app v1 moved' });
      before.spec.tags = before.spec.tags.map((tag) => ({ ...tag, generation: 0 }));
      await api().replaceNamespacedCustomObject({ ...GROUP, namespace: ns, name: 'app', body: before });
      const after = await waitForStatus('re-imported app:v1', (stream) => (newest(stream, 'v1')?.image === moved.digest ? stream : undefined), 'app');
      expect(after.status?.tags?.[0]?.items?.map((item) => item.image)).to.deep.equal([moved.digest, old?.image]);
      expect(await lastImport('app', 'v1', moved.digest), 'logged as a requested re-import, not as a change').to.equal('ReimportRequested');
    });

    it('re-imports every tag of a spec.dockerImageRepository stream when its repository check annotation is removed', async () => {
      const first = await pushImage({ registry: registryOf(), repository: 'e2e/repo', tags: ['1'], kind: 'oci', content: 'repo 1' });
      const repository = `${registryOf().host}/e2e/repo`;
      await ctx.objects().create({ apiVersion: 'image.openshift.io/v1', kind: 'ImageStream', metadata: { name: 'repo', namespace: ns }, spec: { dockerImageRepository: repository } } as never);
      const listed = await waitForStatus('first listing of repo', (stream) => (newest(stream, '1')?.image === first.digest && stream.metadata.annotations?.[CHECK] ? stream : undefined), 'repo');
      expect(listed.metadata.annotations?.[CHECK], 'the time of the check').to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      const moved = await pushImage({ registry: registryOf(), repository: 'e2e/repo', tags: ['1'], kind: 'docker', content: 'repo 1 moved' });
      const added = await pushImage({ registry: registryOf(), repository: 'e2e/repo', tags: ['2'], kind: 'oci', content: 'repo 2' });
      // kubectl annotate imagestream repo openshift.io/image.dockerRepositoryCheck-
      await api().patchNamespacedCustomObject({ ...GROUP, namespace: ns, name: 'repo', body: [{ op: 'remove', path: `/metadata/annotations/${CHECK.replace('/', '~1')}` }] },
        setHeaderOptions('Content-Type', PatchStrategy.JsonPatch));
      const after = await waitForStatus('re-import of repo', (stream) => (newest(stream, '1')?.image === moved.digest && newest(stream, '2')?.image === added.digest && stream.metadata.annotations?.[CHECK] ? stream : undefined), 'repo');
      expect(after.status?.tags?.find((t) => t.tag === '1')?.items?.map((item) => item.image)).to.deep.equal([moved.digest, first.digest]);
      expect(after.metadata.generation, 'the controller wrote no spec').to.equal(listed.metadata.generation);
      expect(await lastImport('repo', '1', moved.digest)).to.equal('ReimportRequested');
    });

    it('re-imports a scheduled tag on its own after the tag moves in the registry', async () => {
      const first = await pushImage({ registry: registryOf(), repository: 'e2e/sched', tags: ['latest'], kind: 'oci', content: 'sched 1' });
      await ctx.objects().create(ordinaryStream(ns, 'sched', 'latest', `${registryOf().host}/e2e/sched:latest`, true) as never);
      await waitForStatus('first import of sched', (stream) => (newest(stream, 'latest')?.image === first.digest ? true : undefined), 'sched');
      const second = await pushImage({ registry: registryOf(), repository: 'e2e/sched', tags: ['latest'], kind: 'oci-index', content: 'sched 2' });
      await waitForStatus('scheduled re-import of sched', (stream) => (newest(stream, 'latest')?.image === second.digest ? true : undefined), 'sched');
    });

    it('reports a stopped registry in the ImportSuccess condition, keeps the last good event, and recovers', async () => {
      const good = newest(await read('sched'), 'latest');
      await registryOf().kill();
      const failed = await waitForStatus('ImportSuccess=False on sched', (stream) => (condition(stream, 'latest')?.status === 'False' ? stream : undefined), 'sched');
      expect(condition(failed, 'latest')?.reason).to.equal('InternalError');
      expect(condition(failed, 'latest')?.message).to.include('unreachable');
      expect(newest(failed, 'latest')).to.deep.equal(good);
      await registryOf().restart();
      const recovered = await waitForStatus('recovery of sched', (stream) => (condition(stream, 'latest') === undefined ? stream : undefined), 'sched');
      expect(newest(recovered, 'latest')).to.deep.equal(good);
      expect(await controller?.metrics()).to.match(/imagestream_controller_imports_total\{registry="127\.0\.0\.1:\d+",result="Failed",reason="InternalError"\} [1-9]/);
    });

    it('a second replica stands by; when the leader stops (exit 0, Lease released) it takes over and imports', async function () {
      this.timeout(120_000);
      const leases = ctx.admin.makeApiClient(CoordinationV1Api);
      const lease = { name: controllerName(RELEASE), namespace: RELEASE.namespace };
      const leader = (await leases.readNamespacedLease(lease)).spec?.holderIdentity ?? '';
      expect(leader).to.not.equal('');
      const run = ctx.environment.run;
      if (controller === undefined || files === undefined) throw new Error('controller not started');
      const standby = new LocalController(files, await freePort(), run.runDir, ctx.environment.processes);
      await standby.start();
      expect(await standby.metrics()).to.match(/^imagestream_controller_leader 0$/m);
      expect(await controller.stop()).to.equal('exited with code 0');
      controller = standby;
      const pushed = await pushImage({ registry: registryOf(), repository: 'e2e/failover', tags: ['1'], kind: 'docker-list', content: 'failover' });
      await ctx.objects().create(ordinaryStream(ns, 'failover', '1', `${registryOf().host}/e2e/failover:1`) as never);
      await waitForStatus('import by the new leader', (stream) => (newest(stream, '1')?.image === pushed.digest ? true : undefined), 'failover');
      const holder = (await leases.readNamespacedLease(lease)).spec?.holderIdentity ?? '';
      expect(holder).to.not.equal('');
      expect(holder).to.not.equal(leader);
      expect(await standby.stop()).to.equal('exited with code 0');
      expect((await leases.readNamespacedLease(lease)).spec?.holderIdentity).to.equal('');
    });
  });
}

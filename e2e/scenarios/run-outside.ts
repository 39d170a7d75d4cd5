import { expect } from 'chai';
import { existsSync, readFileSync } from 'node:fs';
import { AppsV1Api, CoordinationV1Api } from '@kubernetes/client-node';
import { parse } from 'yaml';
import { pushImage, startRegistry, type TestRegistry } from '../../test/support/registry/index.js';
import { controllerName } from '../harness/controller.js';
import { request } from 'node:https';
import { join } from 'node:path';
import { RELEASE } from '../harness/environment.js';
import { exited } from '../harness/etcd.js';
import { get } from '../harness/http.js';
import { freePort } from '../harness/ports.js';
import type { ManagedProcess } from '../harness/processes.js';
import { REPO_ROOT } from '../harness/tools.js';
import { waitFor } from '../harness/wait.js';
import { createNamespace } from '../support/api.js';
import type { E2eContext } from '../support/context.js';
import { ControllerFixture, newestEvent } from '../support/import-fixture.js';
import { createImageStream, digest, imageStream } from '../support/streams.js';

interface Review {
  response: { allowed: boolean; patch?: string; status?: { message?: string } };
}

/** POSTs an AdmissionReview for a Pod using `image` to the outside webhook's /mutate. */
function mutate(port: number, caFile: string, namespace: string, image: string): Promise<Review> {
  const body = JSON.stringify({
    apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview',
    request: {
      uid: '7c1d2e3f-0000-4000-8000-00000000000a', kind: { group: '', version: 'v1', kind: 'Pod' },
      resource: { group: '', version: 'v1', resource: 'pods' }, namespace, name: 'outside', operation: 'CREATE',
      userInfo: { username: 'e2e-admin' },
      object: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'outside', namespace }, spec: { containers: [{ name: 'app', image, imagePullPolicy: 'IfNotPresent' }] } },
    },
  });
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/mutate', method: 'POST', ca: readFileSync(caFile), headers: { 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      res.on('end', () => resolve(JSON.parse(text) as Review));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * The documented recipe for a webhook run outside the cluster (hack/run-outside.sh, which uses
 * `imagestream-webhook release-files`) against the suite's release, as a user would run it with
 * their own kubeconfig: it serves with the release's certificate, policy and ServiceAccount, and
 * picks up a policy changed by `helm upgrade` without being restarted.
 */
export function runOutsideScenarios(ctx: E2eContext): void {
  describe('hack/run-outside.sh: the webhook outside the cluster as the release', () => {
    let outside: ManagedProcess | undefined;
    let port = 0;
    let dir = '';
    let ns = '';
    before(async () => {
      const run = ctx.environment.run;
      ns = await createNamespace(ctx.admin, 'outside');
      await createImageStream(ctx.admin, imageStream(ns, 'ruby', { local: true, tags: { '2.5': digest('a') } }));
      port = await freePort();
      dir = join(run.runDir, 'outside');
      const env: NodeJS.ProcessEnv = { ...userEnv(ctx, dir), RUN_OUTSIDE_REFRESH: '1' };
      const started = await ctx.environment.processes.start({
        name: 'run-outside', command: 'bash',
        args: [join(REPO_ROOT, 'hack', 'run-outside.sh'), RELEASE.name, RELEASE.namespace, `127.0.0.1:${port}`, `127.0.0.1:${await freePort()}`],
        env, cwd: REPO_ROOT, logFile: join(run.runDir, 'run-outside.log'),
      });
      outside = started;
      await waitFor(async () => ((await get(`https://127.0.0.1:${port}/readyz`, { caFile: join(dir, 'ca.crt') })).status === 200 ? true : undefined), {
        what: 'hack/run-outside.sh to serve and list image streams', timeoutMs: 60_000, abortReason: () => exited(started),
      });
    });
    after(async () => {
      await outside?.stop();
      await ctx.reconfigure({});
    });

    it('resolves with the release\'s certificate (verified against its CA) and its ServiceAccount\'s view of the streams', async () => {
      const review = await mutate(port, join(dir, 'ca.crt'), ns, 'ruby:2.5');
      const patch = JSON.parse(Buffer.from(review.response.patch ?? '', 'base64').toString('utf8')) as { path: string; value: string }[];
      expect(patch.find((op) => op.path === '/spec/containers/0/image')?.value).to.equal(`docker.io/library/ruby@${digest('a')}`);
    });

    it('applies the policy of a helm upgrade without a restart', async () => {
      const before = await mutate(port, join(dir, 'ca.crt'), ns, 'nosuch:1');
      expect(before.response.allowed, 'Attempt admits an unresolvable name').to.equal(true);
      await ctx.reconfigure({ policy: { resolveImages: 'Required' } });
      const refused = await waitFor(async () => {
        const review = await mutate(port, join(dir, 'ca.crt'), ns, 'nosuch:1');
        return review.response.allowed ? undefined : review;
      }, { what: 'the outside webhook to re-read the upgraded policy', timeoutMs: 30_000, intervalMs: 500 });
      expect(refused.response.status?.message).to.include('imagestreams.image.openshift.io "nosuch" not found');
      expect(outside?.exitStatus(), 'never restarted').to.equal(undefined);
      // Log lines are written in batches (up to 100 ms late), so the line may follow the policy's effect.
      await waitFor(async () => (outside?.logTail(200).includes('policy reloaded') ? true : undefined), { what: 'the "policy reloaded" log line', timeoutMs: 5_000, intervalMs: 100 });
    });
  });

  runControllerOutsideScenarios(ctx);
}

/** The environment a user's shell gives the scripts: their kubeconfig, no proxies for loopback. */
function userEnv(ctx: E2eContext, dir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, KUBECONFIG: ctx.environment.run.controlPlane.adminKubeconfig, RUN_OUTSIDE_DIR: dir };
  for (const key of ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'ALL_PROXY', 'all_proxy']) delete env[key];
  return env;
}

/**
 * The documented recipe for the import controller outside the cluster
 * (hack/run-controller-outside.sh): the release installed with a registry CA bundle, which the
 * chart's configuration names by its Pod mount path, so the extracted configuration must point at
 * the extracted bundle; the in-cluster controller is scaled to 0 while the outside one leads, and
 * gets its replicas back when the script stops.
 */
function runControllerOutsideScenarios(ctx: E2eContext): void {
  describe('hack/run-controller-outside.sh: the import controller outside the cluster as the release\'s own', () => {
    let outside: ManagedProcess | undefined;
    let registry: TestRegistry | undefined;
    let port = 0;
    let dir = '';
    let ns = '';
    let replicasBefore = 0;
    const fixture = new ControllerFixture(ctx);
    const deployments = () => ctx.admin.makeApiClient(AppsV1Api);
    const controllerReplicas = async (): Promise<number> =>
      (await deployments().readNamespacedDeployment({ name: controllerName(RELEASE), namespace: RELEASE.namespace })).spec?.replicas ?? 0;

    before(async function () {
      this.timeout(180_000);
      registry = await startRegistry({ mode: 'tls' });
      // The registry is trusted only through the chart's CA bundle; streams of other scenarios name docker.io.
      await ctx.reconfigure({ controller: { registries: { caBundle: registry.caPem, allowed: ['127.0.0.1'] } } });
      replicasBefore = await controllerReplicas();
      ns = await createNamespace(ctx.admin, 'outside-import');
      port = await freePort();
      dir = join(ctx.environment.run.runDir, 'outside-controller');
      const started = await ctx.environment.processes.start({
        name: 'run-controller-outside', command: 'bash',
        args: [join(REPO_ROOT, 'hack', 'run-controller-outside.sh'), RELEASE.name, RELEASE.namespace, `127.0.0.1:${port}`],
        env: userEnv(ctx, dir), cwd: REPO_ROOT, logFile: join(ctx.environment.run.runDir, 'run-controller-outside.log'),
      });
      outside = started;
      await waitFor(async () => ((await get(`http://127.0.0.1:${port}/readyz`)).status === 200 ? true : undefined), {
        what: 'hack/run-controller-outside.sh to list image streams', timeoutMs: 60_000, abortReason: () => exited(started),
      });
    });
    after(async function () {
      this.timeout(120_000);
      await outside?.stop(30_000);
      await registry?.stop();
      await ctx.reconfigure({});
    });

    it('scales the in-cluster controller to 0 and runs with the release\'s configuration, its CA bundle extracted', async () => {
      expect(replicasBefore, 'the chart runs the controller').to.be.above(0);
      expect(await controllerReplicas()).to.equal(0);
      const config = parse(readFileSync(join(dir, 'config.yaml'), 'utf8')) as { registries: { caBundleFile: string; allowed: string[] }; leaderElection: { leaseName: string } };
      expect(config.registries.caBundleFile).to.equal(join(dir, 'ca-bundle.pem'));
      expect(readFileSync(config.registries.caBundleFile, 'utf8')).to.equal(registry?.caPem);
      expect(config.registries.allowed).to.deep.equal(['127.0.0.1']);
      expect(existsSync(join(dir, 'kubeconfig'))).to.equal(true);
    });

    it('holds the release\'s Lease and imports from the registry the chart\'s CA bundle trusts', async () => {
      if (registry === undefined) throw new Error('registry not started');
      const pushed = await pushImage({ registry, repository: 'outside/app', tags: ['1'], kind: 'oci', content: 'outside 1' });
      await ctx.objects().create({
        apiVersion: 'image.openshift.io/v1', kind: 'ImageStream', metadata: { name: 'app', namespace: ns },
        spec: { tags: [{ name: '1', from: { kind: 'DockerImage', name: `${registry.host}/outside/app:1` } }] },
      } as never);
      const event = await fixture.waitForStream(ns, 'app', 'the outside controller to import app:1', (stream) => newestEvent(stream, '1'));
      expect(event.image).to.equal(pushed.digest);
      const lease = await ctx.admin.makeApiClient(CoordinationV1Api).readNamespacedLease({ name: controllerName(RELEASE), namespace: RELEASE.namespace });
      expect(lease.spec?.holderIdentity ?? '').to.not.equal('');
    });

    it('stops the controller on SIGTERM, exits with its status 0 and gives the in-cluster controller its replicas back', async function () {
      this.timeout(60_000);
      const script = outside;
      if (script === undefined) throw new Error('the script is not running');
      // `kill <script pid>`: the script forwards the signal to the controller and restores the Deployment on exit.
      process.kill(script.pid, 'SIGTERM');
      const status = await waitFor(async () => script.exitStatus(), { what: 'the script to exit', timeoutMs: 30_000, intervalMs: 100 });
      expect(status).to.equal('exited with code 0');
      outside = undefined;
      expect(await controllerReplicas()).to.equal(replicasBefore);
    });
  });
}

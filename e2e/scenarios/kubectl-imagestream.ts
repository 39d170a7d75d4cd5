import { expect } from 'chai';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { AppsV1Api } from '@kubernetes/client-node';
import type { ImageStream } from '../../src/core/types.js';
import { createNamespace } from '../support/api.js';
import type { E2eContext } from '../support/context.js';
import { pluginRunner, type PluginRun } from '../support/plugin.js';
import { createImageStream, digest, imageStream, readImageStream } from '../support/streams.js';
import { workload } from '../support/workloads.js';
import { pushImage, startRegistry, type TestRegistry } from '../../test/support/registry/index.js';
import { ControllerFixture, importCondition, newestEvent } from '../support/import-fixture.js';

type Run = (args: readonly string[]) => Promise<PluginRun>;

interface SpecTag {
  name: string;
  from?: { kind: string; name: string; namespace?: string };
  reference?: boolean;
  generation?: number | null;
  importPolicy?: { scheduled?: boolean; insecure?: boolean; importMode?: string };
  referencePolicy?: { type: string };
}

const specTag = (stream: ImageStream, name: string): SpecTag | undefined => (stream.spec?.tags as SpecTag[] | undefined)?.find((tag) => tag.name === name);
const TRIGGERS = 'image.openshift.io/triggers';
const RESOLVE_NAMES = 'alpha.image.policy.openshift.io/resolve-names';

/**
 * `kubectl imagestream` as a process through kubectl's real plugin lookup, against the suite's API
 * server: `tag`, `set image-lookup`, `set triggers`, `get` and `describe` change and show real
 * objects; bad input gets the error text and exit code 1 and writes nothing.
 */
export function kubectlImagestreamScenarios(ctx: E2eContext): void {
  describe('kubectl imagestream through kubectl\'s plugin lookup', () => {
    let run: Run = () => Promise.reject(new Error('not started'));
    let ns = '';
    const inNs = (...args: string[]): Promise<PluginRun> => run([...args, '-n', ns]);
    const read = (name: string): Promise<ImageStream> => readImageStream(ctx.admin, ns, name);
    const apps = () => ctx.admin.makeApiClient(AppsV1Api);

    before(async function () {
      this.timeout(120_000);
      run = await pluginRunner(ctx);
      ns = await createNamespace(ctx.admin, 'plugin');
      await createImageStream(ctx.admin, imageStream(ns, 'app', { local: false, tags: { v1: digest('a'), v2: digest('b') } }));
      await createImageStream(ctx.admin, imageStream(ns, 'other', { local: false, tags: { v1: digest('c') } }));
      await ctx.objects().create(workload('Deployment', ns, 'web', [{ name: 'web', image: 'nginx' }, { name: 'db', image: 'postgres' }]));
    });

    /** Expects `args` to fail with exactly `stderr`, exit code 1, and the stream `name` unchanged. */
    async function refused(args: string[], stderr: string | RegExp, name = 'app'): Promise<void> {
      const before = await read(name);
      const result = await inNs(...args);
      expect(result).to.include({ code: 1, stdout: '' });
      if (typeof stderr === 'string') expect(result.stderr).to.equal(stderr);
      else expect(result.stderr).to.match(stderr);
      expect((await read(name)).metadata.resourceVersion, 'nothing written').to.equal(before.metadata.resourceVersion);
    }

    it('tag pins a stream tag to its current image', async () => {
      expect(await inNs('tag', 'app:v1', 'app:prod')).to.deep.equal({ code: 0, stdout: `Tag app:prod set to app@${digest('a')}.\n`, stderr: '' });
      const stream = await read('app');
      expect(specTag(stream, 'prod')?.from).to.deep.equal({ kind: 'ImageStreamImage', name: `app@${digest('a')}` });
      expect(specTag(stream, 'prod')?.referencePolicy).to.deep.equal({ type: 'Source' });
      expect(specTag(stream, 'v1')?.from, 'the other tags are kept').to.deep.equal({ kind: 'DockerImage', name: 'docker.io/library/app:v1' });
    });

    it('tag --alias makes the destination follow its source', async () => {
      expect(await inNs('tag', '--alias', 'app:v2', 'app:latest')).to.deep.equal({ code: 0, stdout: 'Tag app:latest set up to track app:v2.\n', stderr: '' });
      expect(specTag(await read('app'), 'latest')?.from).to.deep.equal({ kind: 'ImageStreamTag', name: 'app:v2' });
    });

    it('tag of a container image --scheduled creates the missing stream and asks for an import', async () => {
      expect(await inNs('tag', '127.0.0.1:5999/acme/app:1', 'nightly:latest', '--scheduled', '--insecure')).to.deep.equal({
        code: 0, stdout: 'Tag nightly:latest set to import 127.0.0.1:5999/acme/app:1 periodically.\n', stderr: '',
      });
      const tag = specTag(await read('nightly'), 'latest');
      expect(tag?.from).to.deep.equal({ kind: 'DockerImage', name: '127.0.0.1:5999/acme/app:1' });
      expect(tag?.importPolicy).to.deep.equal({ insecure: true, scheduled: true });
    });

    it('tag --dry-run=client -o json prints the stream it would write and writes nothing', async () => {
      const before = await read('app');
      const result = await inNs('tag', 'app:v2', 'app:qa', '--dry-run=client', '-o', 'json');
      expect(result).to.include({ code: 0, stderr: '' });
      expect(specTag(JSON.parse(result.stdout) as ImageStream, 'qa')?.from).to.deep.equal({ kind: 'ImageStreamImage', name: `app@${digest('b')}` });
      expect((await read('app')).metadata.resourceVersion).to.equal(before.metadata.resourceVersion);
    });

    it('tag --dry-run=server has the API server check the write and store nothing', async () => {
      const before = await read('app');
      expect(await inNs('tag', 'app:v2', 'app:qa', '--dry-run=server')).to.deep.equal({ code: 0, stdout: `Tag app:qa set to app@${digest('b')}. (server dry run)\n`, stderr: '' });
      expect(specTag(await read('app'), 'qa')).to.equal(undefined);
      expect((await read('app')).metadata.resourceVersion).to.equal(before.metadata.resourceVersion);
    });

    it('tag -d removes the spec tag and leaves the removed-tags marker for the status it cannot write', async () => {
      const before = await read('app');
      expect(await inNs('tag', '-d', 'app:v2')).to.deep.equal({ code: 0, stdout: `Deleted tag ${ns}/app:v2.\n`, stderr: '' });
      const after = await read('app');
      expect(specTag(after, 'v2')).to.equal(undefined);
      const marker = JSON.parse(after.metadata.annotations?.['imagestream-webhook.io/removed-tags'] ?? '{}') as Record<string, unknown>;
      expect(marker).to.deep.equal({ v2: { generation: (before.metadata as { generation?: number }).generation, created: '2025-01-01T00:00:00Z', image: digest('b') } });
    });

    it('refuses bad input with the error text and exit code 1, writing nothing', async () => {
      await refused(['tag', 'nope:v1', 'app:x'], 'error: imagestreams.image.openshift.io "nope" not found\n');
      await refused(['tag', 'app:v9', 'app:x'], 'error: "app:v9" is not currently pointing to an image, cannot use it as the source of a tag\n');
      await refused(['tag', '--alias', 'app:v1', 'other:v1'], 'error: cannot set alias across different Image Streams\n', 'other');
      await refused(['tag', 'Bad Ref!', 'app:x'], /^error: invalid SOURCE: .+\n$/);
      await refused(['tag', 'app:v1', 'app:x', '--x'], "error: unknown flag: --x\nSee 'kubectl imagestream tag --help' for usage.\n");
      await refused(['set', 'image-lookup', 'missing'], 'error: imagestreams.image.openshift.io "missing" not found\n');
    });

    it('set image-lookup turns on local lookup of a stream, printing a line only when it changed something', async () => {
      expect(await inNs('set', 'image-lookup', 'app')).to.deep.equal({ code: 0, stdout: 'imagestream.image.openshift.io/app image lookup updated\n', stderr: '' });
      expect((await read('app')).spec?.lookupPolicy).to.deep.equal({ local: true });
      expect(await inNs('set', 'image-lookup', 'app')).to.deep.equal({ code: 0, stdout: '', stderr: '' });
      expect(await inNs('set', 'image-lookup')).to.deep.equal({ code: 0, stdout: 'NAME     LOCAL\napp      true\nnightly  false\nother    false\n', stderr: '' });
    });

    it('set image-lookup on a Deployment annotates its pod template; --enabled=false removes it', async () => {
      expect(await inNs('set', 'image-lookup', 'deploy/web')).to.deep.equal({ code: 0, stdout: 'deployment.apps/web image lookup updated\n', stderr: '' });
      const on = await apps().readNamespacedDeployment({ namespace: ns, name: 'web' });
      expect(on.spec?.template.metadata?.annotations?.[RESOLVE_NAMES]).to.equal('*');
      expect(await inNs('set', 'image-lookup', 'deployment/web', '--list')).to.deep.equal({ code: 0, stdout: 'NAME                    LOCAL\ndeployments/web  true\n'.replace('                    ', '             '), stderr: '' });
      expect((await inNs('set', 'image-lookup', 'deployment/web', '--enabled=false'))).to.include({ code: 0, stdout: 'deployment.apps/web image lookup updated\n' });
      const off = await apps().readNamespacedDeployment({ namespace: ns, name: 'web' });
      expect(off.spec?.template.metadata?.annotations?.[RESOLVE_NAMES]).to.equal(undefined);
    });

    it("set triggers writes oc's annotation bytes, lists them, and --manual pauses the Deployment", async () => {
      expect(await inNs('set', 'triggers', 'deployment/web', '--from-image=app:v1', '-c', 'web')).to.deep.equal({ code: 0, stdout: 'deployment.apps/web triggers updated\n', stderr: '' });
      const written = await apps().readNamespacedDeployment({ namespace: ns, name: 'web' });
      expect(written.metadata?.annotations?.[TRIGGERS]).to.equal('[{"from":{"kind":"ImageStreamTag","name":"app:v1"},"fieldPath":"spec.template.spec.containers[?(@.name==\\"web\\")].image"}]');
      expect(await inNs('set', 'triggers', 'deployment/web')).to.deep.equal({
        code: 0, stdout: 'NAME             TYPE   VALUE         AUTO\ndeployments/web  image  app:v1 (web)  true\n', stderr: '',
      });
      expect(await inNs('set', 'triggers', 'deployment/web', '--manual')).to.include({ code: 0 });
      const paused = await apps().readNamespacedDeployment({ namespace: ns, name: 'web' });
      expect(paused.spec?.paused).to.equal(true);
      expect(paused.metadata?.annotations?.[TRIGGERS]).to.include('"paused":true');
      expect(await inNs('set', 'triggers', 'deployment/web', '--auto')).to.include({ code: 0 });
      // The API server leaves `paused: false` out of what it answers.
      expect((await apps().readNamespacedDeployment({ namespace: ns, name: 'web' })).spec?.paused ?? false).to.equal(false);
    });

    it('set triggers refuses an unknown container, writing nothing', async () => {
      const before = await apps().readNamespacedDeployment({ namespace: ns, name: 'web' });
      expect(await inNs('set', 'triggers', 'deployment/web', '--from-image=app:v1', '-c', 'x')).to.deep.equal({ code: 1, stdout: '', stderr: 'error: not all container names exist: x (accepts: web, db)\n' });
      expect((await apps().readNamespacedDeployment({ namespace: ns, name: 'web' })).metadata?.resourceVersion).to.equal(before.metadata?.resourceVersion);
    });

    it('get lists every tag; -o json prints one stream or a List; an empty namespace says so on stderr', async () => {
      const table = await inNs('get');
      expect(table).to.include({ code: 0, stderr: '' });
      expect(table.stdout.split('\n')[0]).to.match(/^NAME\s+IMAGE REPOSITORY\s+TAGS\s+UPDATED$/);
      expect(table.stdout).to.match(new RegExp(`^app\\s+image-registry\\.openshift-image-registry\\.svc:5000/${ns}/app\\s+v2,v1\\s+`, 'm'));
      const one = await inNs('get', 'app', '-o', 'json');
      expect(JSON.parse(one.stdout)).to.deep.include({ kind: 'ImageStream', apiVersion: 'image.openshift.io/v1' });
      const all = JSON.parse((await inNs('get', '-o', 'json')).stdout) as { kind: string; items: ImageStream[] };
      expect({ kind: all.kind, names: all.items.map((item) => item.metadata.name) }).to.deep.equal({ kind: 'List', names: ['app', 'nightly', 'other'] });
      const empty = await createNamespace(ctx.admin, 'plugin-empty');
      expect(await run(['get', '-n', empty])).to.deep.equal({ code: 0, stdout: '', stderr: `No resources found in ${empty} namespace.\n` });
      expect(await run(['get', 'nope', '-n', empty])).to.deep.equal({ code: 1, stdout: '', stderr: 'error: imagestreams.image.openshift.io "nope" not found\n' });
    });

    it("takes --kubeconfig and --context, and the context's namespace when -n is not given", async () => {
      const run0 = ctx.environment.run;
      const config = parse(await readFile(run0.controlPlane.adminKubeconfig, 'utf8')) as { 'current-context': string; contexts: { name: string; context: Record<string, string> }[] };
      const current = config.contexts.find((entry) => entry.name === config['current-context']);
      config.contexts.push({ name: 'plugin-ns', context: { ...(current?.context ?? {}), namespace: ns } });
      const file = join(run0.runDir, 'plugin.kubeconfig');
      await writeFile(file, stringify(config));
      const listed = await run(['get', '--kubeconfig', file, '--context', 'plugin-ns']);
      expect(listed).to.include({ code: 0, stderr: '' });
      expect(listed.stdout).to.match(/^app\s/m).and.match(/^other\s/m);
      const unknown = await run(['get', '--kubeconfig', file, '--context', 'nope']);
      expect(unknown).to.include({ code: 1, stdout: '' });
      expect(unknown.stderr).to.equal(`error: --kubeconfig ${file}: the kubeconfig names context "nope", which is not defined\n`);
    });

    it("describe prints oc's layout", async () => {
      const result = await inNs('describe', 'app');
      expect(result).to.include({ code: 0, stderr: '' });
      expect(result.stdout).to.match(/^Name:\t+app\n/);
      expect(result.stdout).to.match(new RegExp(`^Namespace:\\t+${ns}\\n`, 'm')).and.match(/^Image Lookup:\t+local=true\n/m);
      expect(result.stdout).to.include(`\nprod\n  tagged from app@${digest('a')}\n`);
      expect(result.stdout).to.include('\nv1\n  tagged from docker.io/library/app:v1\n');
    });

    describe('import-image and tag -d with the import controller and a real registry', () => {
      const controller = new ControllerFixture(ctx);
      let registry: TestRegistry | undefined;
      let ins = '';
      const registryOf = (): TestRegistry => {
        if (registry === undefined) throw new Error('registry not started');
        return registry;
      };
      const inImports = (...args: string[]): Promise<PluginRun> => run([...args, '-n', ins]);

      before(async function () {
        this.timeout(120_000);
        registry = await startRegistry({ mode: 'tls' });
        await controller.start({ registries: { caBundleFile: registry.caFile, useCredentials: true, allowed: ['127.0.0.1'] } });
        ins = await createNamespace(ctx.admin, 'plugin-import');
      });
      after(async function () {
        this.timeout(60_000);
        await controller.stop();
        await registry?.stop();
      });

      it("import-image --confirm creates the stream, waits for the import and prints oc's report", async () => {
        const pushed = await pushImage({ registry: registryOf(), repository: 'e2e/plugin', tags: ['v1'], kind: 'oci', content: 'plugin v1' });
        const result = await inImports('import-image', 'app', `--from=${registryOf().host}/e2e/plugin:v1`, '--confirm');
        expect(result).to.include({ code: 0, stderr: '' });
        expect(result.stdout).to.match(/^imagestream\.image\.openshift\.io\/app imported\n\nName:\t+app\n/);
        expect(result.stdout).to.include(`${registryOf().host}/e2e/plugin@${pushed.digest}`);
        const stream = await readImageStream(ctx.admin, ins, 'app');
        expect(specTag(stream, 'latest')?.from).to.deep.equal({ kind: 'DockerImage', name: `${registryOf().host}/e2e/plugin:v1` });
        expect(newestEvent(stream, 'latest')?.image).to.equal(pushed.digest);
      });

      it('import-image re-imports a moved tag, twice in a row', async () => {
        for (const content of ['plugin v1 moved', 'plugin v1 moved again']) {
          const moved = await pushImage({ registry: registryOf(), repository: 'e2e/plugin', tags: ['v1'], kind: 'docker', content });
          expect(await inImports('import-image', 'app', '--request-timeout=60s')).to.include({ code: 0, stderr: '' });
          expect(newestEvent(await readImageStream(ctx.admin, ins, 'app'), 'latest')?.image, content).to.equal(moved.digest);
        }
      });

      it("import-image of a missing image exits 1 with the condition's message", async () => {
        const result = await inImports('import-image', 'missing', `--from=${registryOf().host}/e2e/nothing:1`, '--confirm');
        const condition = importCondition(await readImageStream(ctx.admin, ins, 'missing'), 'latest');
        expect(condition?.status).to.equal('False');
        expect(result.code).to.equal(1);
        expect(result.stdout).to.match(/^imagestream\.image\.openshift\.io\/missing imported with errors\n/);
        expect(result.stderr).to.equal(`error: tag latest failed: ${condition?.message ?? ''}\nerror: imported completed with errors\n`);
      });

      it("import-image refuses a stream that does not exist without --confirm, and an alias, with oc's texts", async () => {
        expect(await inImports('import-image', 'nope')).to.deep.equal({ code: 1, stdout: '', stderr: 'error: no image stream named "nope" exists, pass --confirm to create and import\n' });
        expect(await inImports('tag', '--alias', 'app:latest', 'app:follow')).to.include({ code: 0 });
        expect(await inImports('import-image', 'app:follow')).to.deep.equal({
          code: 1, stdout: '', stderr: 'error: tag "follow" points to existing ImageStreamTag "app:latest", it cannot be re-imported\n',
        });
      });

      it('import-image --all lists a spec.dockerImageRepository stream again', async () => {
        const repository = `${registryOf().host}/e2e/plugin-repo`;
        await pushImage({ registry: registryOf(), repository: 'e2e/plugin-repo', tags: ['1'], kind: 'oci', content: 'repo 1' });
        expect(await inImports('import-image', repository, '--all', '--confirm')).to.include({ code: 0, stderr: '' });
        const added = await pushImage({ registry: registryOf(), repository: 'e2e/plugin-repo', tags: ['2'], kind: 'oci', content: 'repo 2' });
        expect(await inImports('import-image', 'plugin-repo', '--all')).to.include({ code: 0, stderr: '' });
        expect(newestEvent(await readImageStream(ctx.admin, ins, 'plugin-repo'), '2')?.image).to.equal(added.digest);
      });

      it("tag -d removes the tag's status through the controller, for the history the command saw", async () => {
        expect(await inImports('tag', '-d', 'app:latest')).to.deep.equal({ code: 0, stdout: `Deleted tag ${ins}/app:latest.\n`, stderr: '' });
        const after = await controller.waitForStream(ins, 'app', 'the status tag latest dropped', (stream) => (stream.status?.tags?.some((tag) => tag.tag === 'latest') === true ? undefined : stream));
        expect(specTag(after, 'latest')).to.equal(undefined);
      });
    });
  });
}

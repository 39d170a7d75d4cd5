import { expect } from 'chai';
import { createNamespace } from '../support/api.js';
import type { E2eContext } from '../support/context.js';
import { createImageStream, digest, imageStream } from '../support/streams.js';
import { containersOf, imagesOf, KINDS, workload, type Kind, type Workload } from '../support/workloads.js';

const Da = digest('a');
const Db = digest('b');
const RESOLVE_NAMES = 'alpha.image.policy.openshift.io/resolve-names';

/** Short-name resolution of every covered kind, through a real API server and the chart's webhook config. */
export function resolutionScenarios(ctx: E2eContext): void {
  describe('resolution through the API server', () => {
    let ns = '';
    before(async () => {
      ns = await createNamespace(ctx.admin, 'resolve');
      await createImageStream(ctx.admin, imageStream(ns, 'ruby', { local: true, tags: { '2.5': Da, latest: Db } }));
      await createImageStream(ctx.admin, imageStream(ns, 'mysql', { local: false, tags: { '8.0': Db } }));
    });

    for (const kind of Object.keys(KINDS) as Kind[]) {
      it(`stores a ${kind} with ruby:2.5 rewritten to the stream's digest and nginx:1.25 untouched`, async () => {
        const obj = workload(kind, ns, `short-${kind.toLowerCase()}`, [
          { name: 'app', image: 'ruby:2.5' }, { name: 'proxy', image: 'nginx:1.25' },
        ]);
        await ctx.objects().create(obj);
        const stored: Workload = await ctx.objects().read(obj);
        expect(imagesOf(stored)).to.deep.equal([`docker.io/library/ruby@${Da}`, 'nginx:1.25']);
      });
    }

    it('keeps the pull policy the API server derived from the short name (ruby → Always)', async () => {
      const pod = workload('Pod', ns, 'policy-from-short-name', [{ name: 'app', image: 'ruby' }]);
      const stored: Workload = await ctx.objects().create(pod);
      expect(containersOf(stored)[0]).to.include({ image: `docker.io/library/ruby@${Db}`, imagePullPolicy: 'Always' });
    });

    it('resolves initContainers as well as containers', async () => {
      const pod = workload('Pod', ns, 'init-containers', [{ name: 'app', image: 'ruby:latest' }], {
        initContainers: [{ name: 'setup', image: 'ruby:2.5' }],
      });
      const stored: Workload = await ctx.objects().create(pod);
      expect(containersOf(stored, 'initContainers')[0]?.image).to.equal(`docker.io/library/ruby@${Da}`);
      expect(imagesOf(stored)).to.deep.equal([`docker.io/library/ruby@${Db}`]);
    });

    it('leaves a stream without lookupPolicy.local alone when nothing asks for resolution', async () => {
      const stored: Workload = await ctx.objects().create(workload('Pod', ns, 'not-local', [{ name: 'db', image: 'mysql:8.0' }]));
      expect(imagesOf(stored)).to.deep.equal(['mysql:8.0']);
    });

    it('resolves every name of a Deployment annotated resolve-names: "*" on its own metadata', async () => {
      const obj = workload('Deployment', ns, 'annotated-object', [{ name: 'db', image: 'quay.io/acme/mysql:8.0' }], {
        annotations: { [RESOLVE_NAMES]: '*' },
      });
      const stored: Workload = await ctx.objects().create(obj);
      expect(imagesOf(stored)).to.deep.equal([`docker.io/library/mysql@${Db}`]);
    });

    it('resolves every name of a CronJob annotated resolve-names: "*" on its pod template', async () => {
      const obj = workload('CronJob', ns, 'annotated-template', [{ name: 'db', image: 'mysql:8.0' }], {
        templateAnnotations: { [RESOLVE_NAMES]: '*' },
      });
      const stored: Workload = await ctx.objects().create(obj);
      expect(imagesOf(stored)).to.deep.equal([`docker.io/library/mysql@${Db}`]);
    });

    it('resolves against an ImageStream created a moment before the workload that uses it', async () => {
      await createImageStream(ctx.admin, imageStream(ns, 'fresh', { local: true, tags: { v1: Da } }));
      const stored: Workload = await ctx.objects().create(workload('Pod', ns, 'fresh-stream', [{ name: 'app', image: 'fresh:v1' }]));
      expect(imagesOf(stored)).to.deep.equal([`docker.io/library/fresh@${Da}`]);
    });

    it('counts the API server\'s calls in the webhook\'s /metrics on 127.0.0.1', async () => {
      const line = (await ctx.webhook.metrics()).split('\n')
        .find((l) => l.startsWith('imagestream_webhook_reviews_total{phase="mutate",handler="PodTemplate",outcome="Mutated"}'));
      expect(Number(line?.split(' ').pop()), line ?? 'no Mutated counter').to.be.at.least(Object.keys(KINDS).length);
    });

    it('returns the mutated object for a server-side dry run and stores nothing', async () => {
      const pod = workload('Pod', ns, 'dry-run', [{ name: 'app', image: 'ruby:2.5' }]);
      const answered: Workload = await ctx.objects().create(pod, undefined, 'All');
      expect(imagesOf(answered)).to.deep.equal([`docker.io/library/ruby@${Da}`]);
      const list = await ctx.objects().list('v1', 'Pod', ns);
      expect(list.items.map((p) => p.metadata?.name)).to.not.include('dry-run');
    });
  });
}

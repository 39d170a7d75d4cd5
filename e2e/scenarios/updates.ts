import { expect } from 'chai';
import { createNamespace } from '../support/api.js';
import type { E2eContext } from '../support/context.js';
import { createImageStream, digest, imageStream } from '../support/streams.js';
import { containersOf, imagesOf, workload, type Container, type Kind, type Workload } from '../support/workloads.js';

const Da = digest('a');
const Db = digest('b');
const RESOLVE_NAMES = 'alpha.image.policy.openshift.io/resolve-names';
const OPT_OUT = 'imagestream-webhook/exclude';

/** Replaces the object after `edit` changed a fresh copy of it, as `kubectl edit` would. */
async function update(ctx: E2eContext, obj: Workload, edit: (o: Workload) => void): Promise<Workload> {
  const current: Workload = await ctx.objects().read(obj);
  edit(current);
  return ctx.objects().replace(current);
}

/** The live pod spec's container list, for edits. */
function liveContainers(obj: Workload): Container[] {
  return containersOf(obj);
}

/**
 * Which containers an UPDATE resolves, and which UPDATEs are rewritten, on real UPDATE requests.
 * The starting objects are created with the chart's opt-out label, so the webhook never saw them
 * and they still hold short names; the update removes the label.
 */
export function updateScenarios(ctx: E2eContext): void {
  describe('UPDATE requests: unchanged containers are skipped, Job updates are never rewritten', () => {
    let ns = '';
    before(async () => {
      ns = await createNamespace(ctx.admin, 'update');
      await createImageStream(ctx.admin, imageStream(ns, 'ruby', { local: true, tags: { '2.5': Da, latest: Db } }));
    });

    const unresolved = async (kind: Kind, name: string): Promise<Workload> => {
      const obj = workload(kind, ns, name, [{ name: 'app', image: 'ruby:2.5' }], { labels: { [OPT_OUT]: 'true' } });
      const stored: Workload = await ctx.objects().create(obj);
      expect(imagesOf(stored), 'the opt-out label kept the webhook away').to.deep.equal(['ruby:2.5']);
      return stored;
    };

    it('skips a container whose image is unchanged and resolves the container the update adds', async () => {
      const obj = await unresolved('Deployment', 'r7-unchanged');
      const stored = await update(ctx, obj, (o) => {
        delete o.metadata.labels?.[OPT_OUT];
        liveContainers(o).push({ name: 'sidecar', image: 'ruby:latest' });
      });
      expect(imagesOf(stored)).to.deep.equal(['ruby:2.5', `docker.io/library/ruby@${Db}`]);
    });

    it('resolves every container when the update adds the resolve-names annotation', async () => {
      const obj = await unresolved('Deployment', 'r7-annotation');
      const stored = await update(ctx, obj, (o) => {
        delete o.metadata.labels?.[OPT_OUT];
        o.metadata.annotations = { [RESOLVE_NAMES]: '*' };
      });
      expect(imagesOf(stored)).to.deep.equal([`docker.io/library/ruby@${Da}`]);
    });

    it('rewrites a StatefulSet whose update changes an image (as OpenShift 4 does)', async () => {
      const obj = await unresolved('StatefulSet', 'r8-statefulset');
      const stored = await update(ctx, obj, (o) => {
        delete o.metadata.labels?.[OPT_OUT];
        const [first] = liveContainers(o);
        if (first !== undefined) first.image = 'ruby:latest';
      });
      expect(imagesOf(stored)).to.deep.equal([`docker.io/library/ruby@${Db}`]);
    });

    it('never rewrites a Job on UPDATE, even when the annotation asks for resolution', async () => {
      const obj = await unresolved('Job', 'r8-job');
      const stored = await update(ctx, obj, (o) => {
        delete o.metadata.labels?.[OPT_OUT];
        o.metadata.annotations = { [RESOLVE_NAMES]: '*' };
      });
      expect(stored.metadata.annotations?.[RESOLVE_NAMES]).to.equal('*');
      expect(imagesOf(stored)).to.deep.equal(['ruby:2.5']);
    });
  });
}

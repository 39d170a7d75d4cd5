import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PatchStrategy } from '@kubernetes/client-node';
import { parse } from 'yaml';
import { REPO_ROOT } from '../harness/tools.js';
import { createNamespace } from '../support/api.js';
import type { E2eContext } from '../support/context.js';
import { readImageStream } from '../support/streams.js';
import { imagesOf, workload, type Workload } from '../support/workloads.js';
import type { ImageStream } from '../../src/core/types.js';

const run = promisify(execFile);
const EXAMPLES = join(REPO_ROOT, 'examples', 'imagestreams');

/**
 * The example path of docs/install.md on a real API server: `kubectl apply` of an example stream drops its
 * status (a subresource), so nothing resolves; `imagestream-webhook load-imagestreams` writes the
 * status too, and `ruby:2.5` then resolves to the example's digest.
 */
export function exampleScenarios(ctx: E2eContext): void {
  describe('examples/imagestreams on a cluster', () => {
    const ruby = parse(readFileSync(join(EXAMPLES, 'ruby.yaml'), 'utf8')) as ImageStream;
    const exampleDigest = ruby.status?.tags?.find((t) => t.tag === '2.5')?.items?.[0]?.dockerImageReference ?? '';

    it('kubectl apply (server-side) stores the example without its status, so ruby:2.5 stays unresolved', async () => {
      const ns = await createNamespace(ctx.admin, 'examples-apply');
      await ctx.objects().patch({ ...ruby, metadata: { ...ruby.metadata, namespace: ns } } as Workload, undefined, undefined, 'kubectl', true, PatchStrategy.ServerSideApply);
      expect((await readImageStream(ctx.admin, ns, 'ruby')).status ?? {}).to.not.have.property('tags');
      const pod: Workload = await ctx.objects().create(workload('Pod', ns, 'web', [{ name: 'app', image: 'ruby:2.5' }]));
      expect(imagesOf(pod)).to.deep.equal(['ruby:2.5']);
    });

    it('load-imagestreams writes the examples with their status, and ruby:2.5 resolves to the example digest', async () => {
      const ns = await createNamespace(ctx.admin, 'examples-load');
      const kubeconfig = ctx.environment.run.controlPlane.adminKubeconfig;
      const { stdout } = await run(process.execPath, [join(REPO_ROOT, 'dist', 'src', 'main.js'), 'load-imagestreams', '-f', EXAMPLES, '-n', ns, '--kubeconfig', kubeconfig]);
      expect(stdout).to.include(`imagestream ${ns}/ruby: applied, status written (2 tags)`);
      expect(exampleDigest).to.match(/^docker\.io\/library\/ruby@sha256:[0-9a-f]{64}$/);
      const pod: Workload = await ctx.objects().create(workload('Pod', ns, 'web', [{ name: 'app', image: 'ruby:2.5' }]));
      expect(imagesOf(pod)).to.deep.equal([exampleDigest]);
    });
  });
}

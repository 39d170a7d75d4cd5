import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { parse } from 'yaml';
import { REPO_ROOT } from '../harness/tools.js';
import { createNamespace } from '../support/api.js';
import type { E2eContext } from '../support/context.js';
import { createImageStream, readImageStream } from '../support/streams.js';
import { missingPaths } from '../support/subset.js';
import type { Workload } from '../support/workloads.js';
import type { ImageStream } from '../../src/core/types.js';

const SEED_DIR = join(REPO_ROOT, 'e2e', 'fixtures', 'seed');

/** Every example file, parsed; read when mocha loads the suite, so a broken file fails loudly and early. */
function examples(): { file: string; object: Workload & { status?: unknown } }[] {
  return readdirSync(SEED_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((file) => ({ file, object: parse(readFileSync(join(SEED_DIR, file), 'utf8')) as Workload }));
}

/**
 * The seed document's well-formed ImageStreams and annotated workloads (e2e/fixtures/seed/), each
 * created in a namespace of its own through the API server, with the chart's CRD validating streams.
 * Read back, every field of the example must still be there: the CRD's schema pruned nothing.
 */
/** `spec` with every tag's `generation` at 1: what a stream holds after CREATE through the stamping webhook. */
function stampedOnCreate(spec: unknown): unknown {
  if (typeof spec !== 'object' || spec === null || !Array.isArray((spec as { tags?: unknown }).tags)) return spec;
  const tags = (spec as { tags: object[] }).tags.map((tag) => ({ ...tag, generation: 1 }));
  return { ...spec, tags };
}

export function seedExampleScenarios(ctx: E2eContext): void {
  describe('examples of the seed document', () => {
    for (const { file, object } of examples()) {
      it(`accepts ${object.kind} ${object.metadata.name} of ${file} with every field kept`, async () => {
        const namespace = await createNamespace(ctx.admin, 'seed');
        const obj = { ...object, metadata: { ...object.metadata, namespace } };
        if (obj.kind === 'ImageStream') {
          await createImageStream(ctx.admin, obj as unknown as ImageStream);
          const stored = await readImageStream(ctx.admin, namespace, obj.metadata.name);
          // The chart's stamping webhook sets every tag's generation to 1 on CREATE, as OpenShift's API server does.
          const spec = stampedOnCreate(obj.spec);
          const kept = obj.status === undefined ? { spec } : { spec, status: obj.status };
          expect(missingPaths(kept, stored)).to.deep.equal([]);
        } else {
          await ctx.objects().create(obj);
          const stored: Workload = await ctx.objects().read(obj);
          const kept = obj.metadata.annotations === undefined ? { spec: obj.spec } : { metadata: { annotations: obj.metadata.annotations }, spec: obj.spec };
          expect(missingPaths(kept, stored)).to.deep.equal([]);
        }
      });
    }
  });
}

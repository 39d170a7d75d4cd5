/** Runs one table case through the core and proves the idempotence of its patch (style.md). */
import jsonpatch from 'fast-json-patch';
import { expect } from 'chai';
import { review } from '../../src/core/review.js';
import { createStaticLookups } from '../../src/core/static-lookups.js';
import { ImageStreamStore } from '../../src/store/image-stream-store.js';
import { createStoreLookups } from '../../src/store/store-lookups.js';
import type { AdmissionAttributes, Decision, ImageStream, PatchOperation, Phase, PolicyConfig } from '../../src/core/types.js';

export interface Rejection {
  code: 403 | 422;
  message?: string;
  startsWith?: string;
  includes?: string;
}

export interface ReviewCase {
  name: string;
  attrs: AdmissionAttributes;
  config: PolicyConfig;
  streams: ImageStream[];
  phase?: Phase;
  want: PatchOperation[] | Rejection;
  /** Substrings, one per expected warning; omitted = no warnings expected. */
  warnings?: string[];
}

export const img = (container: string, value: string): PatchOperation => ({ op: 'replace', path: `${container}/image`, value });
export const ip = (container: string, value: string): PatchOperation => ({ op: 'add', path: `${container}/imagePullPolicy`, value });

export async function runCase(c: ReviewCase): Promise<Decision> {
  const lookups = createStaticLookups(c.streams, 'myproject');
  const decision = await review(c.attrs, c.config, lookups, c.phase ?? 'mutate');
  const store = new ImageStreamStore('myproject');
  for (const stream of c.streams) store.put(stream);
  const compact = await review(c.attrs, c.config, createStoreLookups(store), c.phase ?? 'mutate');
  expect(compact, 'the compact store (serve) must decide like the full streams').to.deep.equal(decision);
  if (Array.isArray(c.want)) {
    expect(decision.status?.message, 'unexpected rejection').to.equal(undefined);
    expect(decision.allowed).to.equal(true);
    expect(decision.patch).to.deep.equal(c.want);
    expect(decision.warnings).to.have.length((c.warnings ?? []).length);
    (c.warnings ?? []).forEach((w, i) => expect(decision.warnings[i]).to.include(w));
    await expectIdempotent(c, decision);
  } else {
    expect(decision.allowed).to.equal(false);
    expect(decision.patch).to.deep.equal([]);
    expect(decision.status?.code).to.equal(c.want.code);
    const message = decision.status?.message ?? '';
    if (c.want.message !== undefined) expect(message).to.equal(c.want.message);
    if (c.want.startsWith !== undefined) expect(message.startsWith(c.want.startsWith), message).to.equal(true);
    if (c.want.includes !== undefined) expect(message).to.include(c.want.includes);
  }
  return decision;
}

/** k8s `WithReinvocationTesting`: apply the patch, review again, expect no further operations. */
async function expectIdempotent(c: ReviewCase, first: Decision): Promise<void> {
  if (first.patch.length === 0 || c.phase === 'validate') return;
  const patched = jsonpatch.applyPatch(structuredClone(c.attrs.object), first.patch, true, false).newDocument;
  const again = await review({ ...c.attrs, object: patched }, c.config, createStaticLookups(c.streams, 'myproject'), 'mutate');
  expect(again.patch, 'second review must not change anything').to.deep.equal([]);
  expect(again.allowed).to.equal(true);
}

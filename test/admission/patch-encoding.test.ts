import { expect } from 'chai';
import { encodePatchBase64 } from '../../src/admission/patch-encoding.js';
import { serializeAdmissionReview } from '../../src/admission/review-codec.js';
import type { PatchOperation } from '../../src/core/types.js';

const ops = (count: number): PatchOperation[] =>
  Array.from({ length: count }, (_, i) => ({ op: 'replace', path: `/spec/containers/${i}/image`, value: `réGistry/ns/app-${'é'.repeat(i % 5)}@sha256:${'a'.repeat(64)}` }));

describe('patch encoding in chunks', () => {
  for (const count of [1, 2, 1023, 1024, 1025, 3000]) {
    it(`equals base64 of the whole JSON patch for ${count} operations (multi-byte characters across chunk edges)`, () => {
      const patch = ops(count);
      expect(Buffer.concat(encodePatchBase64(patch)).toString('latin1')).to.equal(Buffer.from(JSON.stringify(patch)).toString('base64'));
    });
  }

  it('serialises an AdmissionReview whose patch decodes to the operations, with warnings after it', () => {
    const patch = ops(2000);
    const chunks = serializeAdmissionReview('admission.k8s.io/v1', 'uid-1', { allowed: true, outcome: 'Mutated', patch, warnings: ['a "quoted" warning'], imagesChanged: 2000 });
    expect(chunks.length).to.be.greaterThan(2);
    const review = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { response: { uid: string; patchType: string; patch: string; warnings: string[] } };
    expect(review.response).to.include({ uid: 'uid-1', patchType: 'JSONPatch' });
    expect(review.response.warnings).to.deep.equal(['a "quoted" warning']);
    expect(JSON.parse(Buffer.from(review.response.patch, 'base64').toString('utf8'))).to.deep.equal(patch);
  });
});

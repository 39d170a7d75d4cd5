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
    if (typeof chunks === 'string') throw new Error('a 2,000-operation patch should arrive in chunks');
    expect(chunks.length).to.be.greaterThan(2);
    const review = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { response: { uid: string; patchType: string; patch: string; warnings: string[] } };
    expect(review.response).to.include({ uid: 'uid-1', patchType: 'JSONPatch' });
    expect(review.response.warnings).to.deep.equal(['a "quoted" warning']);
    expect(JSON.parse(Buffer.from(review.response.patch, 'base64').toString('utf8'))).to.deep.equal(patch);
  });

  it('serialises a small patch as one string that decodes to the operations', () => {
    const patch = ops(3);
    const answer = serializeAdmissionReview('admission.k8s.io/v1beta1', 'uid-2', { allowed: true, outcome: 'Mutated', patch, warnings: [], imagesChanged: 3 });
    if (typeof answer !== 'string') throw new Error('a 3-operation patch should be one string');
    const review = JSON.parse(answer) as { apiVersion: string; response: { uid: string; patch: string } };
    expect(review.apiVersion).to.equal('admission.k8s.io/v1beta1');
    expect(JSON.parse(Buffer.from(review.response.patch, 'base64').toString('utf8'))).to.deep.equal(patch);
  });
});

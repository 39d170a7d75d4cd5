/**
 * serializeAdmissionReview writes the usual answer as text rather than through JSON.stringify of an
 * envelope (issue 11); whatever the decision, its bytes must be exactly the envelope's JSON.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { encodeAdmissionReview, serializeAdmissionReview } from '../../src/admission/review-codec.js';
import { ADMISSION_REVIEW_VERSIONS } from '../../src/admission/types.js';
import type { Decision, PatchOperation } from '../../src/core/types.js';

const text = (payload: string | Buffer[]): string => (typeof payload === 'string' ? payload : Buffer.concat(payload).toString('utf8'));

/** Any string, including quotes, control characters, lone surrogates and non-ASCII. */
const anyString = fc.string({ unit: 'binary', maxLength: 40 });

const operation: fc.Arbitrary<PatchOperation> = fc.record({
  op: fc.constantFrom('add' as const, 'replace' as const),
  path: anyString,
  value: anyString,
});

const decision: fc.Arbitrary<Decision> = fc.record({
  allowed: fc.boolean(),
  outcome: fc.constantFrom('Mutated' as const, 'Unchanged' as const, 'Rejected' as const),
  patch: fc.array(operation, { maxLength: 300 }),
  warnings: fc.array(anyString, { maxLength: 2 }),
  imagesChanged: fc.nat(5),
  status: fc.record({ code: fc.constantFrom(403, 422), reason: fc.constantFrom('Forbidden' as const, 'Invalid' as const), message: anyString }),
}, { requiredKeys: ['allowed', 'outcome', 'patch', 'warnings', 'imagesChanged'] });

describe('serializeAdmissionReview', () => {
  it('writes exactly JSON.stringify(encodeAdmissionReview(...)) for 3,000 random decisions and uids', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ADMISSION_REVIEW_VERSIONS), anyString, decision, (apiVersion, uid, d) => {
        const written = text(serializeAdmissionReview(apiVersion, uid, d));
        expect(written).to.equal(JSON.stringify(encodeAdmissionReview(apiVersion, uid, d)));
      }),
      { numRuns: 3000, seed: 11 },
    );
  });

  it('writes an allowed answer without a patch as uid and allowed only', () => {
    const written = serializeAdmissionReview('admission.k8s.io/v1', 'u"1', { allowed: true, outcome: 'Unchanged', patch: [], warnings: [], imagesChanged: 0 });
    expect(JSON.parse(text(written))).to.deep.equal({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response: { uid: 'u"1', allowed: true } });
  });
});

import { expect } from 'chai';
import { encodeAdmissionReview, parseAdmissionReview, toAdmissionAttributes } from '../../src/admission/review-codec.js';
import type { AdmissionRequest } from '../../src/admission/types.js';
import type { Decision } from '../../src/core/types.js';
import { BadRequestError } from '../../src/errors.js';

const request: AdmissionRequest = {
  uid: '3b1f0c2e-7d4a-4f60-9e8b-0a1b2c3d4e5f',
  kind: { group: 'apps', version: 'v1', kind: 'Deployment' },
  resource: { group: 'apps', version: 'v1', resource: 'deployments' },
  subResource: 'scale',
  namespace: 'myproject',
  name: 'web',
  operation: 'UPDATE',
  userInfo: { username: 'developer', uid: 'u-1', groups: ['team-a'], extra: { scopes: ['user:full'] } },
  object: { kind: 'Scale' },
  oldObject: { kind: 'Scale', spec: { replicas: 1 } },
  dryRun: true,
};

const decision = (overrides: Partial<Decision>): Decision => ({ allowed: true, outcome: 'Unchanged', patch: [], warnings: [], imagesChanged: 0, ...overrides });

describe('AdmissionReview codec', () => {
  for (const apiVersion of ['admission.k8s.io/v1', 'admission.k8s.io/v1beta1']) {
    it(`maps a ${apiVersion} request onto AdmissionAttributes, dropping the resource version`, () => {
      const parsed = parseAdmissionReview({ apiVersion, kind: 'AdmissionReview', request });
      expect(toAdmissionAttributes(parsed.request)).to.deep.equal({
        operation: 'UPDATE',
        kind: { group: 'apps', version: 'v1', kind: 'Deployment' },
        resource: { group: 'apps', resource: 'deployments' },
        subResource: 'scale',
        namespace: 'myproject',
        name: 'web',
        object: { kind: 'Scale' },
        oldObject: { kind: 'Scale', spec: { replicas: 1 } },
        dryRun: true,
        userInfo: { username: 'developer', uid: 'u-1', groups: ['team-a'], extra: { scopes: ['user:full'] } },
      });
    });
  }

  it('fills absent optional fields of a cluster-scoped CREATE with empty values', () => {
    const minimal = { uid: 'x', kind: { group: '', version: 'v1', kind: 'Namespace' }, resource: { group: '', version: 'v1', resource: 'namespaces' }, operation: 'CREATE' };
    const attrs = toAdmissionAttributes(parseAdmissionReview({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', request: minimal }).request);
    expect(attrs).to.include({ namespace: '', name: '', subResource: '', dryRun: false, object: null, oldObject: null });
    expect(attrs.userInfo).to.deep.equal({ username: '' });
  });

  it('throws BadRequestError naming every wrong field at once', () => {
    const bad = { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', request: { uid: '', kind: 'Pod', resource: {}, operation: 1, namespace: 7, dryRun: 'yes' } };
    expect(() => parseAdmissionReview(bad)).to.throw(BadRequestError)
      .with.property('message')
      .that.includes('request.uid').and.includes('request.operation').and.includes('request.kind')
      .and.includes('request.resource').and.includes('request.namespace').and.includes('request.dryRun');
  });

  it('encodes a patch as base64 JSONPatch with warnings, in the request version', () => {
    const patch = [{ op: 'replace' as const, path: '/spec/containers/0/image', value: 'docker.io/library/ruby@sha256:' + 'a'.repeat(64) }];
    const review = encodeAdmissionReview('admission.k8s.io/v1beta1', 'uid-1', decision({ outcome: 'Mutated', patch, warnings: ['w'] }));
    expect(review).to.deep.include({ apiVersion: 'admission.k8s.io/v1beta1', kind: 'AdmissionReview' });
    expect(review.response).to.include({ uid: 'uid-1', allowed: true, patchType: 'JSONPatch' });
    expect(review.response.warnings).to.deep.equal(['w']);
    expect(JSON.parse(Buffer.from(review.response.patch ?? '', 'base64').toString('utf8'))).to.deep.equal(patch);
  });

  it('encodes a rejection with status code, reason and message and no patch', () => {
    const status = { code: 422, reason: 'Invalid' as const, message: 'Pod "web" is invalid: …' };
    const review = encodeAdmissionReview('admission.k8s.io/v1', 'uid-2', decision({ allowed: false, outcome: 'Rejected', status }));
    expect(review.response).to.deep.equal({ uid: 'uid-2', allowed: false, status });
  });

  it('leaves out patch, patchType and warnings when there are none', () => {
    expect(encodeAdmissionReview('admission.k8s.io/v1', 'uid-3', decision({})).response).to.deep.equal({ uid: 'uid-3', allowed: true });
  });
});

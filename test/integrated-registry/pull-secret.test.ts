/** The pull Secret decision as a table: what a namespace needs, given its ServiceAccount, its Secret and the time. */
import { expect } from 'chai';
import { describe, it } from 'mocha';
import {
  EXPIRES_ANNOTATION, ISSUED_ANNOTATION, PULL_SECRET_NAME, planPullSecret, pullersBinding, pullSecretObject, rotationTime,
  type PullSecretPlan, type PullSecretState, type PullSecretView,
} from '../../src/integrated-registry/pull-secret.js';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const HOUR = 3_600_000;
const ROTATE = T0 + 0.8 * HOUR;

function secret(issued: number, expires: number, type = 'kubernetes.io/dockerconfigjson'): PullSecretView {
  return { type, metadata: { resourceVersion: '7', annotations: { [ISSUED_ANNOTATION]: new Date(issued).toISOString(), [EXPIRES_ANNOTATION]: new Date(expires).toISOString() } } };
}
const listed = { metadata: { resourceVersion: '3' }, imagePullSecrets: [{ name: 'other' }, { name: PULL_SECRET_NAME }] };

const cases: { name: string; state: PullSecretState; want: PullSecretPlan }[] = [
  { name: 'a namespace without its default ServiceAccount yet gets nothing', state: { serviceAccount: undefined, secret: undefined, now: T0 }, want: {} },
  { name: 'a fresh namespace gets a token, a Secret, and the ServiceAccount lists it, testing its resourceVersion',
    state: { serviceAccount: { metadata: { resourceVersion: '3' } }, secret: undefined, now: T0 },
    want: { token: 'create', serviceAccountPatch: [
      { op: 'test', path: '/metadata/resourceVersion', value: '3' },
      { op: 'add', path: '/imagePullSecrets', value: [{ name: PULL_SECRET_NAME }] },
    ] } },
  { name: 'a ServiceAccount with other pull Secrets gets ours appended, testing the list it had',
    state: { serviceAccount: { metadata: { resourceVersion: '3' }, imagePullSecrets: [{ name: 'other' }] }, secret: secret(T0, T0 + HOUR), now: T0 },
    want: { rotateAt: ROTATE, serviceAccountPatch: [
      { op: 'test', path: '/imagePullSecrets', value: [{ name: 'other' }] },
      { op: 'add', path: '/imagePullSecrets/-', value: { name: PULL_SECRET_NAME } },
    ] } },
  { name: 'a token before 80% of its life is kept, and the next visit is at that point', state: { serviceAccount: listed, secret: secret(T0, T0 + HOUR), now: ROTATE - 1 }, want: { rotateAt: ROTATE } },
  { name: 'a token at 80% of its life is replaced', state: { serviceAccount: listed, secret: secret(T0, T0 + HOUR), now: ROTATE }, want: { token: 'replace' } },
  { name: 'an expired token is replaced', state: { serviceAccount: listed, secret: secret(T0, T0 + HOUR), now: T0 + 2 * HOUR }, want: { token: 'replace' } },
  { name: 'a Secret without readable times is replaced', state: { serviceAccount: listed, secret: { type: 'kubernetes.io/dockerconfigjson', metadata: {} }, now: T0 }, want: { token: 'replace' } },
  { name: 'a Secret whose expiry is not after its issue is replaced', state: { serviceAccount: listed, secret: secret(T0, T0), now: T0 }, want: { token: 'replace' } },
  { name: 'a Secret of another type under our name is replaced', state: { serviceAccount: listed, secret: secret(T0, T0 + HOUR, 'Opaque'), now: T0 }, want: { token: 'replace' } },
];

describe('planPullSecret', () => {
  for (const c of cases) {
    it(c.name, () => {
      expect(planPullSecret(c.state)).to.deep.equal(c.want);
    });
  }

  it('rotates at 80% of whatever life the API server granted', () => {
    expect(rotationTime(T0, T0 + 10 * HOUR)).to.equal(T0 + 8 * HOUR);
  });
});

describe('pullSecretObject', () => {
  it('holds a docker config for the registry with the token as password, and the times that drive rotation', () => {
    const body = pullSecretObject('team', 'registry.example.com:5000', 'tok', { issued: new Date(T0).toISOString(), expires: new Date(T0 + HOUR).toISOString() }, '7') as {
      type: string; metadata: { name: string; namespace: string; resourceVersion: string; annotations: Record<string, string> }; data: Record<string, string>;
    };
    expect(body.type).to.equal('kubernetes.io/dockerconfigjson');
    expect(body.metadata).to.include({ name: PULL_SECRET_NAME, namespace: 'team', resourceVersion: '7' });
    const config = JSON.parse(Buffer.from(body.data['.dockerconfigjson'] ?? '', 'base64').toString('utf8')) as { auths: Record<string, { password: string; auth: string }> };
    expect(config.auths['registry.example.com:5000']?.password).to.equal('tok');
    expect(Buffer.from(config.auths['registry.example.com:5000']?.auth ?? '', 'base64').toString('utf8')).to.equal('serviceaccount:tok');
    expect(planPullSecret({ serviceAccount: listed, secret: body as PullSecretView, now: T0 })).to.deep.equal({ rotateAt: ROTATE });
  });
});

describe('pullersBinding', () => {
  it('binds the namespace\'s service accounts group to the puller ClusterRole in that namespace only', () => {
    expect(pullersBinding('team', 'rel-image-puller')).to.deep.include({
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'rel-image-puller' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'system:serviceaccounts:team' }],
    });
  });
});

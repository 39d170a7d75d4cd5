/**
 * The pull Secret controller against the fake API server, the clock moved by hand: it writes the Secret
 * from a TokenRequest, lists it in the `default` ServiceAccount with a guarded patch, keeps the pullers
 * RoleBinding, and rotates the token at 80% of its life.
 */
import { expect } from 'chai';
import { afterEach, beforeEach, describe, it } from 'mocha';
import { PullSecretController } from '../../src/controller/pull-secret-controller.js';
import { EXPIRES_ANNOTATION, PULL_SECRET_NAME, PULLERS_BINDING_NAME } from '../../src/integrated-registry/pull-secret.js';
import { createRestClient } from '../../src/kube/rest-client.js';
import { createLogger } from '../../src/log.js';
import { FakeApiServer } from '../support/fake-apiserver.js';
import { ManualClock } from '../support/manual-clock.js';

const REGISTRY = 'registry.example.com:5000';
const HOUR = 3_600_000;

describe('PullSecretController', () => {
  let api: FakeApiServer;
  let clock: ManualClock;
  let controller: PullSecretController;
  let issued = 0;

  beforeEach(async () => {
    api = new FakeApiServer();
    await api.start();
    clock = new ManualClock();
    issued = 0;
    api.intercept('POST', /^\/api\/v1\/namespaces\/[^/]+\/serviceaccounts\/default\/token$/, () => {
      issued += 1;
      return { code: 201, body: { kind: 'TokenRequest', status: { token: `token-${issued}`, expirationTimestamp: new Date(clock.now() + HOUR).toISOString() } } };
    });
    for (const name of ['team', 'empty']) api.store.put('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
    api.store.put('serviceaccounts', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: 'team' }, imagePullSecrets: [{ name: 'mine' }] } as never);
    controller = new PullSecretController({
      client: createRestClient(api.connection()), clock, logger: createLogger({ level: 'silent' }), registry: REGISTRY, pullerClusterRole: 'rel-image-puller',
    });
  });

  afterEach(async () => {
    await controller.stopLeading();
    await api.stop();
  });

  const stored = (resource: string, namespace: string, name: string): Record<string, unknown> | undefined =>
    api.store.get(resource, namespace, name) as Record<string, unknown> | undefined;
  const password = (): string => {
    const data = (stored('secrets', 'team', PULL_SECRET_NAME)?.['data'] as Record<string, string>)['.dockerconfigjson'] ?? '';
    return (JSON.parse(Buffer.from(data, 'base64').toString('utf8')) as { auths: Record<string, { password: string }> }).auths[REGISTRY]?.password ?? '';
  };

  it('writes the Secret from a TokenRequest, appends it to the ServiceAccount\'s pull Secrets and binds the pullers, and a second pass writes nothing', async () => {
    const due = await controller.visitAll();
    expect(password()).to.equal('token-1');
    expect(stored('serviceaccounts', 'team', 'default')?.['imagePullSecrets']).to.deep.equal([{ name: 'mine' }, { name: PULL_SECRET_NAME }]);
    expect(stored('rolebindings.rbac.authorization.k8s.io', 'team', PULLERS_BINDING_NAME)?.['subjects']).to.deep.equal([{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'system:serviceaccounts:team' }]);
    expect(stored('secrets', 'empty', PULL_SECRET_NAME), 'no default ServiceAccount, no Secret').to.equal(undefined);
    expect(due).to.equal(clock.now() + 0.8 * HOUR);
    const writes = api.requests.filter((line) => !line.startsWith('GET')).length;
    await controller.visitAll();
    expect(api.requests.filter((line) => !line.startsWith('GET')).length).to.equal(writes);
    expect(issued).to.equal(1);
  });

  it('replaces the token once 80% of its life has passed, not before', async () => {
    await controller.visitAll();
    clock.advance(0.8 * HOUR - 1);
    await controller.visitAll();
    expect(password()).to.equal('token-1');
    clock.advance(1);
    await controller.visitAll();
    expect(password()).to.equal('token-2');
    const annotations = (stored('secrets', 'team', PULL_SECRET_NAME)?.['metadata'] as { annotations: Record<string, string> }).annotations;
    expect(annotations[EXPIRES_ANNOTATION]).to.equal(new Date(clock.now() + HOUR).toISOString());
  });

  it('does not overwrite a ServiceAccount changed since it was read: the patch tests the list it read', async () => {
    api.intercept('PATCH', /serviceaccounts\/default$/, () => {
      api.store.put('serviceaccounts', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: 'team' }, imagePullSecrets: [{ name: 'mine' }, { name: 'new' }] } as never);
      return undefined;
    }, 1);
    await controller.visitAll();
    expect(stored('serviceaccounts', 'team', 'default')?.['imagePullSecrets']).to.deep.equal([{ name: 'mine' }, { name: 'new' }]);
    await controller.visitAll();
    expect(stored('serviceaccounts', 'team', 'default')?.['imagePullSecrets']).to.deep.equal([{ name: 'mine' }, { name: 'new' }, { name: PULL_SECRET_NAME }]);
  });
});

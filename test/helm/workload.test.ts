import { expect } from 'chai';
import { parse } from 'yaml';
import { FULLNAME, HELM_BUILD_TIMEOUT_MS, NAMESPACE, findAll, findHelm, findOne, lint, render } from './helm.js';
import type { ClusterRole, ConfigMap, Container, Deployment } from './objects.js';

/** The keys of the webhook's --config file (issue 2 contract); its loader rejects any other key. */
const CONFIG_KEYS = ['alwaysPullImages', 'internalRegistryHostname', 'optOutLabel', 'resolutionRules', 'resolveImages'];

function flagValue(container: Container, flag: string): string | undefined {
  const at = container.args.indexOf(flag);
  return at < 0 ? undefined : container.args[at + 1];
}

function onlyContainer(deployment: Deployment): Container {
  const [container] = deployment.spec.template.spec.containers;
  if (container === undefined) throw new Error('Deployment has no container');
  return container;
}

describe('helm chart: configuration, RBAC and Deployment', function () {
  let helm = '';
  before(function () {
    this.timeout(HELM_BUILD_TIMEOUT_MS);
    helm = findHelm();
  });

  for (const mode of ['helm', 'certManager']) {
    it(`passes helm lint --strict with tls.mode=${mode}`, async () => {
      expect(await lint(helm, { 'tls.mode': mode, alwaysPullImages: true })).to.match(/1 chart\(s\) linted, 0 chart\(s\) failed/);
    });
  }

  const configs: { name: string; values: Record<string, unknown>; want: Record<string, unknown> }[] = [
    {
      name: 'defaults omit resolutionRules (upstream default rules apply)',
      values: {},
      want: { resolveImages: 'Attempt', internalRegistryHostname: '', alwaysPullImages: false, optOutLabel: 'imagestream-webhook/exclude' },
    },
    {
      name: 'every value maps onto its config key',
      values: {
        'policy.resolveImages': 'RequiredRewrite',
        'policy.resolutionRules': [{ targetResource: { group: 'apps', resource: '*' }, localNames: true, policy: 'AttemptRewrite' }],
        internalRegistryHostname: 'image-registry.example.com:5000',
        alwaysPullImages: true,
        'webhook.optOutLabel': 'example.com/no-resolve',
      },
      want: {
        resolveImages: 'RequiredRewrite',
        resolutionRules: [{ targetResource: { group: 'apps', resource: '*' }, localNames: true, policy: 'AttemptRewrite' }],
        internalRegistryHostname: 'image-registry.example.com:5000',
        alwaysPullImages: true,
        optOutLabel: 'example.com/no-resolve',
      },
    },
    {
      name: 'an explicit empty rule list is kept (no rules, unlike null)',
      values: { 'policy.resolutionRules': [] },
      want: { resolveImages: 'Attempt', resolutionRules: [], internalRegistryHostname: '', alwaysPullImages: false, optOutLabel: 'imagestream-webhook/exclude' },
    },
  ];
  for (const c of configs) {
    it(`ConfigMap: ${c.name}`, async () => {
      const objects = await render(helm, { values: c.values });
      const file = findOne<ConfigMap>(objects, 'ConfigMap').data['config.yaml'];
      const parsed = parse(file ?? '') as Record<string, unknown>;
      expect(parsed).to.deep.equal(c.want);
      expect(CONFIG_KEYS).to.include.members(Object.keys(parsed));
    });
  }

  it('grants the webhook exactly: read image streams, create subjectaccessreviews', async () => {
    const objects = await render(helm);
    const own = findAll(objects, 'ClusterRole').find((r) => r.metadata.name === FULLNAME) as ClusterRole | undefined;
    expect(own?.rules).to.deep.equal([
      { apiGroups: ['image.openshift.io'], resources: ['imagestreams'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: ['authorization.k8s.io'], resources: ['subjectaccessreviews'], verbs: ['create'] },
    ]);
    expect([...findAll(objects, 'Role'), ...findAll(objects, 'RoleBinding')]).to.deep.equal([]);
    const binding = findOne(objects, 'ClusterRoleBinding') as unknown as { subjects: unknown[]; roleRef: { name: string } };
    const serviceAccount = findOne(objects, 'ServiceAccount');
    expect(binding.subjects).to.deep.equal([{ kind: 'ServiceAccount', name: serviceAccount.metadata.name, namespace: NAMESPACE }]);
    expect(binding.roleRef.name).to.equal(FULLNAME);
    expect(findOne<Deployment>(objects, 'Deployment').spec.template.spec.serviceAccountName).to.equal(serviceAccount.metadata.name);
  });

  it('aggregates stream access into view, edit and admin (never status) and ships an image-puller role', async () => {
    const roles = new Map(findAll(await render(helm), 'ClusterRole').map((r) => [r.metadata.name, r as ClusterRole]));
    const aggregation = (name: string) => Object.keys(roles.get(name)?.metadata.labels ?? {}).filter((l) => l.includes('aggregate-to-')).sort();
    expect(aggregation(`${FULLNAME}-view`)).to.deep.equal(['rbac.authorization.k8s.io/aggregate-to-view']);
    expect(aggregation(`${FULLNAME}-edit`)).to.deep.equal(['rbac.authorization.k8s.io/aggregate-to-admin', 'rbac.authorization.k8s.io/aggregate-to-edit']);
    expect(aggregation(`${FULLNAME}-image-puller`)).to.deep.equal([]);
    expect(roles.get(`${FULLNAME}-image-puller`)?.rules).to.deep.equal([{ apiGroups: ['image.openshift.io'], resources: ['imagestreams'], verbs: ['get'] }]);
    for (const role of roles.values()) {
      expect(role.rules.flatMap((r) => r.resources), role.metadata.name).to.not.include('imagestreams/status');
    }
    const without = await render(helm, { values: { 'rbac.userRoles': false } });
    expect(findAll(without, 'ClusterRole').map((r) => r.metadata.name)).to.deep.equal([FULLNAME]);
  });

  it('runs serve with the mounted config and certificate, probed over HTTPS', async () => {
    const objects = await render(helm);
    const deployment = findOne<Deployment>(objects, 'Deployment');
    const container = onlyContainer(deployment);
    const mount = (name: string) => container.volumeMounts.find((m) => m.name === name)?.mountPath;
    expect(container.args[0]).to.equal('serve');
    expect(flagValue(container, '--config')).to.equal(`${mount('config')}/config.yaml`);
    expect(flagValue(container, '--tls-cert')).to.equal(`${mount('tls')}/tls.crt`);
    expect(flagValue(container, '--tls-key')).to.equal(`${mount('tls')}/tls.key`);
    expect(flagValue(container, '--listen')).to.equal('0.0.0.0:8443');
    expect(flagValue(container, '--metrics-listen')).to.equal('0.0.0.0:8080');
    const volumes = deployment.spec.template.spec.volumes;
    expect(volumes.find((v) => v.name === 'config')?.configMap?.name).to.equal(findOne(objects, 'ConfigMap').metadata.name);
    expect(container.readinessProbe.httpGet).to.deep.equal({ path: '/readyz', port: 'https', scheme: 'HTTPS' });
    expect(container.livenessProbe.httpGet).to.deep.equal({ path: '/healthz', port: 'https', scheme: 'HTTPS' });
    expect(container.ports.find((p) => p.name === 'https')?.containerPort).to.equal(8443);
  });

  it('is hardened and highly available by default', async () => {
    const objects = await render(helm);
    const deployment = findOne<Deployment>(objects, 'Deployment');
    const container = onlyContainer(deployment);
    expect(deployment.spec.replicas).to.equal(2);
    expect(deployment.spec.template.spec.affinity.podAntiAffinity).to.be.an('object');
    expect(deployment.spec.template.spec.securityContext.runAsNonRoot).to.equal(true);
    expect(container.securityContext).to.deep.include({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true });
    expect(container.securityContext.capabilities.drop).to.deep.equal(['ALL']);
    expect(container.resources.requests).to.have.keys('cpu', 'memory');
    expect((findOne(objects, 'PodDisruptionBudget').spec as { minAvailable: number }).minAvailable).to.equal(1);
  });

  it('creates the namespace only when asked (plain manifests)', async () => {
    expect(findAll(await render(helm), 'Namespace')).to.deep.equal([]);
    const created = findOne(await render(helm, { values: { 'namespace.create': true } }), 'Namespace');
    expect(created.metadata.name).to.equal(NAMESPACE);
  });
});

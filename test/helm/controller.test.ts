/** The chart's import controller: objects, least-privilege RBAC, a config file the controller accepts, values schema. */
import { expect } from 'chai';
import { parseControllerConfig } from '../../src/config/controller-config.js';
import { FULLNAME, HELM_BUILD_TIMEOUT_MS, NAMESPACE, findHelm, lint, render, renderError, type KubeObject } from './helm.js';
import type { ClusterRole, ConfigMap, Deployment } from './objects.js';

const NAME = `${FULLNAME}-controller`;
const ON = { 'controller.enabled': true };
/** What image change triggers need: the four kinds read and patched, Events on them. */
const TRIGGER_RULES = [
  { apiGroups: ['apps'], resources: ['deployments', 'daemonsets', 'statefulsets'], verbs: ['get', 'list', 'watch', 'patch'] },
  { apiGroups: ['batch'], resources: ['cronjobs'], verbs: ['get', 'list', 'watch', 'patch'] },
];

function named<T>(objects: KubeObject[], kind: string, name = NAME): T {
  const found = objects.filter((o) => o.kind === kind && o.metadata.name === name);
  if (found.length !== 1) throw new Error(`expected one ${kind} ${name}, got ${found.length}`);
  return found[0] as T;
}

describe('helm chart: import controller', function () {
  let helm = '';
  before(function () {
    this.timeout(HELM_BUILD_TIMEOUT_MS);
    helm = findHelm();
  });

  it('passes helm lint --strict with the controller on', async () => {
    expect(await lint(helm, ON)).to.match(/1 chart\(s\) linted, 0 chart\(s\) failed/);
  });

  it('renders a 2-replica Deployment running `controller` with leader election and probes on the metrics port', async () => {
    const deployment = named<Deployment>(await render(helm, { values: ON }), 'Deployment');
    expect(deployment.metadata.namespace).to.equal(NAMESPACE);
    expect(deployment.spec.replicas).to.equal(2);
    expect(deployment.spec.template.spec.serviceAccountName).to.equal(NAME);
    const [container] = deployment.spec.template.spec.containers;
    expect(container?.args).to.deep.equal(['controller', '--config', '/etc/imagestream-webhook/controller/config.yaml', '--metrics-listen', '0.0.0.0:8080', '--leader-elect=true', '--log-level', 'info']);
    expect(container?.readinessProbe.httpGet).to.deep.include({ path: '/readyz', port: 'metrics' });
    expect(container?.livenessProbe.httpGet).to.deep.include({ path: '/healthz', port: 'metrics' });
    expect(container?.securityContext.readOnlyRootFilesystem).to.equal(true);
    const env = (container as unknown as { env: { name: string; value?: string }[] }).env;
    expect(env.find((variable) => variable.name === 'NODE_OPTIONS')?.value).to.equal('--max-old-space-size=128 --max-semi-space-size=4');
  });

  it('grants least privilege: streams read, status update, access reviews, Events, RBAC and secrets watched (retries), trigger workloads, its own Lease', async () => {
    const objects = await render(helm, { values: ON });
    expect(named<ClusterRole>(objects, 'ClusterRole').rules).to.deep.equal([
      { apiGroups: ['image.openshift.io'], resources: ['imagestreams'], verbs: ['get', 'list', 'watch', 'patch'] },
      { apiGroups: ['image.openshift.io'], resources: ['imagestreams/status'], verbs: ['update'] },
      { apiGroups: ['authorization.k8s.io'], resources: ['subjectaccessreviews'], verbs: ['create'] },
      { apiGroups: [''], resources: ['events'], verbs: ['create', 'patch'] },
      { apiGroups: ['rbac.authorization.k8s.io'], resources: ['rolebindings', 'clusterrolebindings', 'roles', 'clusterroles'], verbs: ['list', 'watch'] },
      { apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list', 'watch'] },
      ...TRIGGER_RULES,
    ]);
    expect(named<ClusterRole>(objects, 'Role').rules).to.deep.equal([
      { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['create'] },
      { apiGroups: ['coordination.k8s.io'], resources: ['leases'], resourceNames: [NAME], verbs: ['get', 'update'] },
    ]);
    expect(named<KubeObject>(objects, 'ServiceAccount').metadata.namespace).to.equal(NAMESPACE);
  });

  it('sizes V8 old space from controller.resources.limits.memory (half), and leaves it to Node without a limit', async () => {
    const nodeOptions = async (values: Record<string, unknown>): Promise<string | undefined> => {
      const [container] = named<Deployment>(await render(helm, { values }), 'Deployment').spec.template.spec.containers;
      return (container as unknown as { env: { name: string; value?: string }[] }).env.find((v) => v.name === 'NODE_OPTIONS')?.value;
    };
    expect(await nodeOptions({ 'controller.resources.limits.memory': '1Gi' })).to.equal('--max-old-space-size=512 --max-semi-space-size=4');
    expect(await nodeOptions({ 'controller.resources.limits': null })).to.equal(undefined);
  });

  it('drops the Secret rule when credentials are switched off', async () => {
    const objects = await render(helm, { values: { 'controller.registries.useCredentials': false } });
    expect(named<ClusterRole>(objects, 'ClusterRole').rules.map((rule) => rule.resources[0])).to.deep.equal(['imagestreams', 'imagestreams/status', 'subjectaccessreviews', 'events', 'rolebindings', 'deployments', 'cronjobs']);
  });

  it('with controller.triggers.enabled=false grants nothing on workloads and passes --triggers=false', async () => {
    const objects = await render(helm, { values: { 'controller.triggers.enabled': false } });
    const rules = named<ClusterRole>(objects, 'ClusterRole').rules;
    expect(rules.flatMap((rule) => rule.resources)).to.deep.equal(['imagestreams', 'imagestreams/status', 'subjectaccessreviews', 'events', 'rolebindings', 'clusterrolebindings', 'roles', 'clusterroles', 'secrets']);
    const [container] = named<Deployment>(objects, 'Deployment').spec.template.spec.containers;
    expect(container?.args).to.include('--triggers=false');
  });

  it('with triggers on (the default) leaves --triggers to its default of true', async () => {
    const [container] = named<Deployment>(await render(helm, { values: ON }), 'Deployment').spec.template.spec.containers;
    expect(container?.args.filter((arg) => arg.startsWith('--triggers'))).to.deep.equal([]);
  });

  it('refuses an unknown key under controller.triggers', async () => {
    expect(await renderError(helm, { values: { 'controller.triggers.enable': true } })).to.match(/additional properties|enable/i);
  });

  it('renders a config file the controller accepts, with every value mapped', async () => {
    const values = {
      'controller.historyLimit': 3,
      'controller.defaultImportMode': 'Legacy',
      'controller.registries': { blocked: ['quay.io'], caBundle: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----' },
      'controller.scheduledImport': { minimumIntervalSeconds: 60, maxPerMinute: 120 },
      internalRegistryHostname: 'registry.example.com:5000',
    };
    const config = named<ConfigMap>(await render(helm, { values }), 'ConfigMap');
    const parsed = parseControllerConfig(config.data['config.yaml'] ?? '', 'rendered');
    expect(parsed.import).to.deep.include({ historyLimit: 3, defaultImportMode: 'Legacy', internalRegistryHostname: 'registry.example.com:5000' });
    expect(parsed.import.blockedRegistries).to.deep.equal(['quay.io']);
    expect(parsed.scheduled).to.deep.equal({ minimumIntervalSeconds: 60, maxPerMinute: 120 });
    expect(parsed.registries.caBundleFile).to.equal('/etc/imagestream-webhook/controller/ca-bundle.pem');
    expect(config.data['ca-bundle.pem']).to.include('BEGIN CERTIFICATE');
    expect(parsed.leaderElection.leaseName).to.equal(NAME);
  });

  it('leaves the controller out entirely with controller.enabled=false (OpenShift imports itself)', async () => {
    const objects = await render(helm, { values: { 'controller.enabled': false } });
    expect(objects.filter((o) => o.metadata.name === NAME)).to.deep.equal([]);
  });

  const refused: { name: string; values: Record<string, unknown>; path: string; says: string }[] = [
    { name: 'a misspelt controller key', values: { 'controller.histroyLimit': 3 }, path: '/controller', says: "'histroyLimit' not allowed" },
    { name: 'an unknown import mode', values: { 'controller.defaultImportMode': 'All' }, path: '/controller/defaultImportMode', says: "'PreserveOriginal', 'Legacy'" },
    { name: 'a zero history', values: { 'controller.historyLimit': 0 }, path: '/controller/historyLimit', says: 'minimum' },
    { name: 'a zero scheduled rate', values: { 'controller.scheduledImport.maxPerMinute': 0 }, path: '/controller/scheduledImport/maxPerMinute', says: 'minimum' },
    { name: 'a registry hostname with a scheme', values: { 'controller.internalRegistryHostname': 'https://r' }, path: '/controller/internalRegistryHostname', says: 'does not match pattern' },
    { name: 'credentials as a string', values: { 'controller.registries.useCredentials': 'no' }, path: '/controller/registries/useCredentials', says: 'want boolean' },
  ];
  for (const c of refused) {
    it(`values.schema.json refuses ${c.name}`, async () => {
      const stderr = await renderError(helm, { values: c.values });
      expect(stderr).to.include(`at '${c.path}'`);
      expect(stderr).to.include(c.says);
    });
  }
});

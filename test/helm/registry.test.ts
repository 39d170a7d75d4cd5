/** The chart's integrated registry: objects, least-privilege RBAC, config wiring, and values off by default. */
import { expect } from 'chai';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { parse } from 'yaml';
import { parsePolicyConfig } from '../../src/config/policy-config.js';
import { parseControllerConfig } from '../../src/config/controller-config.js';
import { FULLNAME, HELM_BUILD_TIMEOUT_MS, NAMESPACE, findHelm, render, type KubeObject } from './helm.js';
import type { ClusterRole, ConfigMap, Deployment, Secret } from './objects.js';

const NAME = `${FULLNAME}-registry`;
const HOST = 'registry.example.com:5000';
const ON = { 'registry.enabled': true, 'registry.hostname': HOST, 'controller.enabled': true };

function named<T>(objects: KubeObject[], kind: string, name: string): T {
  const found = objects.filter((o) => o.kind === kind && o.metadata.name === name);
  if (found.length !== 1) throw new Error(`expected one ${kind} ${name}, got ${found.length}`);
  return found[0] as T;
}
const secretText = (secret: Secret, key: string): string => Buffer.from(secret.data?.[key] ?? '', 'base64').toString('utf8');
const rulesOf = (objects: KubeObject[], name: string): unknown[] => named<ClusterRole>(objects, 'ClusterRole', name).rules;

describe('helm chart: integrated registry', function () {
  let helm = '';
  let on: KubeObject[] = [];
  before(async function () {
    this.timeout(HELM_BUILD_TIMEOUT_MS);
    helm = findHelm();
    on = await render(helm, { values: ON });
  });

  it('renders nothing of the registry by default, and no registry hostname in either config', async () => {
    const objects = await render(helm, { values: { 'controller.enabled': true } });
    expect(objects.filter((o) => o.metadata.name.startsWith(NAME))).to.deep.equal([]);
    const webhook = parse(named<ConfigMap>(objects, 'ConfigMap', FULLNAME).data['config.yaml'] ?? '') as Record<string, unknown>;
    expect(webhook['internalRegistryHostname']).to.equal('');
    const controller = named<Deployment>(objects, 'Deployment', `${FULLNAME}-controller`);
    expect(controller.spec.template.spec.containers[0]?.args).to.not.include('--integrated-registry');
  });

  it('runs the registry and the companion in one pod, behind one Service with both ports', () => {
    const pod = named<Deployment>(on, 'Deployment', NAME).spec.template.spec;
    expect(pod.containers.map((c) => c.name)).to.deep.equal(['registry', 'companion']);
    expect(pod.containers[0]?.image).to.equal('registry:2.8.3');
    // registry:2 declares no user: without runAsUser the kubelet refuses it under runAsNonRoot.
    expect((pod as unknown as { securityContext: Record<string, unknown> }).securityContext).to.include({ runAsNonRoot: true, runAsUser: 1000, fsGroup: 1000 });
    const args = pod.containers[1]?.args ?? [];
    expect(args.slice(0, 1)).to.deep.equal(['registry']);
    expect(args[args.indexOf('--registry-hostname') + 1]).to.equal(HOST);
    expect(args[args.indexOf('--events-listen') + 1]).to.equal('127.0.0.1:5080');
    const service = named<{ spec: { ports: { name: string; port: number }[] } } & KubeObject>(on, 'Service', NAME);
    expect(service.spec.ports.map((p) => [p.name, p.port])).to.deep.equal([['registry', 5000], ['token', 5443]]);
  });

  it('configures token auth against the companion and notifications to its loopback with the bearer token and a 5 s timeout', () => {
    const secret = named<Secret>(on, 'Secret', NAME);
    const config = parse(secretText(secret, 'config.yml')) as {
      auth: { token: Record<string, string> }; notifications: { endpoints: { url: string; headers: Record<string, string[]>; timeout: string }[] };
    };
    expect(config.auth.token).to.deep.equal({
      realm: 'https://registry.example.com:5443/token', service: 'imagestream-registry', issuer: 'imagestream-webhook', rootcertbundle: '/etc/registry/token/token.crt',
    });
    const [endpoint] = config.notifications.endpoints;
    expect(endpoint?.url).to.equal('http://127.0.0.1:5080/events');
    expect(endpoint?.headers['Authorization']).to.deep.equal([`Bearer ${secretText(secret, 'events.token')}`]);
    expect(endpoint?.timeout).to.equal('5s');
  });

  it('generates an EC P-256 token key whose certificate is the rootcertbundle, and a serving certificate for the hostname', () => {
    const secret = named<Secret>(on, 'Secret', NAME);
    const key = createPrivateKey(secretText(secret, 'token.key'));
    expect(key.asymmetricKeyDetails?.namedCurve).to.equal('prime256v1');
    expect(new X509Certificate(secretText(secret, 'token.crt')).checkPrivateKey(key)).to.equal(true);
    const serving = new X509Certificate(secretText(secret, 'tls.crt'));
    expect(serving.checkHost('registry.example.com')).to.equal('registry.example.com');
    expect(serving.verify(new X509Certificate(secretText(secret, 'ca.crt')).publicKey)).to.equal(true);
  });

  it('uses an admin-provided TLS Secret instead of generating one', async () => {
    const objects = await render(helm, { values: { ...ON, 'registry.tlsSecretName': 'my-tls' } });
    const secret = named<Secret>(objects, 'Secret', NAME);
    expect(secret.data).to.not.have.property('tls.crt');
    const volumes = (named<Deployment>(objects, 'Deployment', NAME).spec.template.spec as unknown as { volumes: { name: string; secret?: { secretName: string } }[] }).volumes;
    expect(volumes.find((v) => v.name === 'tls')?.secret?.secretName).to.equal('my-tls');
  });

  it('wires the registry hostname into the webhook\'s and the controller\'s configuration, both accepted by their loaders', () => {
    const webhookText = named<ConfigMap>(on, 'ConfigMap', FULLNAME).data['config.yaml'] ?? '';
    expect(parsePolicyConfig(webhookText, 'config.yaml').internalRegistryHostname).to.equal(HOST);
    const controllerText = named<ConfigMap>(on, 'ConfigMap', `${FULLNAME}-controller`).data['config.yaml'] ?? '';
    expect(parseControllerConfig(controllerText, 'config.yaml').import.internalRegistryHostname).to.equal(HOST);
    const args = named<Deployment>(on, 'Deployment', `${FULLNAME}-controller`).spec.template.spec.containers[0]?.args ?? [];
    expect(args.slice(args.indexOf('--integrated-registry'), args.indexOf('--integrated-registry') + 4))
      .to.deep.equal(['--integrated-registry', HOST, '--image-puller-role', `${FULLNAME}-image-puller`]);
  });

  it('grants the companion only reviews, stream get/create and status update', () => {
    expect(rulesOf(on, NAME)).to.deep.equal([
      { apiGroups: ['authentication.k8s.io'], resources: ['tokenreviews'], verbs: ['create'] },
      { apiGroups: ['authorization.k8s.io'], resources: ['subjectaccessreviews'], verbs: ['create'] },
      { apiGroups: ['image.openshift.io'], resources: ['imagestreams'], verbs: ['get', 'create'] },
      { apiGroups: ['image.openshift.io'], resources: ['imagestreams/status'], verbs: ['update'] },
    ]);
  });

  it('aggregates pull into view and push into edit and admin, and adds the image-puller, image-pusher and image-builder roles', () => {
    const view = named<ClusterRole>(on, 'ClusterRole', `${NAME}-view`);
    expect(view.metadata.labels).to.include({ 'rbac.authorization.k8s.io/aggregate-to-view': 'true' });
    expect(view.rules).to.deep.equal([{ apiGroups: ['image.openshift.io'], resources: ['imagestreams/layers'], verbs: ['get'] }]);
    const edit = named<ClusterRole>(on, 'ClusterRole', `${NAME}-edit`);
    expect(edit.metadata.labels).to.include({ 'rbac.authorization.k8s.io/aggregate-to-edit': 'true', 'rbac.authorization.k8s.io/aggregate-to-admin': 'true' });
    expect(edit.rules).to.deep.equal([{ apiGroups: ['image.openshift.io'], resources: ['imagestreams/layers'], verbs: ['get', 'update'] }]);
    expect(rulesOf(on, `${FULLNAME}-image-puller`)).to.deep.include({ apiGroups: ['image.openshift.io'], resources: ['imagestreams/layers'], verbs: ['get'] });
    expect(rulesOf(on, `${FULLNAME}-image-pusher`)).to.deep.equal([{ apiGroups: ['image.openshift.io'], resources: ['imagestreams/layers'], verbs: ['get', 'update'] }]);
    expect(rulesOf(on, `${FULLNAME}-image-builder`)).to.deep.include({ apiGroups: ['image.openshift.io'], resources: ['imagestreams'], verbs: ['create'] });
  });

  it('lets the controller keep pull Secrets and bind only the image-puller role', () => {
    const rules = rulesOf(on, `${FULLNAME}-controller`);
    expect(rules).to.deep.include({ apiGroups: [''], resources: ['serviceaccounts/token'], verbs: ['create'] });
    expect(rules).to.deep.include({ apiGroups: [''], resources: ['serviceaccounts'], verbs: ['get', 'patch'] });
    expect(rules).to.deep.include({ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'create', 'update'] });
    expect(rules).to.deep.include({ apiGroups: ['rbac.authorization.k8s.io'], resources: ['rolebindings'], verbs: ['get', 'create'] });
    expect(rules).to.deep.include({ apiGroups: ['rbac.authorization.k8s.io'], resources: ['clusterroles'], verbs: ['bind'], resourceNames: [`${FULLNAME}-image-puller`] });
  });

  it('uses a PersistentVolumeClaim when persistence is on, else an emptyDir', async () => {
    const volumesOf = (objects: KubeObject[]): { name: string; persistentVolumeClaim?: { claimName: string }; emptyDir?: object }[] =>
      (named<Deployment>(objects, 'Deployment', NAME).spec.template.spec as unknown as { volumes: { name: string }[] }).volumes;
    expect(volumesOf(on).find((v) => v.name === 'storage')).to.deep.equal({ name: 'storage', emptyDir: {} });
    const persisted = await render(helm, { values: { ...ON, 'registry.persistence.enabled': true } });
    expect(named<KubeObject>(persisted, 'PersistentVolumeClaim', NAME).metadata.namespace).to.equal(NAMESPACE);
    expect(volumesOf(persisted).find((v) => v.name === 'storage')?.persistentVolumeClaim).to.deep.equal({ claimName: NAME });
  });
});

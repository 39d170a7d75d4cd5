import { expect } from 'chai';
import { FULLNAME, HELM_BUILD_TIMEOUT_MS, NAMESPACE, findAll, findHelm, findOne, render } from './helm.js';
import { onlyWebhook, stampWebhooks, type Webhook, type WebhookConfiguration } from './objects.js';

const MUTATING = 'MutatingWebhookConfiguration';
const VALIDATING = 'ValidatingWebhookConfiguration';

/** "group/resource" for every resource and operation set a webhook is registered for. */
function covered(webhook: Webhook): string[] {
  return webhook.rules
    .flatMap((r) => r.apiGroups.flatMap((g) => r.resources.map((res) => `${g}/${res} ${r.operations.join(',')}`)))
    .sort();
}

const WORKLOADS = [
  '/pods CREATE,UPDATE',
  '/replicationcontrollers CREATE,UPDATE',
  'apps/daemonsets CREATE,UPDATE',
  'apps/deployments CREATE,UPDATE',
  'apps/replicasets CREATE,UPDATE',
  'apps/statefulsets CREATE,UPDATE',
  'batch/cronjobs CREATE,UPDATE',
  'batch/jobs CREATE,UPDATE',
];

describe('helm chart: webhook registration (D12)', function () {
  let helm = '';
  before(function () {
    this.timeout(HELM_BUILD_TIMEOUT_MS);
    helm = findHelm();
  });

  const failurePolicies: { name: string; values: Record<string, unknown>; mutating: string; validating?: string }[] = [
    { name: 'Attempt fails open, no validating webhook', values: { 'policy.resolveImages': 'Attempt' }, mutating: 'Ignore' },
    { name: 'AttemptRewrite fails open', values: { 'policy.resolveImages': 'AttemptRewrite' }, mutating: 'Ignore' },
    { name: 'DoNotAttempt fails open', values: { 'policy.resolveImages': 'DoNotAttempt' }, mutating: 'Ignore' },
    { name: 'Required fails closed, with a validating webhook', values: { 'policy.resolveImages': 'Required' }, mutating: 'Fail', validating: 'Fail' },
    { name: 'RequiredRewrite fails closed', values: { 'policy.resolveImages': 'RequiredRewrite' }, mutating: 'Fail', validating: 'Fail' },
    { name: 'alwaysPullImages adds an enforcing validating webhook', values: { alwaysPullImages: true }, mutating: 'Ignore', validating: 'Fail' },
    {
      name: 'webhook.failurePolicy overrides a Required mode',
      values: { 'policy.resolveImages': 'Required', 'webhook.failurePolicy': 'Ignore' },
      mutating: 'Ignore',
      validating: 'Fail',
    },
    { name: 'webhook.failurePolicy overrides an Attempt mode', values: { 'webhook.failurePolicy': 'Fail' }, mutating: 'Fail' },
    {
      name: 'webhook.validating.failurePolicy relaxes enforcement',
      values: { alwaysPullImages: true, 'webhook.validating.failurePolicy': 'Ignore' },
      mutating: 'Ignore',
      validating: 'Ignore',
    },
  ];
  for (const c of failurePolicies) {
    it(c.name, async () => {
      const objects = await render(helm, { values: c.values });
      expect(onlyWebhook(findOne<WebhookConfiguration>(objects, MUTATING)).failurePolicy).to.equal(c.mutating);
      const validating = findAll(objects, VALIDATING) as WebhookConfiguration[];
      expect(validating.map((v) => onlyWebhook(v).failurePolicy)).to.deep.equal(c.validating ? [c.validating] : []);
    });
  }

  it('registers both webhooks the way D12 says', async () => {
    const objects = await render(helm, { values: { 'policy.resolveImages': 'Required' } });
    for (const kind of [MUTATING, VALIDATING]) {
      const webhook = onlyWebhook(findOne<WebhookConfiguration>(objects, kind));
      expect(webhook.sideEffects, kind).to.equal('None');
      expect(webhook.timeoutSeconds, kind).to.equal(10);
      expect(webhook.admissionReviewVersions, kind).to.deep.equal(['v1', 'v1beta1']);
      expect(webhook.matchPolicy, kind).to.equal('Equivalent');
      expect(covered(webhook), kind).to.deep.equal(WORKLOADS);
      expect(webhook.clientConfig.service, kind).to.deep.equal({
        name: FULLNAME,
        namespace: NAMESPACE,
        path: kind === MUTATING ? '/mutate' : '/validate',
        port: 443,
      });
    }
    expect(onlyWebhook(findOne<WebhookConfiguration>(objects, MUTATING)).reinvocationPolicy).to.equal('IfNeeded');
  });

  it('registers ImageStream stamping with the controller: fails open, same namespaces, no objectSelector', async () => {
    const values = { 'controller.enabled': true, 'webhook.excludeNamespaces': ['monitoring'], 'policy.resolveImages': 'Required' };
    const objects = await render(helm, { values });
    const mutating = findOne<WebhookConfiguration>(objects, MUTATING);
    const [stamp, ...rest] = stampWebhooks(mutating);
    expect(rest).to.deep.equal([]);
    if (stamp === undefined) throw new Error('no stamping webhook');
    expect(stamp.name).to.equal(`imagestreams.${FULLNAME}.${NAMESPACE}.svc`);
    expect(covered(stamp)).to.deep.equal(['image.openshift.io/imagestreams CREATE,UPDATE']);
    expect(stamp.failurePolicy).to.equal('Ignore');
    expect(stamp.sideEffects).to.equal('None');
    expect(stamp.objectSelector).to.equal(undefined);
    expect(stamp.clientConfig.service).to.deep.equal({ name: FULLNAME, namespace: NAMESPACE, path: '/imagestreams', port: 443 });
    expect(stamp.clientConfig.caBundle).to.equal(onlyWebhook(mutating).clientConfig.caBundle);
    expect(stamp.namespaceSelector).to.deep.equal(onlyWebhook(mutating).namespaceSelector);
    expect(findAll(objects, VALIDATING).flatMap((v) => stampWebhooks(v as WebhookConfiguration))).to.deep.equal([]);
  });

  for (const [name, values] of [
    ['controller.enabled: false', { 'controller.enabled': false }],
    ['controller.stampTagGenerations: false', { 'controller.stampTagGenerations': false }],
  ] as const) {
    it(`registers no ImageStream stamping with ${name}`, async () => {
      const objects = await render(helm, { values });
      expect(stampWebhooks(findOne<WebhookConfiguration>(objects, MUTATING))).to.deep.equal([]);
    });
  }

  it('sends ImageStream stamping to webhook.url + /imagestreams in URL mode', async () => {
    const objects = await render(helm, { values: { 'controller.enabled': true, 'webhook.url': 'https://127.0.0.1:9443' } });
    const urls = stampWebhooks(findOne<WebhookConfiguration>(objects, MUTATING)).map((w) => w.clientConfig.url);
    expect(urls).to.deep.equal(['https://127.0.0.1:9443/imagestreams']);
  });

  it('registers only pods for validation when AlwaysPullImages is the only reason', async () => {
    const objects = await render(helm, { values: { alwaysPullImages: true } });
    expect(covered(onlyWebhook(findOne<WebhookConfiguration>(objects, VALIDATING)))).to.deep.equal(['/pods CREATE,UPDATE']);
  });

  it('adds DeploymentConfigs only where the cluster serves apps.openshift.io/v1', async () => {
    const openshift = await render(helm, { apiVersions: ['apps.openshift.io/v1'], values: { 'policy.resolveImages': 'Required' } });
    for (const kind of [MUTATING, VALIDATING]) {
      const webhook = onlyWebhook(findOne<WebhookConfiguration>(openshift, kind));
      expect(covered(webhook), kind).to.deep.equal([...WORKLOADS, 'apps.openshift.io/deploymentconfigs CREATE,UPDATE'].sort());
    }
  });

  it('never sends kube-system or its own namespace, plus excludeNamespaces and namespaceLabels', async () => {
    const values = { 'webhook.excludeNamespaces': ['monitoring'], 'webhook.namespaceLabels': { team: 'apps' }, alwaysPullImages: true };
    const objects = await render(helm, { values });
    for (const kind of [MUTATING, VALIDATING]) {
      expect(onlyWebhook(findOne<WebhookConfiguration>(objects, kind)).namespaceSelector, kind).to.deep.equal({
        matchLabels: { team: 'apps' },
        matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['kube-system', NAMESPACE, 'monitoring'] }],
      });
    }
  });

  it('skips objects carrying the opt-out label, and tells the webhook the label', async () => {
    const objects = await render(helm, { values: { 'webhook.optOutLabel': 'example.com/no-resolve', 'policy.resolveImages': 'Required' } });
    expect(onlyWebhook(findOne<WebhookConfiguration>(objects, MUTATING)).objectSelector).to.deep.equal({
      matchExpressions: [{ key: 'example.com/no-resolve', operator: 'NotIn', values: ['true'] }],
    });
    expect(onlyWebhook(findOne<WebhookConfiguration>(objects, VALIDATING)).objectSelector, 'validating').to.equal(undefined);
    const config = (findOne(objects, 'ConfigMap').data as Record<string, string>)['config.yaml'] ?? '';
    expect(config).to.include('optOutLabel: example.com/no-resolve');
  });

  it('D17: with alwaysPullImages no webhook has an objectSelector, so the label cannot switch enforcement off', async () => {
    const objects = await render(helm, { values: { alwaysPullImages: true } });
    for (const kind of [MUTATING, VALIDATING]) {
      expect(onlyWebhook(findOne<WebhookConfiguration>(objects, kind)).objectSelector, kind).to.equal(undefined);
    }
  });

  it('calls webhook.url directly in URL mode, still with a caBundle, and runs with 0 replicas', async () => {
    const values = { 'webhook.url': 'https://127.0.0.1:9443', 'policy.resolveImages': 'Required', replicaCount: 0 };
    const objects = await render(helm, { values });
    for (const [kind, path] of [[MUTATING, '/mutate'], [VALIDATING, '/validate']] as const) {
      const { clientConfig } = onlyWebhook(findOne<WebhookConfiguration>(objects, kind));
      expect(clientConfig.url, kind).to.equal(`https://127.0.0.1:9443${path}`);
      expect(clientConfig.service, kind).to.equal(undefined);
      expect(clientConfig.caBundle, kind).to.be.a('string').and.not.equal('');
    }
    expect((findOne(objects, 'Deployment').spec as { replicas: number }).replicas).to.equal(0);
    expect(findAll(objects, 'PodDisruptionBudget')).to.deep.equal([]);
  });

  it('uses service.port for the Service and for clientConfig.service.port', async () => {
    const objects = await render(helm, { values: { 'service.port': 9443 } });
    expect(onlyWebhook(findOne<WebhookConfiguration>(objects, MUTATING)).clientConfig.service?.port).to.equal(9443);
    const ports = (findOne(objects, 'Service').spec as { ports: { name: string; port: number }[] }).ports;
    expect(ports.find((p) => p.name === 'https')?.port).to.equal(9443);
  });
});

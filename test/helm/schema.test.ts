import { expect } from 'chai';
import { parse } from 'yaml';
import { HELM_BUILD_TIMEOUT_MS, findHelm, findOne, render, renderError, type KubeObject } from './helm.js';

interface ConfigMap extends KubeObject {
  data: Record<string, string>;
}

describe('helm chart: values.schema.json rejects bad values, naming the key', function () {
  let helm = '';
  before(function () {
    this.timeout(HELM_BUILD_TIMEOUT_MS);
    helm = findHelm();
  });

  const cases: { name: string; values: Record<string, unknown>; path: string; says: string }[] = [
    { name: 'an unknown resolve mode', values: { 'policy.resolveImages': 'Requird' }, path: '/policy/resolveImages', says: "'Attempt', 'AttemptRewrite', 'Required', 'RequiredRewrite', 'DoNotAttempt'" },
    { name: 'a misspelt top-level key', values: { polcy: { resolveImages: 'Required' } }, path: '', says: "additional properties 'polcy' not allowed" },
    { name: 'a misspelt nested key', values: { 'webhook.failurPolicy': 'Fail' }, path: '/webhook', says: "'failurPolicy' not allowed" },
    { name: 'a rule without a targetResource', values: { 'policy.resolutionRules': [{ policy: 'Attempt' }] }, path: '/policy/resolutionRules/0', says: "missing property 'targetResource'" },
    { name: 'a rule with an empty resource', values: { 'policy.resolutionRules': [{ targetResource: { group: '', resource: '' }, policy: 'Attempt' }] }, path: '/policy/resolutionRules/0/targetResource/resource', says: 'minLength' },
    { name: 'a registry hostname with a scheme', values: { internalRegistryHostname: 'https://registry:5000' }, path: '/internalRegistryHostname', says: 'does not match pattern' },
    { name: 'alwaysPullImages as a string', values: { alwaysPullImages: 'yes' }, path: '/alwaysPullImages', says: 'want boolean' },
    { name: 'a plain-HTTP webhook URL', values: { 'webhook.url': 'http://127.0.0.1:9443' }, path: '/webhook/url', says: 'does not match pattern' },
    { name: 'a webhook URL with a path', values: { 'webhook.url': 'https://127.0.0.1:9443/mutate' }, path: '/webhook/url', says: 'does not match pattern' },
    { name: 'a timeout above the API server maximum', values: { 'webhook.timeoutSeconds': 31 }, path: '/webhook/timeoutSeconds', says: 'maximum' },
    { name: 'an unknown failure policy', values: { 'webhook.failurePolicy': 'Never' }, path: '/webhook/failurePolicy', says: "'Ignore', 'Fail'" },
    { name: 'an unknown TLS mode', values: { 'tls.mode': 'selfSigned' }, path: '/tls/mode', says: "'helm', 'certManager', 'secret'" },
    { name: 'secret mode without a secret name', values: { 'tls.mode': 'secret', 'tls.secret.caBundle': 'Zm9v' }, path: '/tls/secret/name', says: 'minLength' },
    { name: 'secret mode without a caBundle', values: { 'tls.mode': 'secret', 'tls.secret.name': 'tls' }, path: '/tls/secret/caBundle', says: 'minLength' },
    { name: 'crds.install as a word', values: { 'crds.install': 'yes' }, path: '/crds/install', says: "'auto', true, false" },
    { name: 'negative replicas', values: { replicaCount: -1 }, path: '/replicaCount', says: 'minimum' },
    { name: 'a malformed image digest', values: { 'image.digest': 'sha256:abc' }, path: '/image/digest', says: 'does not match pattern' },
    { name: 'an unknown webhook log level', values: { 'server.logLevel': 'verbose' }, path: '/server/logLevel', says: "'debug', 'info', 'warn', 'error', 'silent'" },
    { name: 'an unknown controller log level', values: { 'controller.logLevel': 'trace' }, path: '/controller/logLevel', says: "'debug', 'info', 'warn', 'error', 'silent'" },
    { name: 'an excluded namespace that is not a name', values: { 'webhook.excludeNamespaces': ['Kube System'] }, path: '/webhook/excludeNamespaces/0', says: 'does not match pattern' },
  ];
  for (const c of cases) {
    it(`refuses ${c.name}`, async () => {
      const stderr = await renderError(helm, { values: c.values });
      expect(stderr).to.include("values don't meet the specifications of the schema");
      expect(stderr).to.include(`at '${c.path}'`);
      expect(stderr).to.include(c.says);
    });
  }

  it('accepts a rule without policy (it takes policy.resolveImages, as docs/behaviour.md says) and renders it without one', async () => {
    const objects = await render(helm, { values: { 'policy.resolutionRules': [{ targetResource: { group: 'apps', resource: '*' }, localNames: true }] } });
    const config = parse((findOne<ConfigMap>(objects, 'ConfigMap').data['config.yaml']) ?? '') as { resolutionRules: unknown[] };
    expect(config.resolutionRules).to.deep.equal([{ targetResource: { group: 'apps', resource: '*' }, localNames: true }]);
  });

  it('accepts webhook.url with a trailing slash and trims it', async () => {
    const objects = await render(helm, { values: { 'webhook.url': 'https://127.0.0.1:9443/', replicaCount: 0 } });
    const hook = findOne<{ webhooks: { clientConfig: { url?: string } }[] } & KubeObject>(objects, 'MutatingWebhookConfiguration');
    expect(hook.webhooks[0]?.clientConfig.url).to.equal('https://127.0.0.1:9443/mutate');
  });
});
